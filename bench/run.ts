// `npm run bench`: every benchmark, printed as figures. Needs `npm run build` first (it measures dist/).
// BENCH_RUNS (default 5) sets how many runs each median is taken over.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { measureBuild, total } from '../scripts/bundle-size.ts';
import { measureVisitorBytes } from '../scripts/visitor-bytes.ts';
import { bytesBySource } from '../scripts/bytes-by-source.ts';
import { runBrowserBench } from './browser.ts';
import { runServerLoad } from './server-load.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const APPENDS = 50;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`.padStart(9);
const ms = (value: number) => `${value.toFixed(1)} ms`;

// Bytes: the script-tag build as a browser fetches it. The Widgets v2 layer (widgets.min.js and
// gc-widgets-compat.js) is not among these files: only a Widgets v2 page loads it (its journey below).
const sizes = measureBuild('dist/gc-webchat.min.js', 'dist');
const all = total(sizes);
console.log('Bytes of the script-tag build (1 KB = 1,000 bytes; gzip -9, brotli quality 11)');
console.log(`  ${'file'.padEnd(42)}${'raw'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}`);
for (const s of sizes) console.log(`  ${s.file.padEnd(42)}${kb(s.raw)}${kb(s.gzip)}${kb(s.brotli)}`);
console.log(`  ${'everything (no visitor downloads it all)'.padEnd(42)}${kb(all.raw)}${kb(all.gzip)}${kb(all.brotli)}`);
console.log('\nWhat a visitor downloads, in Chromium (the demo page, then open, register, talk, get an answer, end; gzip -9);');
console.log('a page without _genesys never fetches widgets.min.js or gc-widgets-compat.js, a Widgets v2 page does');
const visits = await measureVisitorBytes();
for (const visit of visits) {
  console.log(`  ${visit.widgetsApi ? 'a Widgets v2 page, ' : ''}${visit.transport}: before the click ${kb(visit.beforeClick).trim()}, a whole chat ${kb(visit.wholeChat).trim()}`);
  for (const script of visit.scripts) console.log(`    ${script.file.padEnd(40)}${kb(script.gzip)}  ${script.beforeClick ? 'before the click' : 'during the chat'}`);
}

// Side by side with the widgets a site would otherwise load. deep-chat is measured from its published
// bundle (a devDependency at the version compared); Genesys Widgets v2 is not on the npm registry, so its
// widgets.min.js figure is the one measured from Genesys's CDN copy.
const GENESYS = { raw: 1_069_177, gzip: 279_131 };
const deepChatFile = createRequire(import.meta.url).resolve('deep-chat/dist/deepChat.bundle.js');
const deepChatCode = readFileSync(deepChatFile);
const DEEP_CHAT = { raw: deepChatCode.length, gzip: gzipSync(deepChatCode, { level: 9 }).length };
const deepChatVersion = (JSON.parse(readFileSync(join(dirname(deepChatFile), '..', 'package.json'), 'utf8')) as { version: string }).version;
console.log('\nSide by side (gzip -9): how many times smaller each of ours is');
console.log(`  ${'journey'.padEnd(46)}${'ours'.padStart(9)}  vs Genesys Widgets v2 ${kb(GENESYS.gzip).trim()}  vs deep-chat ${deepChatVersion} ${kb(DEEP_CHAT.gzip).trim()}`);
for (const visit of visits) {
  const name = `${visit.widgetsApi ? 'Widgets v2 page, ' : ''}${visit.transport}`;
  for (const [what, bytes] of [['before the click', visit.beforeClick], ['a whole chat', visit.wholeChat]] as const) {
    console.log(`  ${`${name}, ${what}`.padEnd(46)}${kb(bytes)}  ${`${(GENESYS.gzip / bytes).toFixed(1)}×`.padStart(24)}  ${`${(DEEP_CHAT.gzip / bytes).toFixed(1)}×`.padStart(20)}`);
  }
}

// What cutting each source would save (gzip shares a dictionary, so these add up to more than the total).
const bySource = bytesBySource(sizes.map((s) => `dist/${s.file}`));
const layerOf = (source: string) =>
  /^(lit|@lit|lit-html|lit-element)\//.test(source) ? 'Lit' : source.startsWith('nanostores/') ? 'nanostores' : source.split('/').slice(0, 2).join('/');
const layers = new Map<string, number>();
for (const { source, gzip } of bySource) layers.set(layerOf(source), (layers.get(layerOf(source)) ?? 0) + gzip);
console.log('\nWhere the gzip bytes go: what the build would lose without each source (largest first)');
console.log(`  by layer: ${[...layers].sort((a, b) => b[1] - a[1]).map(([layer, gzip]) => `${layer} ${kb(gzip).trim()}`).join(', ')}`);
for (const { source, gzip } of bySource.filter((s) => s.gzip >= 250)) console.log(`  ${source.padEnd(42)}${kb(gzip)}`);

console.log(`\nHeadless Chromium, script-tag build, median of ${runs} runs (each in a fresh browser context)`);
const browser = await runBrowserBench(runs, APPENDS);
console.log(`  script start → launcher painted        ${ms(browser.launcherPaintMs)}`);
console.log(`  open → form shown (window chunk cold)  ${ms(browser.openToFormMs)}`);
console.log(`  render restored transcript, 1,000      ${ms(browser.render1kMs)}`);
console.log(`  render restored transcript, 10,000     ${ms(browser.render10kMs)}`);
console.log(`  append one to 10,000 (${APPENDS}×)  p50        ${ms(browser.appendP50Ms)}`);
console.log(`                                  p95        ${ms(browser.appendP95Ms)}   (to the next painted frame)`);
console.log(`    of which script (store → Lit update)  p50 ${ms(browser.appendWorkP50Ms)}, p95 ${ms(browser.appendWorkP95Ms)}`);
console.log(`  JS heap, window loaded                 ${browser.heapBaseMB.toFixed(1)} MB`);
console.log(`  JS heap after 10,000 messages          ${browser.heap10kMB.toFixed(1)} MB (after GC)`);
console.log(`  DOM nodes with 10,000 messages         ${browser.domNodes10k}`);

const serverRuns = [];
for (let i = 0; i < runs; i++) serverRuns.push(await runServerLoad({ chats: 200, messagesPerChat: 50 }));
console.log(`\nLocal Genesys Cloud: 200 concurrent chats × 50 messages, send → echo, median of ${runs} runs`);
console.log(`  throughput        ${median(serverRuns.map((r) => r.messagesPerSecond)).toFixed(0)} messages/s`);
console.log(`  send-to-echo p50  ${ms(median(serverRuns.map((r) => r.p50Ms)))}`);
console.log(`  send-to-echo p99  ${ms(median(serverRuns.map((r) => r.p99Ms)))}`);
console.log(`  total             ${(median(serverRuns.map((r) => r.totalMs)) / 1000).toFixed(1)} s for ${serverRuns[0]!.messages} messages`);
