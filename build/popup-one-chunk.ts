/**
 * The popup in one chunk (issue #14). The popup opens dozens of times a day and every file it
 * loads before its first paint is one more request to the browser process, ~2 ms each on a busy
 * machine and one more round of them for each import level. A module the popup shares with the
 * dashboard, the worker or the content scripts would sit in a shared chunk; so the popup's
 * whole graph gets its own copy, tagged by a query suffix Rollup sees as another module, and
 * the bundler puts that copy in the popup's entry chunk. Nothing changes for the other entries.
 *
 * Two more things the popup does not load:
 * - webextension-polyfill. An extension page has the browser's own promise-based API: Firefox's
 *   `browser`, and in Chrome MV3 `chrome`, whose methods the popup calls (runtime.sendMessage,
 *   tabs.query, storage, permissions, i18n) all return promises. The polyfill's wrapping is for
 *   content scripts and the worker's listeners; in the popup it was 10 KB to load and evaluate
 *   before the first request could leave (and, being UMD, a chunk of interop helpers).
 * - a stylesheet file: its CSS is written into the page (module scripts wait for stylesheets).
 */
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { OutputAsset } from 'rollup';
import type { Plugin } from 'vite';

const TAG = '?etape-popup';
const NATIVE_API = '\0etape-popup-native-api';
const clean = (id: string) => id.replace(/[?#].*$/, '');

export function popupOneChunk(popupDir = resolve('src/popup')): Plugin {
  const inPopup = (id: string) => clean(id).startsWith(popupDir + sep);
  return {
    name: 'etape-popup-one-chunk',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || (!importer.endsWith(TAG) && !inPopup(importer))) return null;
      if (source === 'webextension-polyfill') return NATIVE_API;
      if (source.includes('?') || source.startsWith('\0')) return null;
      const resolved = await this.resolve(source, clean(importer), { ...options, skipSelf: true });
      if (!resolved || resolved.external || resolved.id.startsWith('\0')) return resolved;
      // The popup's own files are the popup's alone already.
      if (inPopup(resolved.id) || resolved.id.includes('?')) return resolved;
      return { ...resolved, id: `${resolved.id}${TAG}` };
    },
    load(id) {
      if (id === NATIVE_API) return 'export default globalThis.browser ?? globalThis.chrome;\n';
      return id.endsWith(TAG) ? readFileSync(clean(id), 'utf8') : null;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, { filename, bundle }) {
        if (!bundle || !inPopup(filename)) return html;
        return html.replace(
          /<link rel="stylesheet"[^>]*href="\/?([^"]+\.css)"[^>]*>/g,
          (link, file: string) => {
            const asset = bundle[file] as OutputAsset | undefined;
            if (asset?.type !== 'asset') return link;
            // Only the popup's page links it (its graph is its own): the file goes.
            delete bundle[file];
            return `<style>${String(asset.source)}</style>`;
          },
        );
      },
    },
  };
}
