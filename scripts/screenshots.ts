// `npm run screenshots`: every state of the widget a visitor can meet, photographed in headless Chromium from
// the script-tag build against the local Genesys Cloud started here, in several themes, viewports and
// languages, into screenshots/ (git-ignored) with one contact sheet, screenshots/index.html, to look at them
// side by side. Not a test and not run in CI: it is how a person reviews the design. Needs `npm run build`.
// SHOTS=desktop-default-en,phone-dark-ar limits the runs. Page code is passed as strings: tsx would add
// helpers to a passed function that do not exist in the page.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { startServer } from '../server/app.ts';
import { createControl } from '../server/control-client.ts';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';

const ORG = '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c';
const DEPLOYMENT = '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e';
const GUEST = '/api/v2/webchat/guest';
const OUT = 'screenshots';

/** dark and brand: the themes gallery's (page tokens); system-dark: no tokens, the visitor's system in dark mode. */
type Theme = 'default' | 'dark' | 'brand' | 'system-dark';
interface Run {
  viewport: 'desktop' | 'phone' | 'zoom200';
  theme: Theme;
  lang: 'en' | 'fr' | 'ar';
}

const VIEWPORTS = {
  desktop: { width: 1280, height: 800, deviceScaleFactor: 1 },
  phone: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  // A 1280 × 800 screen at 200 % browser zoom: half the CSS pixels, each drawn twice as large.
  zoom200: { width: 640, height: 400, deviceScaleFactor: 2 },
};

const RUNS: Run[] = [
  { viewport: 'desktop', theme: 'default', lang: 'en' },
  { viewport: 'desktop', theme: 'dark', lang: 'en' },
  { viewport: 'desktop', theme: 'brand', lang: 'en' },
  { viewport: 'desktop', theme: 'system-dark', lang: 'en' },
  { viewport: 'phone', theme: 'default', lang: 'en' },
  { viewport: 'phone', theme: 'brand', lang: 'en' },
  { viewport: 'zoom200', theme: 'default', lang: 'en' },
  { viewport: 'desktop', theme: 'default', lang: 'fr' },
  { viewport: 'desktop', theme: 'default', lang: 'ar' },
  { viewport: 'phone', theme: 'dark', lang: 'ar' },
];

const STATES = ['launcher', 'loading', 'form', 'errors', 'waiting', 'chatting', 'typing', 'reconnecting', 'minimized', 'confirm', 'ended'] as const;
type State = (typeof STATES)[number];

const SITE_TEXT = {
  en: ['Help centre', 'Questions about a bill, a move or a meter reading? Our advisers answer in the chat.'],
  fr: ['Centre d’aide', 'Une question sur une facture, un déménagement ou un relevé ? Nos conseillers répondent dans le chat.'],
  ar: ['مركز المساعدة', 'هل لديك سؤال عن فاتورة أو انتقال أو قراءة عداد؟ يجيب مستشارونا في الدردشة.'],
};
const CHAT_TEXT = {
  en: { hello: 'Hi, my last bill went up a lot.', more: 'It was 82 € in May, 131 € in June.', failed: 'Is that the new tariff?', pending: 'Can I pay monthly instead?' },
  fr: { hello: 'Bonjour, ma dernière facture a beaucoup augmenté.', more: 'Elle était de 82 € en mai, 131 € en juin.', failed: 'Est-ce le nouveau tarif ?', pending: 'Puis-je payer tous les mois ?' },
  ar: { hello: 'مرحبًا، ارتفعت فاتورتي الأخيرة كثيرًا.', more: 'كانت ٨٢ يورو في مايو و١٣١ يورو في يونيو.', failed: 'هل هذه هي التعرفة الجديدة؟', pending: 'هل يمكنني الدفع شهريًا؟' },
};
const AGENT_TEXT = {
  en: ['Hello Ada, I’m Sam. Let me look at your account.', 'I can see the June reading was estimated. Details: https://example.com/help/estimated-readings'],
  fr: ['Bonjour Ada, je suis Sam. Je regarde votre compte.', 'Le relevé de juin a été estimé. Détails : https://example.com/help/estimated-readings'],
  ar: ['مرحبًا آدا، أنا سام. دعيني أنظر في حسابك.', 'أرى أن قراءة يونيو كانت تقديرية. التفاصيل: https://example.com/help/estimated-readings'],
};

