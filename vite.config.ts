import { resolve } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { popupOneChunk } from './build/popup-one-chunk.ts';
import { manifestFor } from './manifest.config.ts';
import { classicContentScripts } from './scripts/classic-content-scripts.ts';
import { classicServiceWorker } from './scripts/classic-service-worker.ts';
import { stripSinks } from './scripts/strip-sinks.ts';

const TARGET = ['chrome120', 'firefox140'];

/**
 * Team sync's network code (issue #17), kept in its box: the engine and the libraries only it
 * uses build into chunks named `sync*` (e2e/shipped.e2e.ts checks that no other shipped file
 * holds a network API).
 */
const SYNC_MODULES =
  /[\\/](src[\\/]background[\\/]sync[\\/]sync-engine\.ts|node_modules[\\/](pouchdb-[^\\/]+|events|uuid|spark-md5|fetch-cookie|node-fetch)[\\/])/;

/**
 * One source, two builds: `vite build` → dist/ (Chrome), `vite build --mode firefox` →
 * dist-firefox/ (crxjs writes `background.scripts`; the manifest adds Firefox's settings).
 */
export default defineConfig(async ({ mode }) => {
  const browser = mode === 'firefox' ? 'firefox' : 'chrome';
  const exported = manifestFor(browser);
  const full =
    typeof exported === 'function' ? await exported({ command: 'build', mode }) : await exported;
  const { content_scripts: contentScripts = [], background, ...rest } = full;
  // Chrome's service worker is built by classicServiceWorker, Firefox's event page by crxjs.
  const manifest = browser === 'firefox' ? { ...rest, background } : rest;
  return {
    resolve: {
      // Firefox's event page can import() the sync chunk when sync goes on; Chrome's service
      // worker cannot (see src/background/sync/load.ts).
      alias:
        browser === 'firefox'
          ? [
              {
                find: /^\.\/sync\/load\.ts$/,
                replacement: resolve('src/background/sync/load-dynamic.ts'),
              },
            ]
          : [],
    },
    plugins: [
      // The popup as one script with its styles inline (the first paint waits for nothing else).
      popupOneChunk(),
      stripSinks(),
      preact(),
      // crxjs builds the background, the pages and the manifest; the content scripts are left
      // to classicContentScripts (one self-contained classic script per site: nothing
      // web-accessible, nothing for a page to probe; see that file for why not crxjs's loader).
      // injectCss off: crxjs would look our scripts up among its own (they import no CSS).
      crx({ manifest, browser, contentScripts: { injectCss: false } }),
      classicContentScripts({
        scripts: contentScripts as Parameters<typeof classicContentScripts>[0]['scripts'],
        plugins: () => [stripSinks(), preact()],
        target: TARGET,
      }),
      ...(browser === 'firefox'
        ? []
        : [
            classicServiceWorker({
              entry: 'src/background/index.ts',
              engine: 'src/background/sync/sync-engine.ts',
              plugins: () => [stripSinks()],
              target: TARGET,
            }),
          ]),
    ],
    build: {
      outDir: browser === 'firefox' ? 'dist-firefox' : 'dist',
      target: TARGET,
      // Readable stack traces in bug reports are not worth shipping sources; no remote code.
      sourcemap: false,
      // Vite's modulepreload polyfill `fetch()`es chunks: network code in the build, which our
      // promise (and store reviewers' greps) rule out. Both browsers preload natively.
      modulePreload: { polyfill: false },
      rollupOptions: {
        input: {
          dashboard: 'src/dashboard/index.html',
        },
        // Required by includeDependenciesRecursively: false (our entries export nothing).
        preserveEntrySignatures: 'allow-extension' as const,
        output: {
          // Only these modules: what they import from our code stays in the shared chunks.
          codeSplitting: {
            includeDependenciesRecursively: false,
            groups: [{ name: 'sync', test: SYNC_MODULES, priority: 10 }],
          },
          chunkFileNames: (chunk: { name: string; moduleIds: readonly string[] }) =>
            chunk.moduleIds.some((id) => SYNC_MODULES.test(id))
              ? 'assets/sync-[hash].js'
              : 'assets/[name]-[hash].js',
        },
      },
    },
  };
});
