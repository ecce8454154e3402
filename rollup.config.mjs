// Two builds from one source tree:
//  (a) dist/*.js + .d.ts: ES modules for npm users and bundlers, with lit and nanostores left as imports;
//  (b) dist/gc-webchat.min.js: the script-tag build, minified with everything inside. It holds the launcher
//      (and Lit); the window is dist/chunks/gc-webchat-window-<hash>.js, which it imports on demand and
//      which imports what they share back from gc-webchat.min.js. dist/gc-widgets-compat.js, the Widgets v2
//      page API, is an entry of its own beside it that imports nothing from it (so it moves nothing into a
//      shared chunk) and that only widgets.min.js loads. scripts/size-check.mjs then checks the size budgets,
//      so `npm run build` fails when one is exceeded;
//  (c) dist/widgets.min.js: a classic script (no modules), the file a Genesys Widgets v2 page swaps in for
//      Genesys's own: it defines the bus synchronously and imports the two modules from beside itself.
import { rmSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { minifyTemplates } from './scripts/minify-templates.mjs';

const external = (id) => /^(lit|@lit\/|nanostores)/.test(id);
const production = replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } });
// Every build starts from an empty dist/: a module renamed or removed in src/ must not live on in the package
// (the tarball test packs whatever is there). The second build runs after the first, so it cleans nothing.
const cleanDist = { name: 'clean-dist', buildStart: () => rmSync('dist', { recursive: true, force: true }) };

export default [
  {
    input: { index: 'src/index.ts', define: 'src/define.ts' },
    external,
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      // The TypeScript plugin always imports its helpers from tslib; keep that copy out of a folder named
      // node_modules, which package managers and CDNs may drop from a published package.
      entryFileNames: ({ name }) => `${name.replace(/^node_modules\//, 'vendor/')}.js`,
      sourcemap: true,
    },
    // inlineSources: the maps carry the TypeScript they point to, which the package does not ship.
    plugins: [cleanDist, typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist', outDir: 'dist', inlineSources: true })],
  },
  {
    input: { 'gc-webchat.min': 'src/launcher.ts', 'gc-widgets-compat': 'src/compat/compat.ts' },
    // The entry exports registerStrings and, beside it, what the chunks import back from it (no facade file).
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      // A protocol's chunk is named after its folder (gc-web-messaging-…, gc-purecloud-v2-…), so the size check
      // can tell which bytes a visitor of each transport pays. Rich messaging loads only when a chat meets it: each renderer is gc-rich-<name>-…, the upload code
      // gc-upload-…; a language table is gc-lang-<code>-…. The size check lists them apart from what a plain
      // text chat downloads.
      chunkFileNames: ({ name, facadeModuleId, moduleIds }) => {
        const inRich = (id) => /[\\/]elements[\\/]rich[\\/]/.test(id);
        if ((facadeModuleId && inRich(facadeModuleId)) || (!facadeModuleId && moduleIds.length && moduleIds.every(inRich))) return `chunks/gc-rich-${name}-[hash].js`;
        if (facadeModuleId && /[\\/]transport[\\/][^\\/]+[\\/]uploads\.ts$/.test(facadeModuleId)) return `chunks/gc-upload-[hash].js`;
        if (facadeModuleId && /[\\/]transport[\\/][^\\/]+[\\/]content\.ts$/.test(facadeModuleId)) return `chunks/gc-rich-reader-[hash].js`;
        // Read only on a restore, a reconnect or when older messages are asked for: gc-<protocol>-history-….
        const history = facadeModuleId?.match(/[\\/]transport[\\/]([^\\/]+)[\\/]history\.ts$/)?.[1];
        if (history) return `chunks/gc-${history}-history-[hash].js`;
        const language = facadeModuleId?.match(/[\\/]i18n[\\/]([a-z]{2,3})\.ts$/)?.[1];
        if (language) return `chunks/gc-lang-${language}-[hash].js`;
        // A chunk with a lazy import of its own may have no facade: its modules still name the protocol.
        const protocolOf = (id) => id?.match(/[\\/]transport[\\/]([^\\/]+)[\\/]/)?.[1];
        const protocol = protocolOf(facadeModuleId) ?? (name === 'transport' ? moduleIds.map(protocolOf).find(Boolean) : undefined);
        return `chunks/gc-${protocol ?? name}-[hash].js`;
      },
    },
    plugins: [
      nodeResolve(),
      production,
      typescript({ tsconfig: './tsconfig.json', declaration: false, declarationMap: false, outDir: 'dist', sourceMap: true }),
      minifyTemplates(),
      // Three compress passes find what one pass's output makes possible (about 130 B gzip); only safe options.
      terser({ ecma: 2020, module: true, compress: { passes: 3 }, format: { comments: false } }),
    ],
  },
  {
    input: 'src/compat/widgets-script.ts',
    output: { file: 'dist/widgets.min.js', format: 'iife', sourcemap: true },
    plugins: [
      typescript({ tsconfig: './tsconfig.json', declaration: false, declarationMap: false, outDir: 'dist', sourceMap: true }),
      terser({ ecma: 2020, compress: { passes: 3 }, format: { comments: false } }),
    ],
  },
];
