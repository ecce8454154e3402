// `npm test`: the Node tests (server, gc-attributes), the package/embed Node tests, then the browser tests in
// Chromium, then one closing line `N passed, N failed` for all suites together. Exits non-zero when anything failed or nothing ran.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.stderr.on('data', (chunk) => { output += chunk; process.stderr.write(chunk); });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const only = process.argv[2]; // optional: "server", "e2e" or "browser"
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

const testFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => join(dir, f));

async function nodeTests(files) {
  const result = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
  // node:test's spec reporter closes with "ℹ pass N", "ℹ fail N", "ℹ skipped N".
  const pick = (name) => Number(result.output.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  totals.passed += pick('pass');
  totals.failed += pick('fail') + pick('cancelled');
  totals.skipped += pick('skipped') + pick('todo');
  if (result.code !== 0) { exitCode = 1; if (pick('fail') === 0) totals.failed++; }
}

// The server's tests and gc-attributes's (which runs the built dist/attributes/cli.js).
if (!only || only === 'server') await nodeTests([...testFiles('test/server'), ...testFiles('test/attributes')]);

// The package, the manifest and the framework embeds: Node tests that pack the package, build the Vue and
// Angular demos with their own toolchains and drive them in Chromium with puppeteer-core.
if (!only || only === 'e2e') {
  console.log('\n== building the Vue, Angular and React demos (scripts/build-demos.mjs)');
  const demos = await run(process.execPath, ['scripts/build-demos.mjs']);
  if (demos.code !== 0) { exitCode = 1; totals.failed++; }
  else await nodeTests([...testFiles('test/package'), ...testFiles('test/e2e')]);
}

if (!only || only === 'browser') {
  const countsFile = join(mkdtempSync(join(tmpdir(), 'gc-webchat-')), 'counts.json');
  const result = await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js'], { GC_TEST_COUNTS: countsFile });
  if (existsSync(countsFile)) {
    const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  } else {
    totals.failed++;
  }
  if (result.code !== 0) { exitCode = 1; if (!existsSync(countsFile)) console.error('web-test-runner did not finish'); }
}

if (totals.passed + totals.failed === 0) exitCode = 1;
if (totals.failed > 0) exitCode = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);
