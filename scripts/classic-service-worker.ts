/**
 * Chrome build: the service worker as one classic script, `background.js`, and team sync's
 * engine as a second one, `assets/sync-engine.js`, which the worker imports only when sync is
 * on (src/background/sync/load.ts).
 *
 * Why not crxjs's module worker: Chromium starts a classic service worker from compiled code it
 * keeps, and a module worker by fetching and compiling its module graph again. Measured on the
 * dashboard's cold opening (worker origin to our first line, medians of 16, 2 cores under page
 * load): ≈ 140-160 ms for the module worker, ≈ 90 ms for the same code as one classic script,
 * ≈ 20 ms for an empty one; parsing 480 KB of never-called code alone costs ≈ 55 ms. So the
 * worker is classic, and the 110 KB of PouchDB that a worker with sync off never runs is not in
 * it. The engine's script takes the shared modules it needs from the worker (engine-script.ts)
 * rather than holding second copies of them and of zod.
 * Build only, like classic-content-scripts.ts.
 */
import type { Plugin } from 'vite';
import { ENGINE_FILE, ENGINE_GLOBAL, sharedGlobal } from '../src/background/sync/engine-script.ts';
import { buildClassic, type ClassicPluginOptions, outerBuild } from './build-classic.ts';

export const WORKER_FILE = 'background.js';

export function classicServiceWorker(
  options: ClassicPluginOptions & {
    /** The worker's entry (src/background/index.ts). */
    entry: string;
    /** The sync engine's entry (src/background/sync/sync-engine.ts). */
    engine: string;
  },
): Plugin {
  const outer = outerBuild();
  return {
    name: 'etape:classic-service-worker',
    apply: 'build',
    // After crxjs's own manifest hooks, which would wrap any service worker in a module loader.
    enforce: 'post',
    configResolved: outer.configResolved,
    async generateBundle() {
      const { root, minify } = outer;
      const common = { target: options.target, minify };
      const worker = await buildClassic({
        ...common,
        plugins: options.plugins(),
        entry: options.entry,
        fileName: WORKER_FILE,
      });
      const inWorker = worker.moduleIds.filter(isEngineCode);
      if (inWorker.length > 0)
        throw new Error(`the service worker holds sync engine code: ${inWorker.join(', ')}`);
      const engine = await buildClassic({
        ...common,
        plugins: options.plugins(),
        entry: options.engine,
        fileName: ENGINE_FILE,
        name: ENGINE_GLOBAL,
        externals: sharedGlobal,
      });
      // Any other module of ours would be a second copy, out of step with the worker's.
      const ours = engine.moduleIds.filter(
        (id) => id.startsWith(`${root}/src/`) && !id.startsWith(`${root}/src/background/sync/`),
      );
      if (ours.length > 0)
        throw new Error(
          `the sync engine's script copies shared modules (hand them over in engine-script.ts): ${ours.join(', ')}`,
        );
      this.emitFile({ type: 'asset', fileName: WORKER_FILE, source: worker.code });
      this.emitFile({ type: 'asset', fileName: ENGINE_FILE, source: engine.code });
    },
    // crxjs is given no background (vite.config.ts): it would build a module worker.
    renderCrxManifest(manifest: { background?: unknown }) {
      manifest.background = { service_worker: WORKER_FILE };
      return manifest;
    },
  } as Plugin;
}

/** PouchDB and its helpers, or the engine itself: what only the engine's script may hold. */
function isEngineCode(id: string): boolean {
  return (
    /[\\/]src[\\/]background[\\/]sync[\\/]sync-engine\.ts$/.test(id) ||
    /[\\/]node_modules[\\/]pouchdb-/.test(id)
  );
}
