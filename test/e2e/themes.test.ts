// The theming gallery (demo/themes.html): three widgets themed only with --gc-* properties and ::part(),
// each checked in Chromium for the theme really applying and with axe (contrast included) on the form and
// on a live chat.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import type { RunningServer } from '../../server/app.ts';
import { chatThroughWidget, launchChromium, openPage, startLocalCloud } from './browser.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: RunningServer;
let browser: Browser;
let page: Page;
let errors: string[];

before(async () => {
  server = await startLocalCloud();
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${server.url}/demo/themes.html`));
  await page.addScriptTag({ path: AXE_PATH });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** axe's WCAG A/AA violations inside one widget (axe follows its shadow roots). */
async function axeViolations(host: string): Promise<string[]> {
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (context: Element, options: object) => Promise<{ violations: { id: string; nodes: { target: unknown; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document.querySelector(selector)!, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`));
  }, host);
}

/** Computed style of one part inside a widget. */
function partStyle(host: string, part: string, property: string): Promise<string> {
  return page.$eval(`${host} >>> [part~="${part}"]`, (element, name) => getComputedStyle(element).getPropertyValue(name), property);
}

describe('theming gallery', () => {
  test('each theme changes the widget only through --gc-* properties and ::part()', async () => {
    for (const id of ['default', 'dark', 'brand']) await page.waitForSelector(`#${id} gc-webchat >>> [part~="window"]`);
    assert.equal(await partStyle('#default gc-webchat', 'header', 'background-color'), 'rgb(43, 79, 216)', 'the default primary');
    assert.equal(await partStyle('#dark gc-webchat', 'window', 'background-color'), 'rgb(22, 24, 29)', 'dark surface');
    assert.equal(await partStyle('#dark gc-webchat', 'header', 'background-color'), 'rgb(138, 180, 255)', 'dark primary');
    assert.match(await partStyle('#brand gc-webchat', 'header', 'background-image'), /linear-gradient/, 'brand ::part(header)');
    assert.match(await partStyle('#brand gc-webchat', 'window', 'font-family'), /Georgia/, 'brand font');
    assert.equal(await partStyle('#brand gc-webchat', 'submit', 'text-transform'), 'uppercase', 'brand ::part(submit) reaches into the form');
  });

  test('stays where the reader is as it loads: no scroll, no focus taken by the open widgets', async () => {
    for (const id of ['default', 'dark', 'brand']) await page.waitForSelector(`#${id} gc-webchat >>> [part~="window"]`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await page.evaluate('window.scrollY'), 0, 'the page did not scroll to a widget');
    assert.equal(await page.evaluate('document.activeElement === document.body'), true, 'focus stayed on the page');
  });

  for (const id of ['default', 'dark', 'brand']) {
    test(`${id} theme: axe finds no WCAG AA violation on the form nor in a live chat`, async () => {
      const host = `#${id} gc-webchat`;
      assert.deepEqual(await axeViolations(host), [], 'form');
      await chatThroughWidget(page, host, `Theme ${id}`.replace(/\s/g, ''));
      assert.deepEqual(await axeViolations(host), [], 'chat with agent and visitor messages');
    });
  }

  test('the gallery page logs no errors', () => {
    assert.deepEqual(errors, []);
  });
});
