// Size budgets of the script-tag build, run by `npm run build` so CI fails when one is exceeded.
// Sizes are gzip at zlib level 9, each file on its own; 1 KB = 1,000 bytes.
import { existsSync } from 'node:fs';
import { measureBuild, total } from './bundle-size.ts';

const ENTRY = 'dist/gc-webchat.min.js';
const BUDGETS = {
  /** What every page pays before the visitor clicks: the launcher, with Lit. */
  launcher: 12_000,
  /**
   * Everything the widget can ever load: launcher + window, Lit and nanostores included. Issue 5's target
   * is 35 KB; it was set before issue 4 required the outbox and tab sharing (about 3.3 KB between them), and
   * the build measured 38.2 KB after a pass over every source (see README, Performance). Until the target is
   * met, the build fails above this ceiling and warns above the target. The ceiling moves up only for fixes
   * a visitor needs, each named here: 38.5 → 38.8 KB for the accessibility and network-fault audits
   * (focus that never falls to the page, announcements, forced colors, text direction; restore retries,
   * gap fills that keep order, leaving that reaches the service); 38.8 → 40.4 KB for the security review
   * (stream and other service-named addresses checked against the configured service, every frame's types
   * checked so one bad frame cannot blank the transcript, incoming messages batched per frame, the page
   * address sent without fragment or credential parameters, direction-isolated names and links).
   */
  everything: 40_400,
};
const EVERYTHING_TARGET = 35_000;

if (!existsSync(ENTRY)) {
  console.error(`size-check: ${ENTRY} is missing; run rollup first (npm run build).`);
  process.exit(1);
}
const sizes = measureBuild(ENTRY, 'dist');
const all = total(sizes);
const launcher = sizes[0]!;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const row = (name: string, raw: number, gzip: number, brotli: number, budget = '') =>
  `${name.padEnd(44)} ${kb(raw).padStart(9)} ${kb(gzip).padStart(9)} ${kb(brotli).padStart(9)}  ${budget}`;

console.log(`\nScript-tag build (gzip = zlib level 9, brotli = quality 11; 1 KB = 1,000 bytes)`);
console.log(`${'file'.padEnd(44)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}  budget (gzip)`);
const checks = [
  { name: 'launcher entry', size: launcher.gzip, budget: BUDGETS.launcher },
  { name: 'everything', size: all.gzip, budget: BUDGETS.everything },
];
for (const s of sizes) {
  console.log(row(s.file, s.raw, s.gzip, s.brotli, s === launcher ? `≤ ${kb(BUDGETS.launcher)}` : ''));
}
console.log(row('everything', all.raw, all.gzip, all.brotli, `≤ ${kb(BUDGETS.everything)}`));
const over = checks.filter((c) => c.size > c.budget);
for (const c of over) console.error(`size-check: the ${c.name} is ${kb(c.size)} gzip, over its budget of ${kb(c.budget)}.`);
if (over.length > 0) process.exit(1);
if (all.gzip > EVERYTHING_TARGET) {
  console.warn(`size-check: warning: everything is ${kb(all.gzip)} gzip, ${kb(all.gzip - EVERYTHING_TARGET)} over the ${kb(EVERYTHING_TARGET)} target of issue 5.`);
}
console.log('size-check: within budget.\n');
