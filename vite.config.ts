import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.config.ts';

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    target: 'chrome120',
    // Readable stack traces in bug reports cost nothing at runtime; no remote code either way.
    sourcemap: false,
    rollupOptions: {
      input: {
        dashboard: 'src/dashboard/index.html',
      },
    },
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
