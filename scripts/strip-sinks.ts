/**
 * Three libraries we ship carry code Etape never runs and promises not to contain: a string
 * turned into code (`Function(…)`) or an HTML string written into the page (`innerHTML =`).
 * Extension pages run under `script-src 'self'` (no eval possible) and Gmail enforces Trusted
 * Types, so these paths are dead for us — but they are there for Firefox's add-on linter
 * (`web-ext lint`, DANGEROUS_EVAL / UNSAFE_VAR_ASSIGNMENT) and store reviewers to find. This
 * Vite plugin rewrites each one at build time into code without the sink, and fails the build
 * when a pattern no longer matches (a library upgrade must be looked at, not slip through).
 */
import type { Plugin } from 'vite';

export interface SinkPatch {
  /** The module's path ends with this (forward slashes). */
  module: string;
  find: RegExp;
  replace: string;
  why: string;
}

export const SINK_PATCHES: SinkPatch[] = [
  {
    module: '/node_modules/preact/dist/preact.mjs',
    // The `dangerouslySetInnerHTML` prop. Etape renders text only; a use of the prop now throws
    // instead of writing HTML (which Gmail's Trusted Types would refuse anyway).
    find: /(\w+)\.innerHTML=(\w+)\.__html/,
    replace: '(()=>{throw new Error("Etape: dangerouslySetInnerHTML is not supported")})()',
    why: 'preact: no innerHTML sink (dangerouslySetInnerHTML)',
  },
  {
    module: '/node_modules/zod/v4/core/util.js',
    // zod probes `new Function("")` to pick its JIT fast path; under our CSP the probe throws
    // (and reports a CSP violation), so the answer is always false: say so without the probe.
    find: /try \{\s*const F = Function;\s*new F\(""\);\s*return true;\s*\}\s*catch \(_\) \{\s*return false;\s*\}/,
    replace: 'return false;',
    why: 'zod: no eval probe (the JIT is off under script-src self)',
  },
  {
    module: '/node_modules/d3-dsv/dist/d3-dsv.mjs',
    // Header-keyed rows: the same object, built by a closure instead of generated code.
    find: /return new Function\("d",[\s\S]*?\.join\(","\) \+ "\}"\);/,
    replace:
      'return function(d) { var o = {}; columns.forEach(function(name, i) { o[name] = d[i] || ""; }); return o; };',
    why: 'd3-dsv: no Function() for row objects',
  },
  {
    module: '/node_modules/pouchdb-utils/lib/index-browser.es.js',
    // `scopeEval` runs the source of a design document's filter or view function; team sync
    // (issue #17) replicates without filters and defines no views, and a server's design
    // document must never run as code in the extension.
    find: /return Function\.apply\(null, keys\)\.apply\(null, values\);/,
    replace: 'throw new Error("Etape: design-document functions are not run");',
    why: 'pouchdb-utils: no Function() for design-document code',
  },
];

export function stripSinks(patches: SinkPatch[] = SINK_PATCHES): Plugin {
  const applied = new Set<SinkPatch>();
  return {
    name: 'etape:strip-sinks',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0]?.replaceAll('\\', '/') ?? '';
      const patch = patches.find((candidate) => path.endsWith(candidate.module));
      if (!patch) return null;
      if (!patch.find.test(code))
        this.error(`strip-sinks: ${patch.why}: pattern not found in ${patch.module} (upgraded?)`);
      applied.add(patch);
      return { code: code.replace(patch.find, patch.replace), map: null };
    },
  };
}
