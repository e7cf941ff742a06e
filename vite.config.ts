import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { popupOneChunk } from './build/popup-one-chunk.ts';
import manifest from './manifest.config.ts';

export default defineConfig({
  plugins: [popupOneChunk(), preact(), crx({ manifest })],
  build: {
    target: 'chrome120',
    // Readable stack traces in bug reports cost nothing at runtime; no remote code either way.
    sourcemap: false,
    // No module-preload helper (it contains fetch(), and the popup is one chunk anyway).
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        dashboard: 'src/dashboard/index.html',
      },
    },
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
