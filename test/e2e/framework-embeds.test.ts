// The Vue, Angular and React demo apps (built by scripts/build-demos.mjs with each stack's own toolchain), driven in
// Chromium: the app's state reaches <gc-webchat> through bound attributes, a visitor chats with the scripted
// agent, and the host app's own UI shows the gc-* events it received.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import type { RunningServer } from '../../server/app.ts';
import { DEMO_DEPLOYMENT_ID as SUPPORT_DEPLOYMENT, MANUAL_READONLY_DEPLOYMENT_ID as MANUAL_DEPLOYMENT } from '../fixtures/demo-deployments.ts';
import { chatThroughWidget, launchChromium, openPage, REPO_ROOT, startLocalCloud, textOf, waitForDeepText } from './browser.ts';

let server: RunningServer;
let browser: Browser;

before(async () => {
  for (const stack of ['vue', 'angular', 'react']) {
    if (!existsSync(`${REPO_ROOT}demo/${stack}/dist/index.html`)) {
      throw new Error(`demo/${stack}/dist is missing: run \`npm run build && npm run build:demos\` first`);
    }
  }
  server = await startLocalCloud();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const stack of ['vue', 'angular', 'react'] as const) {
  const appName = { vue: 'Vue', angular: 'Angular', react: 'React' }[stack];

  describe(`${appName} app embedding <gc-webchat>`, () => {
    test('binds attributes from app state, chats with the agent and shows the events in the host UI', async () => {
      const { page, errors } = await openPage(browser, `${server.url}/demo/${stack}/dist/`);
      await page.waitForSelector('[data-testid="toggle"]');
      assert.equal(await page.evaluate(() => customElements.get('gc-webchat') !== undefined), true, 'the element is defined');

      // Configured attributes as written in the template, bound ones from the app's state.
      const attributes = () =>
        page.$eval('gc-webchat', (chat) => ({
          transport: chat.getAttribute('transport'),
          // Vue sets a known property rather than its attribute: read what the element holds.
          environment: (chat as HTMLElement & { environment?: string }).environment,
          title: chat.getAttribute('title'),
          deployment: chat.getAttribute('deployment-key'),
          open: chat.hasAttribute('open'),
        }));
      // Web Messaging, the default: no transport attribute, a Messenger deployment bound from the app's state.
      assert.deepEqual(await attributes(), {
        transport: null,
        environment: '/',
        title: `Northwind Energy (${appName})`,
        deployment: SUPPORT_DEPLOYMENT,
        open: false,
      });
      await page.select('[data-testid="deployment"]', MANUAL_DEPLOYMENT);
      await page.waitForFunction((id) => document.querySelector('gc-webchat')?.getAttribute('deployment-key') === id, {}, MANUAL_DEPLOYMENT);
      await page.select('[data-testid="deployment"]', SUPPORT_DEPLOYMENT);
      await page.waitForFunction((id) => document.querySelector('gc-webchat')?.getAttribute('deployment-key') === id, {}, SUPPORT_DEPLOYMENT);
      await page.locator('[data-testid="title"]').fill(`Help from ${appName}`);

      // The app opens the widget through its bound `open`; the widget's gc-opened reaches the app's event list.
      await page.locator('[data-testid="toggle"]').click();
      await page.waitForSelector('gc-webchat[open] >>> [part~="window"]');
      assert.equal(await textOf(page, 'gc-webchat >>> [part~="title"]'), `Help from ${appName}`);
      await waitForDeepText(page, '[data-testid="events"]', 'gc-opened');
      assert.equal(await textOf(page, '[data-testid="toggle"]'), 'Close the chat');

      await chatThroughWidget(page);

      // The host app's own UI reacted to gc-message-received, gc-started and gc-agent-connected.
      await waitForDeepText(page, '[data-testid="last-answer"]', 'Sam: Good question: "Can I pay my bill monthly?"');
      assert.equal(await textOf(page, '[data-testid="message-count"]'), '2');
      const events = await page.$$eval('[data-testid="events"] li', (items) => items.map((item) => item.textContent?.trim()));
      for (const name of ['gc-started', 'gc-agent-connected', 'gc-message-received']) assert.ok(events.includes(name), `${name} in ${events}`);

      // Closing from inside the widget (minimize is not close: the ✕ asks first while a chat runs) updates the app.
      await page.locator('gc-webchat >>> [part~="close-button"]').click();
      await page.locator('gc-webchat >>> [part~="confirm"] button.primary').click();
      await waitForDeepText(page, 'gc-webchat', 'ended');
      await page.locator('gc-webchat >>> [part~="close-button"]').click();
      await page.waitForFunction(() => !document.querySelector('gc-webchat')?.hasAttribute('open'));
      await waitForDeepText(page, '[data-testid="toggle"]', 'Open the chat');
      await waitForDeepText(page, '[data-testid="events"]', 'gc-closed');

      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}
