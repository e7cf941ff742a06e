/**
 * Read results kept until the next write. The popup opens dozens of times a day, and while its
 * page loads the browser process serves the page and IndexedDB at once: the same reads cost
 * ~3× more than when idle. What the popup's first data reads is kept here, keyed by what was
 * asked, and forgotten at the first write to any store it depends on (the database tells of
 * every write, see `writeListeners` in db.ts). A result must never be mutated by its reader.
 */
import type { EtapeDb } from '../db.ts';

/** Writes to these never change what is kept (derived copies the popup does not read). */
const IGNORED = new Set(['snapshots', 'health']);
/** A bound on what is kept: a few entries per tab and prospect shown. */
const MAX_ENTRIES = 200;

export function createMemo(db: EtapeDb) {
  let generation = 0;
  const values = new Map<string, unknown>();
  db.writeListeners.add((store) => {
    if (IGNORED.has(store)) return;
    generation++;
    values.clear();
  });
  return {
    async get<T>(key: string, read: () => Promise<T>): Promise<T> {
      if (values.has(key)) return values.get(key) as T;
      const before = generation;
      const value = await read();
      // A write during the read: the result may predate it, so it is not kept.
      if (generation === before) {
        if (values.size >= MAX_ENTRIES) values.clear();
        values.set(key, value);
      }
      return value;
    },
  };
}
