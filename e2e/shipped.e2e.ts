/**
 * What we ship, read as a store reviewer would: both builds (dist/, dist-firefox/) and both
 * store zips (release/). No network API in any shipped script (the one exception, opt-in team
 * sync, lives in chunks named `sync*` that only the background may import), no
 * web-accessible file, one self-contained classic script per site, and zips holding exactly
 * the build with its manifest at the root — no source maps, sources or tests.
 * Runs after `npm run package` (npm test does it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILDS = { chrome: join(root, 'dist'), firefox: join(root, 'dist-firefox') };
const ZIPS = {
  chrome: join(root, 'release', `etape-chrome-${pkg.version}.zip`),
  firefox: join(root, 'release', `etape-firefox-${pkg.version}.zip`),
};
/**
 * Network APIs as a reviewer greps for them: a call of fetch under any name (`fetch(`,
 * `.fetch`, `fetch.bind`, `fetch.call`), the request classes, beacons, sockets, streams.
 */
const NETWORK_APIS: Array<[string, RegExp]> = [
  ['fetch', /\bfetch\s*\(|\.fetch\b|\bfetch\s*\.\s*(bind|call|apply)\b|["'`]fetch["'`]/],
  ['XMLHttpRequest', /XMLHttpRequest/],
  ['sendBeacon', /sendBeacon/],
  ['WebSocket', /WebSocket/],
  ['EventSource', /EventSource/],
  ['WebTransport', /WebTransport/],
  ['RTCPeerConnection', /RTCPeerConnection/],
  ['importScripts', /importScripts\s*\(/],
];
/** Team sync's chunks (vite.config.ts): the only shipped files allowed a network API. */
const SYNC_CHUNK = /^assets\/sync[^/]*\.js$/;
/**
 * The one importScripts call allowed, in Chrome's classic service worker only: of the sync
 * engine's own script, by a literal path (src/background/sync/load.ts).
 */
const ENGINE_IMPORT = /importScripts\(\s*(["'`])\/assets\/sync[\w.-]*\.js\1\s*\)/g;

interface Manifest {
  version: string;
  content_scripts?: Array<{ matches: string[]; js: string[] }>;
  web_accessible_resources?: unknown;
  background?: { service_worker?: string; scripts?: string[] };
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).replaceAll('\\', '/'))
    .sort();
}

function manifestOf(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

for (const [browser, dir] of Object.entries(BUILDS)) {
  describe(`${browser} build (${relative(root, dir)}/)`, () => {
    it('exists: npm run package builds it', () => {
      expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
    });

    it('has no network API in any shipped file, but in sync* chunks', () => {
      const shipped = files(dir).filter((file) => !/\.(png|ico|woff2?)$/.test(file));
      expect(shipped.filter((file) => /\.(m?js|html)$/.test(file)).length).toBeGreaterThan(5);
      const worker = manifestOf(dir).background?.service_worker;
      const found: string[] = [];
      for (const file of shipped) {
        if (SYNC_CHUNK.test(file)) continue;
        let code = readFileSync(join(dir, file), 'utf8');
        if (file === worker) code = code.replace(ENGINE_IMPORT, '');
        for (const [api, pattern] of NETWORK_APIS)
          if (pattern.test(code)) found.push(`${file}: ${api}`);
      }
      expect(found).toEqual([]);
    });

    it('builds team sync into sync* chunks that hold the network code, for the background only', () => {
      const chunks = files(dir).filter((file) => SYNC_CHUNK.test(file));
      expect(chunks.length).toBeGreaterThan(0);
      // The check proves something: the sync chunks do hold network code (PouchDB's HTTP).
      expect(
        chunks.some((file) => NETWORK_APIS[0]?.[1].test(readFileSync(join(dir, file), 'utf8'))),
      ).toBe(true);
      // Nothing but the background (and the sync chunks among themselves) names them.
      const manifest = manifestOf(dir);
      const background = new Set<string>();
      const queue = [manifest.background?.service_worker ?? manifest.background?.scripts?.[0]];
      while (queue.length > 0) {
        const file = queue.pop();
        if (!file || background.has(file)) continue;
        background.add(file);
        const code = readFileSync(join(dir, file), 'utf8');
        for (const match of code.matchAll(
          /["'`](?:\.{1,2}\/|\/)?((?:assets\/)?[\w.-]+\.js)["'`]/g,
        )) {
          const name = match[1] as string;
          const target = name.startsWith('assets/') ? name : `assets/${name}`;
          if (existsSync(join(dir, target))) queue.push(target);
        }
      }
      const naming = files(dir).filter(
        (file) =>
          /\.(m?js|html|json)$/.test(file) &&
          !background.has(file) &&
          /sync-[\w-]+\.js/.test(readFileSync(join(dir, file), 'utf8')),
      );
      expect(naming).toEqual([]);
      expect([...background].some((file) => SYNC_CHUNK.test(file))).toBe(true);
    });

    it('makes nothing web-accessible and runs one self-contained classic script per site', () => {
      const manifest = manifestOf(dir);
      expect(manifest.web_accessible_resources).toBeUndefined();
      const scripts = manifest.content_scripts ?? [];
      expect(scripts.map((script) => script.matches)).toEqual([
        ['https://mail.google.com/*'],
        ['https://www.linkedin.com/*'],
      ]);
      for (const script of scripts) {
        expect(script.js).toHaveLength(1);
        const code = readFileSync(join(dir, script.js[0] as string), 'utf8');
        // A classic script: no module syntax, nothing loaded at run time.
        expect(code).not.toMatch(/\bimport\s*\(|^\s*import[\s{*]|\bexport\s*[{*]|getURL\(/m);
        // The opt-in sync code is for the background only, never for the pages.
        expect(code).not.toMatch(/assets\/sync/);
      }
    });

    if (browser === 'chrome')
      it('runs its service worker as one classic script, the sync engine imported by name only', () => {
        const { background } = manifestOf(dir);
        expect(background).toEqual({ service_worker: 'background.js' });
        const code = readFileSync(join(dir, 'background.js'), 'utf8');
        // Classic: nothing imported as a module; the engine's script is its one other file.
        expect(code).not.toMatch(/\bimport\s*\(|^\s*import[\s{*]|\bexport\s*[{*]/m);
        expect([...code.matchAll(ENGINE_IMPORT)].map((match) => match[0].slice(15, -2))).toEqual([
          '/assets/sync-engine.js',
        ]);
        expect(code).not.toMatch(/PouchDB|pouchdb/i);
      });

    it('ships no source maps, sources or tests', () => {
      const shipped = files(dir);
      expect(
        shipped.filter((file) => /\.(map|tsx?|jsx)$|\.test\.|(^|\/)(e2e|bench)\//.test(file)),
      ).toEqual([]);
      for (const file of shipped.filter((name) => name.endsWith('.js')))
        expect(readFileSync(join(dir, file), 'utf8')).not.toContain('sourceMappingURL');
    });
  });
}

for (const [browser, zipFile] of Object.entries(ZIPS)) {
  describe(`${browser} store package (${relative(root, zipFile)})`, () => {
    it('holds exactly the build, manifest at the root, same version', async () => {
      const zip = await JSZip.loadAsync(readFileSync(zipFile));
      const entries = Object.values(zip.files)
        .filter((entry) => !entry.dir)
        .map((entry) => entry.name)
        .sort();
      const build = BUILDS[browser as keyof typeof BUILDS];
      expect(entries).toEqual(files(build));
      const manifest = JSON.parse(
        (await zip.file('manifest.json')?.async('string')) ?? '{}',
      ) as Manifest;
      expect(manifest).toEqual(manifestOf(build));
      expect(manifest.version).toBe(pkg.version);
      expect(
        entries.filter((file) =>
          /\.(map|tsx?)$|\.test\.|^(src\/[^/]+\.ts|e2e|bench|node_modules)\//.test(file),
        ),
      ).toEqual([]);
    });
  });
}