function page(run: Run): string {
  const [heading, text] = SITE_TEXT[run.lang];
  const dir = run.lang === 'ar' ? 'rtl' : 'ltr';
  return `<!doctype html>
<html lang="${run.lang}" dir="${dir}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Northwind Energy</title>
    <link rel="stylesheet" href="/demo/themes.css">
    <style>
      body { min-height: 100vh; margin: 0; }
      body.theme-default { background: #f6f7f9; }
      body.theme-system-dark { background: #0c0d10; color: #e8eaf0; }
      main { padding: 24px 32px; max-width: 720px; }
      p { line-height: 1.6; }
    </style>
    <script type="module" src="/dist/gc-webchat.min.js"></script>
  </head>
  <body class="theme-${run.theme}">
    <main><h1>${heading}</h1><p>${text}</p><p>${text}</p><p>${text}</p></main>
    <gc-webchat transport="purecloud-v2-sockets" data-url="/" deployment-key="${DEPLOYMENT}" org-guid="${ORG}" target-address="Manual" storage="none"
      title="Northwind Energy"
      welcome="${run.lang === 'en' ? 'Hi there! Tell us who you are and an adviser will be with you shortly.' : ''}"
      privacy="${run.lang === 'en' ? 'We keep a transcript of this chat for 30 days to answer your questions.' : ''}"
      form='{"inputs":[{"name":"firstname","label":"${run.lang === 'en' ? 'First name' : run.lang === 'fr' ? 'Prénom' : 'الاسم الأول'}","required":true},{"name":"lastname","label":"${run.lang === 'en' ? 'Last name' : run.lang === 'fr' ? 'Nom' : 'اسم العائلة'}","required":true},{"name":"email","type":"email","label":"Email","required":true}]}'
    ></gc-webchat>
  </body>
</html>`;
}

const name = (run: Run) => `${run.viewport}-${run.theme}-${run.lang}`;

async function settle(tab: Page, ms = 250): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await tab.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}

const widget = `document.querySelector('gc-webchat')`;
const inWindow = (selector: string) => `${widget}.shadowRoot.querySelector(${JSON.stringify(selector)})`;

