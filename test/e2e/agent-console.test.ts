// The agent console as a person uses it: the customer's details read as labels an agent knows, each once,
// custom fields under their own labels, links that open; ending asks first; a new waiting chat shows in the
// tab title.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import type { RunningServer } from '../../server/app.ts';
import { createControl } from '../../server/control-client.ts';
import { launchChromium, openPage, startLocalCloud } from './browser.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startLocalCloud();
  browser = await launchChromium();
  ({ page } = await openPage(browser, `${server.url}/agent/`));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('the agent console', () => {
  test('shows the customer with human labels, each once, custom fields by their labels and safe links', async () => {
    const control = createControl(server.url);
    const chat = await control.startMessaging({
      name: 'Ada Lovelace',
      queue: 'Manual',
      customAttributes: {
        firstName: 'Ada',
        firstname: 'Ada',
        customerId: '59606',
        customField1Label: 'Plan',
        customField1: 'Green Flex',
        _genesys_url: 'https://shop.example.com/help?topic=billing',
        note: 'javascript:alert(1)',
      },
    });
    await page.waitForFunction(`document.title.startsWith('(1) waiting')`, { timeout: 5000 });
    await page.locator(`#waiting button, #active button`).click();
    await page.waitForFunction(`document.querySelector('#details dt')`);
    const rows = (await page.$$eval('#details dt', (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]))) as [string, string][];
    const labels = rows.map(([label]) => label);
    assert.equal(labels.filter((l) => l === 'First name').length, 1, `first name once: ${labels.join(', ')}`);
    assert.deepEqual(rows.find(([l]) => l === 'Plan'), ['Plan', 'Green Flex']);
    assert.ok(labels.includes('Customer ID'));
    assert.ok(!labels.some((l) => /customField1Label/i.test(l)), 'a label key is not a row of its own');
    const links = await page.$$eval('#details a', (as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
    assert.deepEqual(links, [['https://shop.example.com/help?topic=billing', 'noopener noreferrer']]);

    // Ending asks first; answering no leaves the chat as it was.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.locator('#end').click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.notEqual((await control.chat(chat.id)).state, 'ended');
  });
});
