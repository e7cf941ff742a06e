/**
 * The popup in one chunk (issue #14). The popup opens dozens of times a day and every file it
 * loads before its first paint is one more request to the browser process, ~2 ms each on a busy
 * machine and one more round of them for each import level. A module the popup shares with the
 * dashboard, the worker or the content scripts would sit in a shared chunk; so the popup's
 * whole graph gets its own copy, tagged by a query suffix Rollup sees as another module, and
 * the bundler puts that copy in the popup's entry chunk. Nothing changes for the other entries.
 * A CommonJS module would still pull the bundler's shared interop helpers (a chunk of their
 * own), so the one the popup uses, webextension-polyfill (UMD), is handed over as an ES module:
 * the same code, given the `module` it writes its export to. And its stylesheet is written
 * into the page itself: a linked one is one more file, and module scripts wait for it.
 */
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { OutputAsset } from 'rollup';
import type { Plugin } from 'vite';

const TAG = '?etape-popup';
const clean = (id: string) => id.replace(/[?#].*$/, '');

export function popupOneChunk(popupDir = resolve('src/popup')): Plugin {
  const inPopup = (id: string) => clean(id).startsWith(popupDir + sep);
  return {
    name: 'etape-popup-one-chunk',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || (!importer.endsWith(TAG) && !inPopup(importer))) return null;
      if (source.includes('?') || source.startsWith('\0')) return null;
      const resolved = await this.resolve(source, clean(importer), { ...options, skipSelf: true });
      if (!resolved || resolved.external || resolved.id.startsWith('\0')) return resolved;
      // The popup's own files are the popup's alone already.
      if (inPopup(resolved.id) || resolved.id.includes('?')) return resolved;
      return { ...resolved, id: `${resolved.id}${TAG}` };
    },
    load(id) {
      if (!id.endsWith(TAG)) return null;
      const code = readFileSync(clean(id), 'utf8');
      if (!/[\\/]webextension-polyfill[\\/]/.test(id)) return code;
      return `const module = { exports: {} };\nconst exports = module.exports;\n${code}\nexport default module.exports;\n`;
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
