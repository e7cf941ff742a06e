/**
 * Prospect search through the `prospectWords` multi-entry index: each word of the query is a
 * key range (the prospects with a word starting with it). Each range is read up to a bound, in
 * parallel, so a search costs what matches, never a read of every prospect:
 * - a word nobody has ends the search (no match is one empty range per word);
 * - a word with few prospects gives the candidates, checked against the other words;
 * - when every word is common, matches are dense: walking prospects from the most recently
 *   updated finds `limit` of them within a few hundred records.
 */

import type { Prospect, ProspectStatus } from '../../shared/schemas.ts';
import { matchesQuery, prospectWords, queryWords } from '../../shared/search-words.ts';
import type { EtapeDb } from '../db.ts';

/** Up to this many candidates are read and checked one by one; past it, matches are dense. */
const FEW = 300;
/** With many matches, `total` counts this many at most (see SearchResult). */
export const COUNTED = 100;

export interface SearchResult {
  /** Most recently updated first, at most `limit`. */
  prospects: Prospect[];
  /**
   * How many prospects match: exact when some word of the query is rare (FEW), else counted up
   * to max(limit, COUNTED).
   */
  total: number;
}

export interface SearchOptions {
  limit: number;
  status?: ProspectStatus | undefined;
  /** listProspects answers how many match in all; the popup's search does not ask. */
  withTotal?: boolean;
}

export async function searchProspects(
  db: EtapeDb,
  query: string,
  options: SearchOptions,
): Promise<SearchResult> {
  const words = queryWords(query);
  if (words.length === 0) return listProspects(db, options);
  const { limit, status } = options;
  const probes = await Promise.all(words.map((word) => idsStartingWith(db, word, FEW)));
  if (probes.some((probe) => probe.ids.size === 0)) return { prospects: [], total: 0 };
  const matches = (prospect: Prospect) =>
    (!status || prospect.status === status) && matchesQuery(prospectWords(prospect), words);

  const fewest = probes
    .filter((probe) => probe.complete)
    .sort((a, b) => a.ids.size - b.ids.size)[0];
  if (fewest) {
    const found = (await db.prospects.bulkGet([...fewest.ids])).filter(
      (prospect): prospect is Prospect => prospect !== undefined && matches(prospect),
    );
    found.sort(newestFirst);
    return { prospects: found.slice(0, limit), total: found.length };
  }
  // Every word is common: matches are dense, so the walk finds them within a few hundred
  // records. Their number is counted on the way, up to COUNTED: an exact count would read every
  // matching key (tens of thousands for "s"), and no picker shows more than a handful.
  const found = await db.prospects
    .orderBy('updatedAt')
    .reverse()
    .filter(matches)
    .limit(options.withTotal ? Math.max(limit, COUNTED) : limit)
    .toArray();
  return { prospects: found.slice(0, limit), total: found.length };
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

/** The prospects with a word starting with `word`, read up to `bound` index entries. */
async function idsStartingWith(db: EtapeDb, word: string, bound?: number) {
  const range = db.prospectWords.where('words').startsWith(word);
  const keys = (await (bound === undefined
    ? range
    : range.limit(bound + 1)
  ).primaryKeys()) as string[];
  // A prospect with two words starting alike is named twice by the range: a Set.
  return { ids: new Set(keys), complete: bound === undefined || keys.length <= bound };
}

/** As the updatedAt index walks backwards: newest first, ties by id, descending. */
function newestFirst(a: Prospect, b: Prospect): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
