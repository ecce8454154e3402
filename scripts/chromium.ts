// The one place that finds Debian's Chromium and says how to launch it headless here: the browser tests
// (web-test-runner), the framework/package tests and the benchmark all start it the same way.
import { existsSync } from 'node:fs';

/** CHROMIUM_PATH, else the Debian package's binary; a clear error when neither is there. */
export function chromiumPath(): string {
  const found = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  if (!found) throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');
  return found;
}

/** Root in a container, no GPU, no background traffic or updates: what this machine needs. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
