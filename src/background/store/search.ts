/**
 * Prospect search through the `prospectWords` multi-entry index: each word of the query is a
 * key range (the prospects with a word starting with it), so a search reads the keys that match
 * and the records it answers, never every prospect. No match costs one empty range per word.
 */

import type { Prospect, ProspectStatus } from '../../shared/schemas.ts';
import { queryWords } from '../../shared/search-words.ts';
import type { EtapeDb } from '../db.ts';

/**
 * Past this many matches, walking prospects from the most recently updated finds `limit` of them
 * within a few hundred records; below it, reading the matches themselves is cheaper.
 */
const DENSE = 300;

export interface SearchResult {
  /** Most recently updated first, at most `limit`. */
  prospects: Prospect[];
  /** How many prospects match in all. */
  total: number;
}

export async function searchProspects(
  db: EtapeDb,
  query: string,
  options: { limit: number; status?: ProspectStatus | undefined },
): Promise<SearchResult> {
  const words = queryWords(query);
  if (words.length === 0) return listProspects(db, options);
  let ids = await matchingIds(db, words);
  if (options.status && ids.size > 0) {
    const inStatus = new Set(
      (await db.prospects.where('status').equals(options.status).primaryKeys()) as string[],
    );
    ids = new Set([...ids].filter((id) => inStatus.has(id)));
  }
  if (ids.size === 0) return { prospects: [], total: 0 };
  if (ids.size <= DENSE) {
    const found = (await db.prospects.bulkGet([...ids])).filter(
      (prospect): prospect is Prospect => prospect !== undefined,
    );
    found.sort(newestFirst);
    return { prospects: found.slice(0, options.limit), total: found.length };
  }
  const prospects = await db.prospects
    .orderBy('updatedAt')
    .reverse()
    .filter((prospect) => ids.has(prospect.id))
    .limit(options.limit)
    .toArray();
  return { prospects, total: ids.size };
}

/** No query: the most recently updated, and how many there are (an index count, no read). */
export async function listProspects(
  db: EtapeDb,
  options: { limit: number; status?: ProspectStatus | undefined },
): Promise<SearchResult> {
  const { status, limit } = options;
  const newest = db.prospects.orderBy('updatedAt').reverse();
  const [prospects, total] = await Promise.all([
    (status ? newest.filter((prospect) => prospect.status === status) : newest)
      .limit(limit)
      .toArray(),
    status ? db.prospects.where('status').equals(status).count() : db.prospects.count(),
  ]);
  return { prospects, total };
}

/** The prospects having, for every query word, a word that starts with it. */
async function matchingIds(db: EtapeDb, words: readonly string[]): Promise<Set<string>> {
  const perWord = await Promise.all(
    words.map(
      async (word) =>
        // A prospect with two words starting alike is named twice by the range: a Set.
        new Set((await db.prospectWords.where('words').startsWith(word).primaryKeys()) as string[]),
    ),
  );
  perWord.sort((a, b) => a.size - b.size);
  const [smallest, ...others] = perWord;
  if (!smallest) return new Set();
  return new Set([...smallest].filter((id) => others.every((set) => set.has(id))));
}

/** As the updatedAt index walks backwards: newest first, ties by id, descending. */
function newestFirst(a: Prospect, b: Prospect): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