/** Walks the visitor's journey in `tab`, adding each state to `taken` once photographed. */
async function photograph(
  run: Run,
  baseUrl: string,
  control: ReturnType<typeof createControl>,
  tab: Page,
  taken: State[],
  violations: Partial<Record<State, string[]>>,
): Promise<void> {
  const shot = async (state: State) => {
    await tab.evaluate('window.scrollTo(0, 0)');
    await settle(tab);
    // On a desktop the widget keeps to its corner: the picture is that corner, wide enough for the window.
    const { width, height } = VIEWPORTS[run.viewport];
    const clip = run.viewport === 'desktop' ? { x: run.lang === 'ar' ? 0 : width - 480, y: 0, width: 480, height } : undefined;
    await tab.screenshot({ path: join(OUT, `${name(run)}-${state}.png`) as `${string}.png`, clip, captureBeyondViewport: false });
    taken.push(state);
    // axe on the widget as it is on screen: every state, theme, viewport and language.
    if (!(await tab.evaluate('typeof axe !== "undefined"'))) await tab.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
    const found = (await tab.evaluate(
      `axe.run(document.querySelector('gc-webchat'), { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => JSON.stringify(n.target)).join(' ')))`,
    )) as string[];
    if (found.length > 0) violations[state] = found;
  };
  await tab.setViewport(VIEWPORTS[run.viewport]);
  // Still frames: the typing and waiting dots stand still (and are still shown) under reduced motion.
  await tab.emulateMediaFeatures([
    { name: 'prefers-reduced-motion', value: 'reduce' },
    { name: 'prefers-color-scheme', value: run.theme === 'system-dark' ? 'dark' : 'light' },
  ]);
  await tab.goto(`${baseUrl}/demo/shots-${name(run)}.html`, { waitUntil: 'load' });
  await tab.waitForFunction(`${inWindow('.launcher')}`);
  await shot('launcher');

  // A slow network: the launcher is busy while the window's code downloads.
  await tab.emulateNetworkConditions({ download: -1, upload: -1, latency: 1500 });
  await tab.locator('gc-webchat >>> .launcher').click();
  await tab.waitForFunction(`${inWindow('.launcher[aria-busy="true"]')}`);
  await new Promise((resolve) => setTimeout(resolve, 400));
  await shot('loading');
  await tab.emulateNetworkConditions(null);
  await tab.waitForFunction(`${inWindow('gc-registration-form')}?.shadowRoot?.querySelector('input')`, { timeout: 20_000 });
  await shot('form');

  await tab.locator('gc-webchat >>> [part~="submit"]').click();
  await tab.waitForFunction(`${inWindow('gc-registration-form')}.shadowRoot.querySelector('.summary.has-errors')`);
  await shot('errors');

  await tab.locator('gc-webchat >>> input[name="firstname"]').fill('Ada');
  await tab.locator('gc-webchat >>> input[name="lastname"]').fill('Lovelace');
  await tab.locator('gc-webchat >>> input[name="email"]').fill('ada@example.com');
  await tab.locator('gc-webchat >>> [part~="submit"]').click();
  await tab.waitForFunction(`${widget}.session?.$state.get() === 'waiting'`);
  await tab.waitForFunction(`${inWindow('gc-composer')}?.shadowRoot?.querySelector('textarea')`);
  await shot('waiting');

  const id = (await tab.evaluate(`${widget}.session.sessionData().sessionId`)) as string;
  for (let i = 0; i < 100 && (await control.chat(id)).sockets === 0; i++) await new Promise((r) => setTimeout(r, 50));
  await control.accept(id, 'Sam Rivera');
  const says = CHAT_TEXT[run.lang];
  const send = async (text: string) => {
    await tab.locator('gc-webchat >>> gc-composer >>> textarea').fill(text);
    await tab.keyboard.press('Enter');
  };
  const delivered = async (text: string) => {
    for (let i = 0; i < 100; i++) {
      if ((await control.chat(id)).messages.some((m) => m.body === text)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await send(says.hello);
  await delivered(says.hello);
  await send(says.more);
  await delivered(says.more);
  for (const text of AGENT_TEXT[run.lang]) await control.sendAsAgent(id, text);
  // One message the service refuses, one held on its way: the two delivery states a visitor can meet.
  await control.fault({ method: 'POST', path: `${GUEST}/conversations/${id}/members/*/messages`, status: 400, count: 1 });
  await send(says.failed);
  await tab.waitForFunction(`${inWindow('gc-transcript')}.shadowRoot.querySelector('li.failed')`);
  await control.delay({ method: 'POST', path: `${GUEST}/conversations/${id}/members/*/messages`, ms: 8000, count: 1, phase: 'request' });
  await send(says.pending);
  await shot('chatting');

  await control.typeAsAgent(id);
  await tab.waitForFunction(`${inWindow('gc-transcript')}.shadowRoot.querySelector('[part~="typing"]')`);
  await shot('typing');

  await control.fault({ path: '/v1/token/*', status: 503, count: 50 });
  await control.dropSockets(id);
  await tab.waitForFunction(`${widget}.session.$connection.get() === 'offline'`);
  await shot('reconnecting');
  await control.clearFaults();
  await tab.waitForFunction(`${widget}.session.$connection.get() === 'online'`, { timeout: 20_000 });
  await tab.evaluate(`${widget}.session.discardMessage?.(${widget}.session.$outbox.get().find((m) => m.state === 'failed')?.id)`);

  await tab.locator('gc-webchat >>> [part~="minimize-button"]').click();
  await control.sendAsAgent(id, run.lang === 'en' ? 'Are you still there?' : run.lang === 'fr' ? 'Êtes-vous toujours là ?' : 'هل ما زلت هنا؟');
  await control.sendAsAgent(id, run.lang === 'en' ? 'I’ve sent you the breakdown by email.' : run.lang === 'fr' ? 'Je vous ai envoyé le détail par e-mail.' : 'أرسلت إليك التفاصيل بالبريد الإلكتروني.');
  await tab.waitForFunction(`${inWindow('[part~="badge"]')}`);
  await shot('minimized');

  await tab.evaluate(`${widget}.minimize(false)`);
  await tab.waitForFunction(`${inWindow('gc-composer')}`);
  await tab.locator('gc-webchat >>> [part~="close-button"]').click();
  await tab.waitForFunction(`${inWindow('.confirm')}`);
  await shot('confirm');

  await tab.evaluate(`${inWindow('.confirm .secondary')}.click()`);
  await control.sendAsAgent(id, run.lang === 'en' ? 'Thanks for chatting, Ada. Goodbye!' : run.lang === 'fr' ? 'Merci, Ada. Au revoir !' : 'شكرًا لك يا آدا. إلى اللقاء!');
  await new Promise((r) => setTimeout(r, 300));
  await control.end(id);
  await tab.waitForFunction(`${inWindow('.ended')}`);
  await shot('ended');
}

type Result = { run: Run; states: State[]; violations: Partial<Record<State, string[]>>; error?: string };

function contactSheet(results: Result[]): string {
  const rows = results
    .map(({ run, states, violations, error }) => {
      const cells = STATES.map((state) =>
        states.includes(state)
          ? `<figure><a href="${name(run)}-${state}.png"><img src="${name(run)}-${state}.png" alt="${state}" loading="lazy"></a><figcaption>${state}${
              violations[state] ? `<br><span class="error">axe: ${violations[state]!.join('; ').replace(/</g, '&lt;')}</span>` : ' · axe clean'
            }</figcaption></figure>`
          : `<figure class="missing"><figcaption>${state}: not reached</figcaption></figure>`,
      ).join('');
      return `<section><h2>${run.viewport} · ${run.theme} · ${run.lang}</h2>${error ? `<p class="error">${error.replace(/</g, '&lt;')}</p>` : ''}<div class="row">${cells}</div></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gc-webchat screenshots</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 16px; background: #eceef2; color: #1d2330; }
  .row { display: flex; gap: 10px; overflow-x: auto; padding-bottom: 8px; }
  figure { margin: 0; flex: none; background: #fff; padding: 6px; border-radius: 6px; }
  img { height: 360px; display: block; border: 1px solid #ccd; }
  figcaption { text-align: center; padding-top: 4px; max-width: 400px; }
  .missing { width: 160px; display: grid; place-items: center; color: #a00; }
  .error { color: #a00; }
</style></head>
<body><h1>gc-webchat: every state (${new Date().toISOString().slice(0, 16)} UTC)</h1>
${rows}
</body></html>`;
}

async function main(): Promise<void> {
  if (!existsSync('dist/gc-webchat.min.js')) throw new Error('dist/ is missing: run npm run build first');
  const wanted = process.env.SHOTS?.split(',');
  const runs = RUNS.filter((run) => !wanted || wanted.includes(name(run)));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // The built files and the pages, served by the local Genesys Cloud like a site with its CDN and API.
  const root = mkdtempSync(join(tmpdir(), 'gc-webchat-shots-'));
  mkdirSync(join(root, 'demo'));
  cpSync('dist', join(root, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.map') });
  cpSync('demo/themes.css', join(root, 'demo', 'themes.css'));
  for (const run of runs) writeFileSync(join(root, 'demo', `shots-${name(run)}.html`), page(run));
  const server = await startServer({
    port: 0,
    quiet: true,
    staticRoot: root,
    config: { heartbeatMs: 1000, routingDelayMs: 150, agentTypingMs: 4000, rateLimit: { requests: 10_000, windowSeconds: 60 } },
  });
  const control = createControl(server.url, { token: server.controlToken });
  const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const results: Result[] = [];
  try {
    for (const run of runs) {
      const context = await browser.createBrowserContext();
      const tab = await context.newPage();
      tab.setDefaultTimeout(15_000);
      const states: State[] = [];
      const violations: Partial<Record<State, string[]>> = {};
      let error: string | undefined;
      try {
        await photograph(run, server.url, control, tab, states, violations);
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
        await tab.screenshot({ path: join(OUT, `${name(run)}-failure.png`) }).catch(() => undefined);
      }
      await control.clearFaults();
      await context.close();
      results.push({ run, states, violations, error });
      const axeFindings = Object.entries(violations).map(([state, found]) => `\n  axe in ${state}: ${found!.join('; ')}`).join('');
      console.log(`${name(run)}: ${states.length}/${STATES.length} states${error ? ` (stopped: ${error})` : ''}${axeFindings}`);
    }
    // One picture per run with its states side by side, for looking through a run at a glance.
    for (const { run, states } of results) {
      const tab = await browser.newPage();
      await tab.setViewport({ width: 1800, height: 900 });
      const cells = states.map((state) => `<figure><img src="${name(run)}-${state}.png"><figcaption>${state}</figcaption></figure>`).join('');
      const html = `<!doctype html><meta charset="utf-8"><style>body{margin:8px;font:16px system-ui;background:#ccd}
        div{display:grid;grid-template-columns:repeat(5,1fr);gap:8px}figure{margin:0}img{width:100%;display:block}
        figcaption{text-align:center}</style><h1>${name(run)}</h1><div>${cells}</div>`;
      const file = join(process.cwd(), OUT, `sheet-${name(run)}.html`);
      writeFileSync(file, html);
      await tab.goto(`file://${file}`, { waitUntil: 'load' });
      await tab.screenshot({ path: join(OUT, `sheet-${name(run)}.png`) as `${string}.png`, fullPage: true });
      await tab.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
  writeFileSync(join(OUT, 'index.html'), contactSheet(results));
  console.log(`\n${OUT}/index.html: the contact sheet`);
}

await main();
