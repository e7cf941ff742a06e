import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { CONTENT_SCRIPT_ENTRIES, manifestFor } from './manifest.config.ts';

/**
 * One source, two builds: `vite build` → dist/ (Chrome), `vite build --mode firefox` →
 * dist-firefox/ (crxjs writes `background.scripts`; the manifest adds Firefox's settings).
 */
export default defineConfig(({ mode }) => {
  const browser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [
      preact(),
      crx({
        manifest: manifestFor(browser),
        browser,
        contentScripts: {
          // Each content script is built on its own as one self-contained classic (IIFE)
          // script, every import inlined. crxjs's default instead ships a loader that
          // `import()`s the real chunks, which must then be web-accessible
          // (`use_dynamic_url: false`): any Gmail or LinkedIn page could fetch them and so
          // detect Etape (LinkedIn probes extensions this way), and the loader's chunks cost
          // the page a module graph to fetch and link at every load. Nothing is web-accessible
          // now, and background/reinject.ts injects these same files from the manifest.
          standaloneFiles: CONTENT_SCRIPT_ENTRIES,
        },
      }),
    ],
    build: {
      outDir: browser === 'firefox' ? 'dist-firefox' : 'dist',
      target: ['chrome120', 'firefox142'],
      // Readable stack traces in bug reports are not worth shipping sources; no remote code.
      sourcemap: false,
      // Vite's modulepreload polyfill `fetch()`es chunks: network code in the build, which
      // our promise (and store reviewers' greps) rule out. Both browsers preload natively.
      modulePreload: { polyfill: false },
      rollupOptions: {
        input: {
          dashboard: 'src/dashboard/index.html',
        },
      },
    },
    server: { cors: { origin: [/chrome-extension:\/\//, /moz-extension:\/\//] } },
  };
});
