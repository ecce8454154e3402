// Browser benchmarks of the script-tag build in headless Chromium (puppeteer-core, Debian's /usr/bin/chromium):
// launcher paint, opening the window, rendering long restored transcripts, appending to one, and the heap.
// The built files (dist/) are served by the local Genesys Cloud from a throwaway folder, so the page, the
// chunk and the API share one origin like a real deployment's CDN + API. Every run is a fresh browser
// context (empty cache); figures are medians over the runs. Page code is passed as strings: tsx would add
// helpers to a passed function that do not exist in the page.
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.ts';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startServer } from '../server/app.ts';

const ORG = '7d3b1f2e-9c4a-4e8b-a5d6-0c1e2f3a4b5c';
const DEPLOYMENT = '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e';

export interface BrowserFigures {
  /** Inline script before the module tag → first contentful paint (the launcher is the page's only content). */
  launcherPaintMs: number;
  /** Launcher click → the form's first input is in the DOM and a frame has been produced (window chunk cold). */
  openToFormMs: number;
  /** $messages.set(N restored messages) → rendered, scrolled to the newest, frame produced (each in a fresh page). */
  render1kMs: number;
  render10kMs: number;
  /** One more message on a 10,000-message transcript → rendered and painted; p50 and p95 of the appends. */
  appendP50Ms: number;
  appendP95Ms: number;
  /** The same appends up to the end of Lit's update (the script's share, before style, layout and paint). */
  appendWorkP50Ms: number;
  appendWorkP95Ms: number;
  /** Used JS heap after garbage collection: window loaded, then with 10,000 messages (+ the appends). */
  heapBaseMB: number;
  heap10kMB: number;
  /** DOM nodes in the document (shadow roots included) after 10,000 messages. */
  domNodes10k: number;
}

const PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>gc-webchat bench</title></head>
  <body>
    <gc-webchat transport="purecloud-v2-sockets" data-url="/" deployment-key="${DEPLOYMENT}" org-guid="${ORG}" target-address="Manual" storage="none"></gc-webchat>
    <script>window.scriptStart = performance.now();</script>
    <script type="module" src="/dist/gc-webchat.min.js"></script>
  </body>
