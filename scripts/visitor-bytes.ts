// What a visitor downloads, measured in a real browser: the built widget served by the local Genesys Cloud,
// the demo page opened in headless Chromium for each transport, then a whole chat (open, register, talk, get
// an answer, end). Every script the page fetched is recorded and gzipped at level 9 as a server would send it,
// so a chunk counts only if this visitor's journey loaded it (a language, a renderer or the Widgets v2 layer
// the journey never needed costs nothing).
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { startServer } from '../server/app.ts';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';

export interface ScriptBytes {
  /** The path under dist/. */
  file: string;
  raw: number;
  gzip: number;
  /** Fetched before the visitor did anything. */
  beforeClick: boolean;
}

export interface VisitorBytes {
  transport: string;
  page: string;
  /** A Widgets v2 page (widgets.min.js and the v2 layer on top of the widget). */
  widgetsApi?: boolean;
  scripts: ScriptBytes[];
  beforeClick: number;
  wholeChat: number;
}

/** The demo page of each transport, as `npm start` serves it. */
export const JOURNEYS: { transport: string; page: string; widgetsApi?: boolean }[] = [
  { transport: 'web-messaging', page: '/' },
  { transport: 'purecloud-v2-sockets', page: '/demo/legacy.html' },
  { transport: 'web-messaging', page: '/demo/widgets-v2.html', widgetsApi: true },
];

// Page-side code as source text (tsx would wrap named inner functions in a helper the page lacks).
const WHOLE_CHAT = `async () => {
  const widget = document.querySelector('gc-webchat');
  const until = (check, what) => new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => check() ? resolve() : Date.now() - started > 15000 ? reject(new Error('timed out: ' + what)) : setTimeout(tick, 25);
    tick();
  });
  const agentSaid = () => (widget.session?.$messages.get() ?? []).filter((m) => m.from.type === 'Agent' && m.type === 'Message').length;
  await widget.show({ form: { firstname: 'Ada', lastname: 'Lovelace', autoSubmit: true } });
  await until(() => agentSaid() >= 1, 'the greeting');
  await widget.sendMessage('How do I read my meter?');
  await until(() => agentSaid() >= 2, 'the answer');
  await widget.endChat();
}`;

export async function measureVisitorBytes(): Promise<VisitorBytes[]> {
  const server = await startServer({ port: 0, quiet: true, config: { routingDelayMs: 50, agentTypingMs: 20, alertingMs: 20 } });
  const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const results: VisitorBytes[] = [];
    for (const { transport, page: path, widgetsApi } of JOURNEYS) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const scripts: ScriptBytes[] = [];
      let clicked = false;
      const reading: Promise<void>[] = [];
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (!url.pathname.startsWith('/dist/') || !url.pathname.endsWith('.js')) return;
        const beforeClick = !clicked;
        reading.push(
          response.buffer().then((body) => {
            scripts.push({ file: url.pathname.slice('/dist/'.length), raw: body.length, gzip: gzipSync(body, { level: 9 }).length, beforeClick });
          }),
        );
      });
      const failed: string[] = [];
      page.on('pageerror', (error) => failed.push(String(error)));
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle0' });
      await Promise.all(reading);
      clicked = true;
      await page.evaluate(`(${WHOLE_CHAT})()`);
      await page.waitForNetworkIdle({ idleTime: 200 });
      await Promise.all(reading);
      await context.close();
      if (failed.length > 0) throw new Error(`${transport}: the page failed: ${failed.join('; ')}`);
      const sum = (list: ScriptBytes[]) => list.reduce((total, s) => total + s.gzip, 0);
      results.push({ transport, page: path, widgetsApi, scripts, beforeClick: sum(scripts.filter((s) => s.beforeClick)), wholeChat: sum(scripts) });
    }
    return results;
  } finally {
    await browser.close();
    await server.close();
  }
}
