// Size budgets of the script-tag build, run by `npm run build` so CI fails when one is exceeded. Budgets are
// on what a visitor downloads, not on what the package holds: the launcher every page view pays, and a whole
// chat on each transport (launcher, window, that protocol's chunk and what it shares). The sum of every file
// ("everything", which no visitor downloads once there are two protocols) is printed without a budget.
// Sizes are gzip at zlib level 9, each file on its own; 1 KB = 1,000 bytes.
import { existsSync } from 'node:fs';
import { measureBuild, total, type FileSize } from './bundle-size.ts';

const ENTRY = 'dist/gc-webchat.min.js';
/** Each protocol's folder under src/transport/, which names its chunk. */
const TRANSPORTS = ['web-messaging', 'purecloud-v2'];
const BUDGETS = {
  /** What every page pays before the visitor clicks: the launcher, with Lit. */
  launcher: 12_000,
  /**
   * A whole chat on one transport: launcher, window, that protocol's chunk and what it shares. The ceiling of
   * the build that made Web Messaging the default (its transport chunk is 8 KB gzip, both protocols' attribute
   * readers are in the window) and split the session into parts with one job each. It moves down from here,
   * toward 35 KB, as optional parts become chunks of their own; never up.
   */
  chat: 48_500,
};

if (!existsSync(ENTRY)) {
  console.error(`size-check: ${ENTRY} is missing; run rollup first (npm run build).`);
  process.exit(1);
}
const sizes = measureBuild(ENTRY, 'dist');
const all = total(sizes);
const launcher = sizes[0]!;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const row = (name: string, size: Omit<FileSize, 'file'>, budget = '') =>
  `${name.padEnd(48)} ${kb(size.raw).padStart(9)} ${kb(size.gzip).padStart(9)} ${kb(size.brotli).padStart(9)}  ${budget}`;
const protocolOf = (file: string) => TRANSPORTS.find((name) => file.includes(`/gc-${name}-`));
/** Rich messaging's renderers and the upload code: loaded only by a chat that meets them. */
const isLazyRich = (file: string) => /\/gc-(rich-|upload)/.test(file);

console.log(`\nScript-tag build (gzip = zlib level 9, brotli = quality 11; 1 KB = 1,000 bytes)`);
console.log(`${'file'.padEnd(48)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}  budget (gzip)`);
for (const s of sizes) console.log(row(s.file, s, s === launcher ? `≤ ${kb(BUDGETS.launcher)}` : ''));
console.log(row('everything (no visitor downloads it all)', all));
const rich = sizes.filter((s) => isLazyRich(s.file));
if (rich.length) console.log(row('rich messaging, all lazy chunks together', total(rich)));
const checks = [{ name: 'launcher entry', size: launcher.gzip, budget: BUDGETS.launcher }];
for (const transport of TRANSPORTS) {
  // Every file but the other protocols' own chunks: the shared ones load with whichever protocol runs.
  const chat = total(sizes.filter((s) => [undefined, transport].includes(protocolOf(s.file)) && !isLazyRich(s.file)));
  if (!sizes.some((s) => protocolOf(s.file) === transport)) continue;
  console.log(row(`a whole chat on ${transport}`, chat, `≤ ${kb(BUDGETS.chat)}`));
  checks.push({ name: `whole chat on ${transport}`, size: chat.gzip, budget: BUDGETS.chat });
}
const over = checks.filter((c) => c.size > c.budget);
for (const c of over) console.error(`size-check: the ${c.name} is ${kb(c.size)} gzip, over its budget of ${kb(c.budget)}.`);
if (over.length > 0) process.exit(1);
console.log('size-check: within budget.\n');
