import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// Unit tests: no crx plugin, fake IndexedDB, happy-dom only where a file asks for it.
export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    setupFiles: ['fake-indexeddb/auto'],
    environment: 'node',
  },
});
