// Browser tests: real Debian Chromium, TypeScript compiled by esbuild, and the project's own local
// Genesys Cloud started in this process on a free port so every test talks to a real server over real sockets.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { register } from 'tsx/esm/api';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { defaultReporter, summaryReporter } from '@web/test-runner';

register();
const { startServer } = await import('./server/app.ts');

const { chromiumPath, CHROMIUM_ARGS } = await import('./scripts/chromium.ts');

// Fast timings so tests do not wait on human-scale delays; each test still sees the real protocol.
const server = await startServer({
  port: 0,
  quiet: true,
  // A known JWT secret lets the restore tests forge an expired guest token.
  config: {
    heartbeatMs: 1000,
    routingDelayMs: 150,
    agentTypingMs: 150,
    jwtSecret: 'browser-tests-only',
    // Every test page is one client that starts hundreds of chats; the per-client limits have server tests.
    createRateLimit: { requests: 100_000, windowSeconds: 60 },
  },
});
process.on('exit', () => void server.close());

// Test commands through the DevTools protocol of the page running the test:
//  - `block-urls {urls}`: fail requests whose URL matches a pattern (a lost network, a CDN outage); `{urls: []}`
//    lets everything through again;
//  - `emulate-latency {ms}`: a slow network, each request taking that long more and none served from the
//    cache (`{ms: 0}` ends it);
//  - `emulate-media-features {features}`: media features such as forced-colors (Windows high contrast), which
//    web-test-runner's own emulateMedia does not offer; `{features: []}` ends the emulation.
const devtoolsSessions = new Map();
async function devtools(session) {
  let cdp = devtoolsSessions.get(session.id);
  if (!cdp) {
    cdp = await session.browser.getPage(session.id).createCDPSession();
    await cdp.send('Network.enable');
    devtoolsSessions.set(session.id, cdp);
  }
  return cdp;
}
const devtoolsCommands = {
  name: 'devtools-commands',
  async executeCommand({ command, payload, session }) {
    if (command === 'block-urls') await (await devtools(session)).send('Network.setBlockedURLs', { urls: payload.urls });
    else if (command === 'emulate-latency') {
      const cdp = await devtools(session);
      // A file another test page fetched would come from the browser's cache, which no latency slows.
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: payload.ms > 0 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: payload.ms, downloadThroughput: -1, uploadThroughput: -1 });
    }
    else if (command === 'emulate-media-features') await (await devtools(session)).send('Emulation.setEmulatedMedia', { features: payload.features });
    else return undefined;
    return true;
  },
};

// `executeServerCommand('gc-attributes', { args })`: a browser test runs the built gc-attributes command
// (plain node) against this server, with no GENESYSCLOUD_* variables and no .env, and gets
// { code, stdout, stderr } back.
const gcAttributesCli = fileURLToPath(new URL('./dist/attributes/cli.js', import.meta.url));
const gcAttributesCwd = mkdtempSync(join(tmpdir(), 'gc-attributes-wtr-'));
// `executeServerCommand('agent-console-url')`: the address the server prints for the agent console, token in its
// fragment, so a test can open the console as a person would.
const agentConsoleCommand = {
  name: 'agent-console-command',
  executeCommand: ({ command }) => (command === 'agent-console-url' ? server.consoleUrl : undefined),
};

const gcAttributesCommand = {
  name: 'gc-attributes-command',
  executeCommand({ command, payload }) {
    if (command !== 'gc-attributes') return undefined;
    if (!existsSync(gcAttributesCli)) throw new Error(`${gcAttributesCli} is missing: run npm run build first`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GENESYSCLOUD_')));
    const args = [gcAttributesCli, ...payload.args, '--base-url', server.url];
    return new Promise((resolve) => {
      execFile(process.execPath, args, { env, cwd: gcAttributesCwd, encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  },
};

// The tests play the agent through the control API, which answers no CORS and needs the control token: the
// test page calls /control/* on its own origin and this proxy forwards it with the token, which so never
// reaches the browser.
async function controlProxy(ctx, next) {
  if (!ctx.path.startsWith('/control/')) return next();
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const headers = { 'x-gc-control-token': server.controlToken };
  if (ctx.get('content-type')) headers['content-type'] = ctx.get('content-type');
  const response = await fetch(`${server.url}${ctx.url}`, {
    method: ctx.method,
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
  });
  ctx.status = response.status;
  const type = response.headers.get('content-type');
  if (type) ctx.set('content-type', type);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > 0) ctx.body = body;
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 10 * 60_000,
  testFramework: { config: { timeout: 20_000 } },
  middleware: [controlProxy],
  plugins: [
    devtoolsCommands,
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    gcAttributesCommand,
    agentConsoleCommand,
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        args: [...CHROMIUM_ARGS, '--disable-quic'],
      },
    }),
  ],
  // nanostores reads process.env.NODE_ENV; the server URL tells tests where the local Genesys Cloud listens.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>gc-webchat tests</title></head>
  <body>
    <script>
      window.process = { env: { NODE_ENV: 'development' } };
      window.GC_SERVER_URL = ${JSON.stringify(server.url)};
      window.GC_JWT_SECRET = 'browser-tests-only';
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter(process.env.GC_TEST_COUNTS)],
};
