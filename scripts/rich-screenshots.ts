// Screenshots of rich messaging for a person to look at: the demo deployment's scripted bot sends each
// kind of content on request, files go both ways, a refused upload shows its reason. Run after
// `npm run build`: node --import tsx scripts/rich-screenshots.ts [out-dir] (default /tmp/rich-shots).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { launchChromium, openPage, startLocalCloud } from '../test/e2e/browser.ts';
import { samplePng } from '../server/sample-files.ts';

/** The page's document, inside page.evaluate (this file is compiled without the DOM library). */
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
const out = process.argv[2] ?? '/tmp/rich-shots';
mkdirSync(out, { recursive: true });

const server = await startLocalCloud();
const browser = await launchChromium();
const { page, errors } = await openPage(browser, `${server.url}/demo/index.html`);
await page.setViewport({ width: 480, height: 860, deviceScaleFactor: 1 });

await page.evaluate(() => {
  document.querySelector('gc-webchat')?.remove();
  const el = document.createElement('gc-webchat');
  el.setAttribute('transport', 'web-messaging');
  el.setAttribute('deployment-key', '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e');
  el.setAttribute('environment', '/');
  el.setAttribute('title', 'Northwind Energy chat');
  document.body.append(el);
});

const deep = (selector: string) => page.waitForSelector(`pierce/${selector}`, { visible: true });
async function shot(name: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 400));
  writeFileSync(join(out, `${name}.png`), await page.screenshot());
  console.log(`${name}.png`);
}
async function say(text: string): Promise<void> {
  const box = (await deep('textarea')) as ElementHandle;
  await box.click();
  await box.type(text);
  await page.keyboard.press('Enter');
}
const count = (p: Page, selector: string) => p.$$(`pierce/${selector}`).then((l) => l.length);

await page.evaluate(async () => {
  const el = document.querySelector('gc-webchat') as unknown as { open: boolean; startChat(o: object): Promise<unknown> };
  el.open = true;
  await el.startChat({ firstname: 'Ana', lastname: 'Silva' });
});
await shot('00-started');
await deep('textarea');
await page.waitForFunction(() => true);
await new Promise((r) => setTimeout(r, 1500));

const steps: Array<[string, string, string]> = [
  ['quickreplies', 'button.chip', '01-quick-replies'],
  ['card', '.card', '02-card'],
  ['carousel', '.carousel', '03-carousel'],
  ['listpicker', 'form[part=list-picker]', '04-list-picker'],
  ['datepicker', 'form[part=date-picker]', '05-date-picker'],
  ['unsupported', '[part=fallback]', '06-unsupported'],
  ['markdown', 'gc-markdown', '07-markdown'],
  ['file', 'a.file', '08-agent-pdf'],
  ['image', '.file-image img', '09-agent-image'],
];
for (const [command, selector, name] of steps) {
  const before = await count(page, selector);
  await say(`/${command}`);
  for (let i = 0; (await count(page, selector)) <= before; i++) {
    if (i > 100) throw new Error(`no new ${selector} after /${command}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await shot(name);
  if (command === 'quickreplies') {
    await (await deep('button.chip'))!.click();
    await new Promise((r) => setTimeout(r, 1200));
    await shot('01b-quick-reply-chosen');
  }
  if (command === 'carousel') {
    const next = await page.$('pierce/.nav button:last-of-type');
    await next?.click();
    await shot('03b-carousel-next');
  }
}

// The visitor attaches a picture, then a file that is too big.
const input = (await page.$('pierce/input[type=file]')) as ElementHandle;
const tmp = join(out, 'meter.png');
writeFileSync(tmp, samplePng([200, 120, 60]));
const images = await count(page, '.file-image img');
await input.uploadFile(tmp);
for (let i = 0; (await count(page, '.file-image img')) <= images; i++) {
  if (i > 100) throw new Error('the visitor’s picture did not show');
  await new Promise((r) => setTimeout(r, 100));
}
await shot('10-visitor-image');
// An 11 MB picture, over the deployment's 10 MB: refused before any upload.
const picker = await page.$('pierce/gc-file-picker');
await picker!.evaluate((el) => (el as any).add([new (globalThis as any).File([new Uint8Array(11 * 1024 * 1024)], "scan.png", { type: "image/png" })]));
for (let i = 0; (await count(page, '.upload.failed')) === 0; i++) {
  if (i > 100) throw new Error(`the refusal did not show: ${await picker!.evaluate((el) => el.shadowRoot!.innerHTML)} ${errors.join(' | ')}`);
  await new Promise((r) => setTimeout(r, 100));
}
await shot('11-upload-refused');

console.log(errors.length ? `page errors: ${errors.join('\n')}` : 'no page errors');
await browser.close();
await server.close();
