// Vite + @vitejs/plugin-vue, as `npm create vue` sets up, plus the one line custom elements need:
// Vue's template compiler must leave gc-* tags to the browser instead of resolving them as Vue components.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('gc-') } } })],
  build: { outDir: 'dist', emptyOutDir: true },
});
