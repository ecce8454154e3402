// Shared by the Node tests that drive real Chromium with puppeteer-core: the framework embeds, the theme
// gallery and the packed tarball. Each page talks to the project's local Genesys Cloud over real sockets.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../server/app.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.ts';

export const DEPLOYMENT_KEY = '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e';
export const ORG_GUID = '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c';
export const REPO_ROOT = new URL('../..', import.meta.url).pathname;
const WAIT_MS = 20_000;

/** The local Genesys Cloud with quick routing, serving demo/ and dist/ of `staticRoot` (default: this repo). */
export function startLocalCloud(staticRoot?: string): Promise<RunningServer> {
  return startServer({
    port: 0,
    quiet: true,
    staticRoot,
    config: { heartbeatMs: 1000, routingDelayMs: 150, agentTypingMs: 150, rateLimit: { requests: 10_000, windowSeconds: 60 }, createRateLimit: { requests: 10_000, windowSeconds: 60 } },
  });
}

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  page: Page;
  /** Uncaught exceptions and console errors seen so far. */
  errors: string[];
}

export async function openPage(browser: Browser, url: string): Promise<OpenedPage> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.setViewport({ width: 1280, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
  return { page, errors };
}

// Page-side code is kept as source text: tsx's keepNames would wrap inner functions in a __name() helper that
// does not exist in the page.
const DEEP_TEXT = `(selector) => {
  const collect = (node) => {
    let out = node.nodeType === Node.TEXT_NODE ? node.textContent : '';
    if (node instanceof Element && node.shadowRoot) out += collect(node.shadowRoot);
    for (const child of node.childNodes) out += collect(child);
    return out;
  };
  const element = document.querySelector(selector);
  return element ? collect(element) : '';
}`;

/** The text of `host` and of everything in its shadow roots, at any depth. */
export function deepText(page: Page, host: string): Promise<string> {
  return page.evaluate(`(${DEEP_TEXT})(${JSON.stringify(host)})`) as Promise<string>;
}

/** Waits until the text of `host` and everything in its shadow roots (at any depth) contains `needle`. */
export async function waitForDeepText(page: Page, host: string, needle: string): Promise<void> {
  try {
    await page.waitForFunction(`(${DEEP_TEXT})(${JSON.stringify(host)}).includes(${JSON.stringify(needle)})`, { timeout: WAIT_MS });
  } catch (error) {
    const seen = await deepText(page, host).catch(() => '(unreadable)');
    throw new Error(`"${needle}" never appeared in ${host}; it shows: ${seen.replace(/\s+/g, ' ').slice(0, 400)}`, { cause: error });
  }
}

/** Text of the first element matching a puppeteer selector (`>>>` pierces shadow roots). */
export async function textOf(page: Page, selector: string): Promise<string> {
  const handle = await page.waitForSelector(selector);
  return (await handle!.evaluate((element) => element.textContent ?? '')).trim();
}

/**
 * Starts a chat the way a visitor does in the open widget `host`: fill the default form, submit, wait for the
 * scripted agent's greeting, ask a question in the composer and wait for the agent's answer.
 */
export async function chatThroughWidget(page: Page, host = 'gc-webchat', firstName = 'Ada'): Promise<void> {
  await page.locator(`${host} >>> input[name="firstname"]`).fill(firstName);
  await page.locator(`${host} >>> input[name="lastname"]`).fill('Lovelace');
  await page.locator(`${host} >>> [part~="submit"]`).click();
  await waitForDeepText(page, host, `Hi ${firstName}, I'm Sam`);
  await page.locator(`${host} >>> gc-composer >>> textarea`).fill('Can I pay my bill monthly?');
  await page.keyboard.press('Enter');
  await waitForDeepText(page, host, 'Good question: "Can I pay my bill monthly?"');
}
