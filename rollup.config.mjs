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
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist', outDir: 'dist' })],
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
