// Two builds from one source tree:
//  (a) dist/*.js + .d.ts: ES modules for npm users and bundlers, with lit and nanostores left as imports;
//  (b) dist/gc-webchat.min.js: one minified file with everything inside, for a <script type="module"> tag.
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';

const external = (id) => /^(lit|@lit\/|nanostores)/.test(id);
const production = replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } });

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
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist', outDir: 'dist', inlineSources: true })],
  },
  {
    input: 'src/define.ts',
    output: { file: 'dist/gc-webchat.min.js', format: 'es', sourcemap: true },
    plugins: [
      nodeResolve(),
      production,
      typescript({ tsconfig: './tsconfig.json', declaration: false, declarationMap: false, outDir: 'dist', sourceMap: true }),
      terser({ ecma: 2020, module: true, format: { comments: false } }),
    ],
  },
];
