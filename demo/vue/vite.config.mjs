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
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      // The app registers every element at once (gc-webchat/define), so the window the launcher would load on
      // demand is in the bundle already: Vite saying it cannot split that import off is the intended result.
      onwarn(warning, warn) {
        if (/dynamic import will not move module into another chunk/.test(warning.message)) return;
        warn(warning);
      },
    },
  },
});
