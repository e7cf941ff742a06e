/**
 * Builds each content script as one self-contained classic script (IIFE, every import
 * inlined) and writes it into the manifest, next to crxjs's build of everything else.
 *
 * Why not crxjs's own content scripts: by default it ships a loader that `import()`s the real
 * chunks, which must then be web-accessible (`use_dynamic_url: false`) — any Gmail or LinkedIn
 * page can fetch them and so detect Etape (LinkedIn probes extensions this way) — and the page
 * pays for fetching and linking a module graph at every load. crxjs's `standaloneFiles` builds
 * IIFEs but with no plugins at all, so the scripts would miss Preact's JSX settings and our
 * strip-sinks patches. This plugin builds them with the plugins it is given, emits them under
 * `content/<site>.js`, and puts them in the manifest through crxjs's `renderCrxManifest` hook.
 * Build only: the dev server (never tested, see toolchain notes) runs no content script.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { buildClassic, type ClassicPluginOptions, outerBuild } from './build-classic.ts';

export interface ContentScriptSpec {
  /** The manifest's own entry, as in manifest.config.ts. */
  matches: string[];
  js: string[];
  run_at?: 'document_start' | 'document_end' | 'document_idle';
}

/** `src/content/gmail/index.ts` → `content/gmail.js`: one file per site, no hash (stable path). */
export function outputName(entry: string): string {
  const site = /src\/content\/([\w-]+)\/index\.tsx?$/.exec(entry)?.[1];
  if (!site) throw new Error(`classic-content-scripts: unexpected entry ${entry}`);
  return `content/${site}.js`;
}

export function classicContentScripts(
  options: ClassicPluginOptions & { scripts: ContentScriptSpec[] },
): Plugin {
  const outer = outerBuild();
  return {
    name: 'etape:classic-content-scripts',
    apply: 'build',
    configResolved: outer.configResolved,
    async generateBundle() {
      const { root, minify } = outer;
      for (const entry of options.scripts.flatMap((script) => script.js)) {
        // One build per site: sharing chunks between them would need a loader again.
        const fileName = outputName(entry);
        const { code } = await buildClassic({
          entry,
          fileName,
          plugins: [nativeExtensionApi(), ...options.plugins()],
          target: options.target,
          minify,
        });
        this.emitFile({
          type: 'asset',
          fileName,
          source: `${EAGER_COMPILE_HINT}\n${bundleMessages(code, root)}`,
        });
      }
    },
    // crxjs calls this on every plugin as it writes manifest.json (after its own processing).
    renderCrxManifest(manifest: { content_scripts?: ContentScriptSpec[] }) {
      manifest.content_scripts = options.scripts.map((script) => ({
        ...script,
        js: script.js.map(outputName),
      }));
      return manifest;
    },
  } as Plugin;
}

/**
 * V8's explicit compile hint (Chrome 136+; a plain comment elsewhere): compile every function
 * of the file with the script instead of on first call. V8 otherwise pre-parses each function
 * at load and parses it again when it first runs, and a closure nested n deep is pre-parsed n
 * times; a content script runs most of its code within its first turns (the start, the first
 * scan, the first controls), so compiling it once, up front, costs a page less: 2.5–3 ms of
 * thread time per Gmail or LinkedIn load in the page-cost traces (issue #20), though the
 * evaluation itself takes longer. Chromium caches no compiled code for content scripts.
 */
export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Content scripts call the browser's own API (src/browser/ext-native.ts) instead of
 * webextension-polyfill, which pages and the background keep: src/browser/ext.ts is swapped
 * for it, and anything importing the polyfill directly fails the build rather than slipping
 * ~10 KB of wrappers back into every Gmail and LinkedIn page load.
 */
export function nativeExtensionApi(): Plugin {
  return {
    name: 'etape:native-extension-api',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'webextension-polyfill')
        this.error(
          `${importer ?? 'a content script'} imports webextension-polyfill: content scripts use src/browser/ext.ts`,
        );
      if (!importer || !source.startsWith('.')) return null;
      const path = resolve(dirname(importer), source);
      return path.endsWith('/src/browser/ext.ts')
        ? path.replace(/ext\.ts$/, 'ext-native.ts')
        : null;
    },
  };
}

/** The string src/browser/ext-native.ts holds until the build puts the catalogue there. */
export const MESSAGES_PLACEHOLDER = '__ETAPE_CONTENT_MESSAGES__';

/**
 * Puts into a built content script the en and fr catalogue entries of every message key its
 * code names as a string literal (`t('liLink')`, the error reasons' `key: 'errRefused'`…), as
 * one JSON string ext-native.ts parses on first use: ~60 of our ~430 messages, so the page
 * gets no 90 KB of catalogues, and no blocking fetch of the browser's message bundle. A key
 * built at run time would be missing: ext-native.ts then asks the browser, correct if slower.
 */
export function bundleMessages(code: string, root: string): string {
  const locale = (name: string) =>
    JSON.parse(
      readFileSync(join(root, 'public', '_locales', name, 'messages.json'), 'utf8'),
    ) as Record<string, unknown>;
  const en = locale('en');
  const fr = locale('fr');
  const named = Object.keys(en).filter((key) =>
    ['"', "'", '`'].some((quote) => code.includes(`${quote}${key}${quote}`)),
  );
  const pick = (catalogue: Record<string, unknown>) =>
    Object.fromEntries(named.map((key) => [key, catalogue[key] ?? en[key]]));
  const literal = new RegExp(`(["'\`])${MESSAGES_PLACEHOLDER}\\1`, 'g');
  const found = code.match(literal)?.length ?? 0;
  if (found !== 1)
    throw new Error(
      `classic-content-scripts: ${found} message placeholders in a content script, expected 1`,
    );
  return code.replace(literal, () =>
    JSON.stringify(JSON.stringify({ en: pick(en), fr: pick(fr) })),
  );
}
