import { defineConfig } from 'vitest/config';

// End-to-end: drives the built dist/ in headless Chromium and dist-firefox/ in headless Firefox
// ESR (e2e/firefox/), and reads the store zips. Files share one browser per file; run files one
// after another so two browsers never fight over 2 cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
