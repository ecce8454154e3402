// Browser tests: real Debian Chromium, TypeScript compiled by esbuild, and the project's own local
// Genesys Cloud started in this process on a free port so every test talks to a real server over real sockets.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { register } from 'tsx/esm/api';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { defaultReporter, summaryReporter } from '@web/test-runner';

register();
const { startServer } = await import('./server/app.ts');

const chromiumPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!chromiumPath) throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');

// Fast timings so tests do not wait on human-scale delays; each test still sees the real protocol.
const server = await startServer({
  port: 0,
  quiet: true,
  // A known JWT secret lets the restore tests forge an expired guest token.
  config: { heartbeatMs: 1000, routingDelayMs: 150, agentTypingMs: 150, jwtSecret: 'browser-tests-only' },
});
process.on('exit', () => void server.close());

// `executeServerCommand('gc-attributes', { args })`: a browser test runs the built gc-attributes command
// (plain node) against this server, with no GENESYSCLOUD_* variables and no .env, and gets
// { code, stdout, stderr } back.
const gcAttributesCli = fileURLToPath(new URL('./dist/attributes/cli.js', import.meta.url));
const gcAttributesCwd = mkdtempSync(join(tmpdir(), 'gc-attributes-wtr-'));
const gcAttributesCommand = {
  name: 'gc-attributes-command',
  executeCommand({ command, payload }) {
    if (command !== 'gc-attributes') return undefined;
    if (!existsSync(gcAttributesCli)) throw new Error(`${gcAttributesCli} is missing: run npm run build first`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GENESYSCLOUD_')));
    const args = [gcAttributesCli, ...payload.args, '--base-url', server.url];
    return new Promise((resolve) => {
      execFile(process.execPath, args, { env, cwd: gcAttributesCwd, encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  },
};

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 10 * 60_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }), gcAttributesCommand],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-quic',
          '--disable-sync',
        ],
      },
    }),
  ],
  // nanostores reads process.env.NODE_ENV; the server URL tells tests where the local Genesys Cloud listens.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>gc-webchat tests</title></head>
  <body>
    <script>
      window.process = { env: { NODE_ENV: 'development' } };
      window.GC_SERVER_URL = ${JSON.stringify(server.url)};
      window.GC_JWT_SECRET = 'browser-tests-only';
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter(process.env.GC_TEST_COUNTS)],
};
