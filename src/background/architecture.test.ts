/**
 * The background's shape, checked from its sources (issue #14):
 * - no import cycle (a cycle works only as long as the functions involved happen to hoist);
 * - the store (./store/) is the only code behind the tables: nothing else imports Dexie or the
 *   database module, except the worker's entry, which opens it, and the service, which hands
 *   it to the store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BACKGROUND = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(BACKGROUND, '..');

interface Import {
  from: string;
  /** `import type` / `export type`: erased from the build, no runtime edge. */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    // Tests and their helpers are not shipped: they may open a database of their own.
    const shipped =
      /\.tsx?$/.test(entry.name) && !/(\.test\.tsx?|^test-helpers\.ts)$/.test(entry.name);
    return shipped ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const code = readFileSync(file, 'utf8');
  const found: Import[] = [];
  // Static imports and re-exports (possibly spanning lines), then dynamic imports.
  for (const match of code.matchAll(
    /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gms,
  ))
    found.push({ from: match[3] as string, typeOnly: Boolean(match[2]) });
  for (const match of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ from: match[1] as string, typeOnly: false });
  return found;
}

function resolveLocal(file: string, specifier: string): string | undefined {
  return specifier.startsWith('.') ? resolve(dirname(file), specifier) : undefined;
}

/** Runtime edges between the modules the background's files reach, within src/. */
function runtimeGraph(entries: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (graph.has(file)) continue;
    const next = importsOf(file)
      .filter((entry) => !entry.typeOnly)
      .flatMap((entry) => resolveLocal(file, entry.from) ?? [])
      .filter((target) => target.startsWith(SRC) && /\.tsx?$/.test(target));
    graph.set(file, next);
    queue.push(...next);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

const files = sourceFiles(BACKGROUND);
const name = (file: string) => relative(BACKGROUND, file);

describe('background architecture', () => {
  it('reads its own sources', () => {
    expect(files.map(name)).toEqual(expect.arrayContaining(['service.ts', 'store/index.ts']));
    // The cycle check sees a cycle when there is one (guards the checker itself).
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
    expect(importsOf(join(BACKGROUND, 'service.ts'))).toContainEqual({
      from: './context.ts',
      typeOnly: true,
    });
  });

  it('has no import cycle', () => {
    const cycle = findCycle(runtimeGraph(files));
    expect(cycle ? cycle.map((file) => relative(SRC, file)) : null).toBeNull();
  });

  it('reaches the tables only through the store', () => {
    const database = join(BACKGROUND, 'db.ts');
    const offenders = files
      .filter((file) => !name(file).startsWith('store/') && file !== database)
      .flatMap((file) =>
        importsOf(file)
          .filter((entry) => {
            if (entry.from === 'dexie') return true;
            if (resolveLocal(file, entry.from) !== database) return false;
            // The entry opens the database; the service hands it to the store (as a type).
            if (name(file) === 'index.ts') return false;
            return !(name(file) === 'service.ts' && entry.typeOnly);
          })
          .map((entry) => `${name(file)} imports ${entry.from}`),
      );
    expect(offenders).toEqual([]);
    // And the service itself never uses a table of the database it passes on.
    const service = readFileSync(join(BACKGROUND, 'service.ts'), 'utf8');
    expect(service).not.toMatch(/\bdb\.\w+\./);
  });
});