</html>`;

/** Resolves after the next frame has been rendered (rAF runs before paint; the message after it). */
const AFTER_FRAME = `() => new Promise((resolve) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve(performance.now());
  channel.port2.postMessage(0);
}))`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function freshPage(browser: Browser, url: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, close: () => context.close() };
}

async function launcherPaint(browser: Browser, url: string): Promise<number> {
  const { page, close } = await freshPage(browser, url);
  try {
    return (await page.evaluate(`(async () => {
      const launcher = () => document.querySelector('gc-webchat')?.shadowRoot?.querySelector('.launcher');
      while (!launcher()) await new Promise((resolve) => setTimeout(resolve, 5));
      for (;;) {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        if (paint) return paint.startTime - window.scriptStart;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })()`)) as number;
  } finally {
    await close();
  }
}

async function openToForm(browser: Browser, url: string): Promise<number> {
  const { page, close } = await freshPage(browser, url);
  try {
    await page.waitForFunction(`document.querySelector('gc-webchat')?.shadowRoot?.querySelector('.launcher')`);
    return (await page.evaluate(`(async () => {
      const afterFrame = ${AFTER_FRAME};
      const widget = document.querySelector('gc-webchat');
      const start = performance.now();
      widget.shadowRoot.querySelector('.launcher').click();
      const input = () => widget.shadowRoot.querySelector('gc-registration-form')?.shadowRoot?.querySelector('input');
      while (!input()) await new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
      return (await afterFrame()) - start;
    })()`)) as number;
  } finally {
    await close();
  }
}

interface TranscriptRun {
  renderMs: number;
  appends: number[];
  appendWork: number[];
  heapBaseMB: number;
  heapMB: number;
  domNodes: number;
}

/** A fresh page renders `count` restored messages, then takes `appends` live ones one by one. */
async function transcriptRun(browser: Browser, url: string, count: number, appends: number): Promise<TranscriptRun> {
  const { page, close } = await freshPage(browser, url);
  try {
    const cdp = await page.createCDPSession();
    const heapMB = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize / 1e6;
    };
    // Load the window module (any method does), then show a transcript bound to the widget's session.
    await page.evaluate(`(async () => {
      const widget = document.querySelector('gc-webchat');
      await widget.getSessionData();
      const transcript = document.createElement('gc-transcript');
      transcript.style.cssText = 'display:flex;height:520px;width:370px';
      transcript.session = widget.session;
      document.body.append(transcript);
      await transcript.updateComplete;
    })()`);
    const heapBaseMB = await heapMB();
    const render = (count: number) =>
      page.evaluate(`(async () => {
        const afterFrame = ${AFTER_FRAME};
        const widget = document.querySelector('gc-webchat');
        const transcript = document.querySelector('gc-transcript');
        widget.session.$messages.set([]);
        await transcript.updateComplete;
        await afterFrame();
        const words = 'the quick brown fox jumps over the lazy dog while your refund is on its way to you'.split(' ');
        const now = Date.now();
        const messages = Array.from({ length: ${count} }, (_, i) => ({
          id: 'm' + i, index: i, type: 'Message', restoring: true,
          text: words.slice(0, 3 + (i * 7) % 15).join(' ') + ' #' + i + (i % 10 === 0 ? ' https://example.com/help/' + i : ''),
          timestamp: now - (${count} - i) * 1000,
          from: i % 2 ? { type: 'Agent', name: 'Sam', id: 'agent' } : { type: 'Client', name: 'You', id: 'me' },
        }));
        const start = performance.now();
        widget.session.$messages.set(messages);
        await transcript.updateComplete;
        return (await afterFrame()) - start;
      })()`) as Promise<number>;
    const renderMs = await render(count);
    const appendTimes = (await page.evaluate(`(async () => {
      const afterFrame = ${AFTER_FRAME};
      const session = document.querySelector('gc-webchat').session;
      const transcript = document.querySelector('gc-transcript');
      const times = [];
      for (let i = 0; i < ${appends}; i++) {
        const start = performance.now();
        session.$messages.set([...session.$messages.get(), {
          id: 'live' + i, index: ${count} + i, type: 'Message', text: 'a live message number ' + i, timestamp: Date.now(),
          from: { type: 'Agent', name: 'Sam', id: 'agent' },
        }]);
        await transcript.updateComplete;
        const work = performance.now() - start;
        times.push([work, (await afterFrame()) - start]);
      }
      return times;
    })()`)) as [number, number][];
    const afterMB = await heapMB();
    const { nodes } = await cdp.send('Memory.getDOMCounters');
    return { renderMs, appends: appendTimes.map((t) => t[1]), appendWork: appendTimes.map((t) => t[0]), heapBaseMB, heapMB: afterMB, domNodes: nodes };
  } finally {
    await close();
  }
}

export async function runBrowserBench(runs: number, appends = 50): Promise<BrowserFigures> {
  if (!existsSync('dist/gc-webchat.min.js')) throw new Error('dist/gc-webchat.min.js is missing: run `npm run build` first.');
  const root = mkdtempSync(join(tmpdir(), 'gc-webchat-bench-'));
  mkdirSync(join(root, 'demo'));
  writeFileSync(join(root, 'demo', 'bench.html'), PAGE);
  cpSync('dist', join(root, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.map') });
  const server = await startServer({ port: 0, quiet: true, staticRoot: root });
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
  });
  try {
    const url = `${server.url}/demo/bench.html`;
    const paint: number[] = [];
    const open: number[] = [];
    const small: TranscriptRun[] = [];
    const large: TranscriptRun[] = [];
    for (let i = 0; i < runs; i++) {
      paint.push(await launcherPaint(browser, url));
      open.push(await openToForm(browser, url));
      small.push(await transcriptRun(browser, url, 1000, 0));
      large.push(await transcriptRun(browser, url, 10_000, appends));
    }
    return {
      launcherPaintMs: median(paint),
      openToFormMs: median(open),
      render1kMs: median(small.map((t) => t.renderMs)),
      render10kMs: median(large.map((t) => t.renderMs)),
      appendP50Ms: median(large.map((t) => percentile(t.appends, 50))),
      appendP95Ms: median(large.map((t) => percentile(t.appends, 95))),
      appendWorkP50Ms: median(large.map((t) => percentile(t.appendWork, 50))),
      appendWorkP95Ms: median(large.map((t) => percentile(t.appendWork, 95))),
      heapBaseMB: median(large.map((t) => t.heapBaseMB)),
      heap10kMB: median(large.map((t) => t.heapMB)),
      domNodes10k: median(large.map((t) => t.domNodes)),
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}
