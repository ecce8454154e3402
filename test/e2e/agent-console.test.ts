// The agent console in Chromium: it works only from the address the server printed (the control token in its
// fragment), takes the token out of the address bar at once, and shows visitors' names direction-isolated. As
// a person uses it: the customer's details read as labels an agent knows, each once, custom fields under their
// own labels, links that open; ending asks first; a new waiting chat shows in the tab title.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import type { RunningServer } from '../../server/app.ts';
import { createControl } from '../../server/control-client.ts';
import { api, createBody, GUEST } from '../server/helpers.ts';
import { launchChromium, openPage, startLocalCloud } from './browser.ts';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startLocalCloud();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('agent console', () => {
  test('opened from the printed address: connects, lists chats, and drops the token from the address bar', async () => {
    const created = await api(server, 'POST', `${GUEST}/conversations`, {
      body: createBody({ routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' } }, { displayName: 'Eve\u202Etxet' }),
    });
    assert.equal(created.status, 200, created.text);
    const { page, errors } = await openPage(browser, server.consoleUrl);
    await page.waitForFunction(() => document.getElementById('connection')?.textContent === 'Connected');
    assert.equal(await page.evaluate(() => location.hash), '');
    assert.doesNotMatch(await page.evaluate(() => location.href), /token/);
    // The visitor's name is isolated, so its U+202E cannot reorder the queue and state shown after it.
    await page.waitForSelector('#waiting .who bdi');
    assert.equal(await page.$eval('#waiting .who bdi', (el) => el.textContent), 'Eve\u202Etxet');
    // A reload in the same tab keeps working: the token stayed in this tab's sessionStorage.
    await page.reload();
    await page.waitForFunction(() => document.getElementById('connection')?.textContent === 'Connected');
    assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []); // the browser's own favicon request is a 404
    await page.close();
  });

  test('opened without the token: says where to find it and loads nothing', async () => {
    const { page } = await openPage(browser, `${server.url}/agent/`);
    await page.waitForFunction(() => /No access token/.test(document.getElementById('connection')?.textContent ?? ''));
    assert.equal(await page.$$eval('#waiting li', (items) => items.length), 0);
    await page.close();
  });

  test('shows the customer with human labels, each once, custom fields by their labels and safe links', async () => {
    const control = createControl(server.url, { token: server.controlToken });
    const { page } = await openPage(browser, server.consoleUrl);
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
    await page.waitForFunction(`/^\\(\\d+\\) waiting/.test(document.title)`, { timeout: 5000 });
    await page.waitForFunction((id) => [...document.querySelectorAll('#waiting .who')].some((who) => who.textContent === 'Ada Lovelace'), {}, chat.id);
    await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#waiting button')].find((b) => b.textContent!.includes('Ada Lovelace'))!.click());
    await page.waitForFunction(() => document.querySelector('#details dt'));
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
    await page.click('#end');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.notEqual((await control.chat(chat.id)).state, 'ended');
    await page.close();
  });
});
