// The package as npm users get it: `npm pack`, installed into an empty project, then type-checked against,
// bundled with esbuild and rendered in Chromium, and its script-tag build loaded from a plain HTML page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import type { RunningServer } from '../../server/app.ts';
import {
  chatThroughWidget,
  DEPLOYMENT_KEY,
  launchChromium,
  openPage,
  ORG_GUID,
  REPO_ROOT,
  startLocalCloud,
} from '../e2e/browser.ts';

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let workDir: string;
let app: string;
let installed: string;
let packed: PackResult;
let server: RunningServer;
let browser: Browser;

before(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist/custom-elements.json'))) throw new Error('dist/ is missing: run `npm run build` first');
  workDir = mkdtempSync(join(tmpdir(), 'gc-webchat-pack-'));
  [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', workDir], REPO_ROOT)) as PackResult[];

  // An empty project that installs the tarball (lit, nanostores and vue come from the npm cache or registry).
  app = join(workDir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const vueVersion = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/vue/package.json'), 'utf8')).version;
  npm(['install', '--prefer-offline', '--ignore-scripts', join(workDir, packed.filename), `vue@${vueVersion}`], app);
  installed = join(app, 'node_modules/gc-webchat');

  server = await startLocalCloud(app);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('ships only the built package: dist modules, typings, the manifest, the script-tag build and the README', (t) => {
    const paths = packed.files.map((file) => file.path);
    t.diagnostic(`packed ${(packed.size / 1024).toFixed(0)} KB, unpacked ${(packed.unpackedSize / 1024).toFixed(0)} KB, ${paths.length} files`);
    for (const path of paths) {
      assert.match(path, /^(package\.json|README\.md|LICENSE(\.md)?|dist\/[\w/.-]+\.(js|d\.ts|js\.map|json))$/, `unexpected file in the package: ${path}`);
      assert.doesNotMatch(path, /(^|\/)node_modules\//, `${path}: a node_modules folder may be dropped by package managers`);
    }
    for (const required of [
      'dist/index.js', 'dist/index.d.ts', 'dist/define.js', 'dist/define.d.ts', 'dist/vue.d.ts',
      'dist/custom-elements.json', 'dist/gc-webchat.min.js', 'dist/elements/gc-webchat.js', 'dist/elements/events.d.ts',
      // The Widgets v2 page API: the classic script a v2 page swaps in, and the module it loads from beside it.
      'dist/widgets.min.js', 'dist/gc-widgets-compat.js',
    ]) {
      assert.ok(paths.includes(required), `${required} is in the package`);
    }
  });

  test('package.json: exports list types first and point at shipped files; the manifest is named and exported', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.customElements, './dist/custom-elements.json');
    assert.ok(existsSync(join(installed, manifest.customElements)));
    assert.ok(existsSync(join(installed, manifest.types)), 'types');
    assert.ok(existsSync(join(installed, manifest.module)), 'module');
    assert.equal(manifest.exports['./custom-elements.json'], './dist/custom-elements.json');
    for (const [subpath, target] of Object.entries<string | Record<string, string>>(manifest.exports)) {
      const conditions = typeof target === 'string' ? { default: target } : target;
      if (typeof target !== 'string') assert.equal(Object.keys(target)[0], 'types', `${subpath}: "types" must come first`);
      for (const file of Object.values(conditions)) assert.ok(existsSync(join(installed, file)), `${subpath} → ${file} exists`);
    }
    // Bundlers drop side-effect-free modules that are only imported for their effects: every module that
    // registers an element must be listed as having side effects, or `import 'gc-webchat/define'` would do nothing.
    const sideEffects: string[] = manifest.sideEffects;
    const matches = (file: string) =>
      sideEffects.some((pattern) => new RegExp(`^${pattern.replace(/^\.\//, '').replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`).test(file));
    const registering = listFiles(join(installed, 'dist'))
      .filter((file) => file.endsWith('.js') && readFileSync(join(installed, 'dist', file), 'utf8').includes('customElements.define('))
      .map((file) => `dist/${file}`);
    assert.ok(registering.length >= 4, `element modules found: ${registering}`);
    for (const file of [...registering, 'dist/define.js']) assert.ok(matches(file), `${file} is listed in sideEffects`);
    assert.ok(!matches('dist/session/session.js') && !matches('dist/index.js'), 'the session and the index are side-effect free');
  });

  test('the shipped custom-elements.json describes the four elements at modules the package ships', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'dist/custom-elements.json'), 'utf8'));
    const tags: string[] = [];
    const definitions: string[] = [];
    for (const mod of manifest.modules) {
      assert.ok(existsSync(join(installed, mod.path)), `${mod.path} is shipped`);
      for (const declaration of mod.declarations ?? []) if (declaration.tagName) tags.push(declaration.tagName);
      for (const exported of mod.exports ?? []) {
        if (exported.declaration?.module) assert.ok(existsSync(join(installed, exported.declaration.module)), exported.declaration.module);
        if (exported.kind === 'custom-element-definition') definitions.push(exported.name);
      }
    }
    assert.deepEqual(tags.sort(), ['gc-composer', 'gc-registration-form', 'gc-transcript', 'gc-webchat']);
    // Tools that map a tag to its class and module (IDEs, Storybook) read the definitions.
    assert.deepEqual(definitions.sort(), tags);
  });

  test('TypeScript consumers get typed elements, events and Vue template types (bundler and NodeNext resolution)', () => {
    writeFileSync(join(app, 'consumer.ts'), CONSUMER_TS);
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    for (const resolution of ['Bundler', 'NodeNext']) {
      const module = resolution === 'Bundler' ? 'ESNext' : 'NodeNext';
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022', module, moduleResolution: resolution, lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            // Our .d.ts files are checked once in full; the second run only changes how imports resolve.
            strict: true, noEmit: true, skipLibCheck: resolution !== 'Bundler', types: [],
          },
          files: ['consumer.ts'],
        }),
      );
      try {
        execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        const { stdout, stderr } = error as { stdout: string; stderr: string };
        assert.fail(`tsc (${resolution}) failed on the consumer:\n${stdout}${stderr}`);
      }
    }
  });

  test('bundled with esbuild from the installed package, <gc-webchat> renders and chats in Chromium', async () => {
    mkdirSync(join(app, 'src'), { recursive: true });
    mkdirSync(join(app, 'demo'), { recursive: true });
    writeFileSync(
      join(app, 'src/main.js'),
      `import 'gc-webchat/define';
import { GcWebchat } from 'gc-webchat';
const chat = document.createElement('gc-webchat');
for (const [name, value] of Object.entries({ transport: 'purecloud-v2-sockets', 'data-url': '/', 'deployment-key': ${JSON.stringify(DEPLOYMENT_KEY)},
  'org-guid': ${JSON.stringify(ORG_GUID)}, 'target-address': 'Support', storage: 'none' })) chat.setAttribute(name, value);
document.body.append(chat);
window.sameClass = customElements.get('gc-webchat') === GcWebchat;
`,
    );
    const { build } = await import('esbuild');
    await build({
      absWorkingDir: app,
      entryPoints: ['src/main.js'],
      outfile: 'demo/app.js',
      bundle: true,
      format: 'esm',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    writeFileSync(join(app, 'demo/index.html'), page('<script type="module" src="./app.js"></script>', ''));

    const { page: tab, errors } = await openPage(browser, `${server.url}/demo/index.html`);
    await tab.waitForSelector('gc-webchat >>> [part~="launcher"]');
    assert.equal(await tab.evaluate(() => (window as unknown as { sameClass: boolean }).sameClass), true);
    await tab.locator('gc-webchat >>> [part~="launcher"]').click();
    await chatThroughWidget(tab);
    assert.deepEqual(errors, []);
    await tab.close();
  });

  test('a bundle of the session alone registers no element, carries no Lit, and chats in Chromium', async () => {
    // A page that draws its own chat UI from the session's stores.
    writeFileSync(
      join(app, 'src/headless.js'),
      `import { ChatSession, memoryState } from 'gc-webchat';
const session = new ChatSession({ transport: 'purecloud-v2-sockets', dataUrl: location.origin,
  deploymentKey: ${JSON.stringify(DEPLOYMENT_KEY)}, orgGuid: ${JSON.stringify(ORG_GUID)}, targetType: 'QUEUE',
  targetAddress: 'Support', storage: memoryState() });
const log = document.createElement('ul');
document.body.append(log);
session.$messages.subscribe((messages) => log.replaceChildren(...messages.map((m) => Object.assign(document.createElement('li'), { textContent: m.text }))));
await session.startChat({ firstname: 'Ada', lastname: 'Lovelace' });
// Write once the agent has said hello, as a visitor would.
await new Promise((greeted) => session.$messages.subscribe((messages) => messages.some((m) => m.from.type === 'Agent') && greeted()));
await session.sendMessage('Can I pay my bill monthly?');
`,
    );
    const { build } = await import('esbuild');
    const result = await build({
      absWorkingDir: app,
      entryPoints: ['src/headless.js'],
      outfile: 'demo/headless.js',
      bundle: true,
      minify: true,
      format: 'esm',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
      metafile: true,
    });
    const bundled = Object.entries(result.metafile.outputs['demo/headless.js']!.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input);
    assert.deepEqual(bundled.filter((input) => /gc-webchat\/dist\/(elements|define)|node_modules\/(lit|lit-html|lit-element|@lit)\//.test(input)), []);
    assert.doesNotMatch(readFileSync(join(app, 'demo/headless.js'), 'utf8'), /customElements\.define/);
    writeFileSync(join(app, 'demo/headless.html'), page('<script type="module" src="./headless.js"></script>', ''));

    const { page: tab, errors } = await openPage(browser, `${server.url}/demo/headless.html`);
    await tab.waitForFunction(() => document.body.textContent!.includes('Good question: "Can I pay my bill monthly?"'), { timeout: 15_000 });
    assert.equal(await tab.evaluate(() => customElements.get('gc-webchat') ?? customElements.get('gc-transcript')), undefined);
    assert.deepEqual(errors, []);
    await tab.close();
  });

  test('the script-tag build runs from a plain HTML page with no bundler, configured by attributes only', async () => {
    // The page loads the files exactly as the package ships them (however many the build emits).
    cpSync(join(installed, 'dist'), join(app, 'dist'), { recursive: true });
    writeFileSync(
      join(app, 'demo/plain.html'),
      page(
        '<script type="module" src="../dist/gc-webchat.min.js"></script>',
        `<gc-webchat transport="purecloud-v2-sockets" data-url="/" deployment-key="${DEPLOYMENT_KEY}" org-guid="${ORG_GUID}" target-address="Support" storage="none"></gc-webchat>`,
      ),
    );
    const { page: tab, errors } = await openPage(browser, `${server.url}/demo/plain.html`);
    await tab.waitForSelector('gc-webchat >>> [part~="launcher"]');
    const requested = await tab.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    assert.ok(requested.every((path) => !path.includes('node_modules')), `no bare imports left: ${requested}`);
    await tab.locator('gc-webchat >>> [part~="launcher"]').click();
    await chatThroughWidget(tab, 'gc-webchat', 'Grace');
    assert.deepEqual(errors, []);
    await tab.close();
  });
});

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

function page(head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>consumer</title><link rel="icon" href="data:,">${head}</head>
  <body><h1>An empty project</h1>${body}</body>
</html>`;
}

/** A consumer's TypeScript: each @ts-expect-error line fails the check if the typings were too loose. */
const CONSUMER_TS = `import 'gc-webchat/define';
import { GcWebchat, GcRegistrationForm, type GcWebchatEventMap } from 'gc-webchat';
import type {} from 'gc-webchat/vue';
import type { GlobalComponents } from 'vue';

const chat = document.createElement('gc-webchat');
const asClass: GcWebchat = chat;
chat.targetAddress = 'Support';
chat.addEventListener('gc-message-received', (event) => {
  const text: string = event.detail.messages[0]!.text;
  const restoring: boolean = event.detail.restoring;
  void text; void restoring;
});
chat.addEventListener('gc-error', (event) => {
  const attribute: string | undefined = event.detail.attribute;
  void attribute;
});
chat.addEventListener('click', (event) => void event.clientX);
// @ts-expect-error gc-ended's detail has a reason, no messages
chat.addEventListener('gc-ended', (event) => event.detail.messages);
// @ts-expect-error open is a boolean
chat.open = 'yes';

const form: GcRegistrationForm | null = document.querySelector('gc-registration-form');
form?.addEventListener('gc-form-submit', (event) => event.detail.values['firstname']);
document.querySelector('gc-transcript')?.scrollToLatest();
document.querySelector('gc-composer')?.send();

const onMessage = (event: GcWebchatEventMap['gc-message-received']) => event.detail.messages.length;

type VueWebchat = InstanceType<GlobalComponents['gc-webchat']>;
const vueProps: VueWebchat['$props'] = { targetAddress: 'Support', open: true, onGcMessageReceived: onMessage };
// @ts-expect-error misspelt attribute
const misspelt: VueWebchat['$props'] = { targetAdress: 'Support' };
// @ts-expect-error the listener gets gc-message-received's event
const wrongListener: VueWebchat['$props'] = { onGcEnded: onMessage };
void asClass; void vueProps; void misspelt; void wrongListener;
`;
