// The agent console in Chromium: it works only from the address the server printed (the control token in its
// fragment), takes the token out of the address bar at once, and shows visitors' names direction-isolated.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import type { RunningServer } from '../../server/app.ts';
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
});
