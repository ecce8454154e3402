// Builds the framework demos with each stack's own toolchain, against the built package (run `npm run build`
// first; both import `gc-webchat/define` and resolve it through package.json "exports"):
//   demo/vue/      Vite + @vitejs/plugin-vue (single-file components)          -> demo/vue/dist/
//   demo/angular/  Angular's AOT compiler (ngc, strictTemplates), then esbuild   -> demo/angular/dist/
//                  with Angular's linker for the partially compiled @angular/* packages.
//   demo/react/    React 19: TypeScript checks the JSX (tsc --noEmit), esbuild    -> demo/react/dist/
//                  compiles it (the automatic JSX runtime) and bundles it.
// The local server serves them at /demo/vue/dist/, /demo/angular/dist/ and /demo/react/dist/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const only = process.argv[2]; // optional: "vue", "angular" or "react"

if (!existsSync(join(root, 'dist/define.js'))) {
  console.error('build-demos: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}

async function buildVue() {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'demo/vue/vite.config.mjs') });
}

function ngc(project) {
  const packageDir = dirname(require.resolve('@angular/compiler-cli/package.json'));
  const bin = join(packageDir, JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).bin.ngc);
  const result = spawnSync(process.execPath, [bin, '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`ngc failed on ${project}`);
}

/** esbuild plugin: links the partial declarations (ɵɵngDeclare*) that @angular/* packages ship, as the CLI does. */
async function angularLinker() {
  const { transformAsync } = await import('@babel/core');
  const { default: linkerPlugin } = await import('@angular/compiler-cli/linker/babel');
  return {
    name: 'angular-linker',
    setup(build) {
      build.onLoad({ filter: /[\\/]@angular[\\/].*\.m?js$/ }, async ({ path }) => {
        const code = readFileSync(path, 'utf8');
        if (!code.includes('ɵɵngDeclare')) return { contents: code, loader: 'js' };
        const result = await transformAsync(code, {
          filename: path,
          babelrc: false,
          configFile: false,
          compact: false,
          sourceMaps: false,
          plugins: [linkerPlugin],
        });
        return { contents: result?.code ?? code, loader: 'js' };
      });
    },
  };
}

async function buildAngular() {
  const appDir = join(root, 'demo/angular');
  const outDir = join(appDir, 'dist');
  rmSync(join(appDir, '.ngc'), { recursive: true, force: true });
  ngc(join(appDir, 'tsconfig.json'));
  const { build } = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(appDir, '.ngc/main.js')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    conditions: ['es2015', 'browser', 'module', 'import'],
    define: { 'process.env.NODE_ENV': '"production"', ngDevMode: 'false', ngJitMode: 'false', ngI18nClosureMode: 'false' },
    plugins: [await angularLinker()],
    logLevel: 'warning',
  });
  copyFileSync(join(appDir, 'index.html'), join(outDir, 'index.html'));
}

async function buildReact() {
  const appDir = join(root, 'demo/react');
  const outDir = join(appDir, 'dist');
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin/tsc');
  const checked = spawnSync(process.execPath, [tsc, '-p', join(appDir, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
  if (checked.status !== 0) throw new Error('tsc failed on demo/react');
  const { build } = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(appDir, 'main.tsx')],
    outdir: outDir,
    entryNames: 'main',
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  copyFileSync(join(appDir, 'index.html'), join(outDir, 'index.html'));
}

const builders = { vue: buildVue, angular: buildAngular, react: buildReact };
const started = performance.now();
for (const [name, buildOne] of Object.entries(builders)) if (!only || only === name) await buildOne();
console.log(`build-demos: ${only ?? Object.keys(builders).join(', ')} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
