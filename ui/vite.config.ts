import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// A plain SPA for the Tauri window: relative asset paths, no inline scripts or styles
// (the window's CSP allows only 'self').
export default defineConfig({
  base: './',
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { port: 1420, strictPort: true },
});
