/**
 * Prospect search through the `prospectWords` store: one small record per prospect (its words
 * and `updatedAt`), its words in a multi-entry index. Each word of the query is a key range
 * (the prospects with a word starting with it), read up to a bound, all in parallel, so a
 * search costs what matches, never a read of every prospect:
 * - a word nobody has ends the search (no match is one empty range per word; with several
 *   words, each is first checked by one key, so a common word beside it is not read);
 * - a word with few prospects gives the candidates: their word records say which match them
 *   all and which are the most recently updated; only those prospects are read;
 * - when every word is common, matches are dense: walking the word records from the most
 *   recently updated finds `limit` of them quickly.
 */

import type { Prospect, ProspectStatus } from '../../shared/schemas.ts';
import { matchesQuery, queryWords } from '../../shared/search-words.ts';
import type { EtapeDb, ProspectWordsRecord } from '../db.ts';

/** Up to this many candidates are checked from their word records (one read for them all). */
const FEW = 1000;
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
  // With several words, one key per word says first whether each has a prospect at all: a
  // word nobody has (the rep still typing it) then costs no read of a common word's 1,001
  // keys beside it. One word needs no such check: its own range read says so.
  if (words.length > 1) {
    const present = await Promise.all(words.map((word) => someStartWith(db, word)));
    if (present.includes(false)) return { prospects: [], total: 0 };
  }
  const probes = await Promise.all(words.map((word) => idsStartingWith(db, word, FEW)));
  if (probes.some((probe) => probe.ids.size === 0)) return { prospects: [], total: 0 };
  const matches = (record: ProspectWordsRecord | undefined): record is ProspectWordsRecord =>
    record !== undefined && matchesQuery(record.words, words);

  const fewest = probes
    .filter((probe) => probe.complete)
    .sort((a, b) => a.ids.size - b.ids.size)[0];
  let found: ProspectWordsRecord[];
  if (fewest) {
    found = (await db.prospectWords.bulkGet([...fewest.ids])).filter(matches);
    found.sort(newestFirst);
  } else {
    // Every word is common: matches are dense. Their number is counted on the way, up to
    // COUNTED: an exact count would read every matching key (tens of thousands for "s"), and
    // no picker shows more than a handful.
    const wanted = options.withTotal || status ? Math.max(limit, COUNTED) : limit;
    found = await db.prospectWords
      .orderBy('updatedAt')
      .reverse()
      .filter(matches)
      .limit(wanted)
      .toArray();
  }
  if (!status) {
    const prospects = await readProspects(db, found.slice(0, limit));
    return { prospects, total: found.length };
  }
  // A status is the prospect's own: read the matches, then keep that status.
  const inStatus = (await readProspects(db, found)).filter(
    (prospect) => prospect.status === status,
  );
  return { prospects: inStatus.slice(0, limit), total: inStatus.length };
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

/** Whether some prospect has a word starting with `word`: one index key read at most. */
async function someStartWith(db: EtapeDb, word: string): Promise<boolean> {
  const first = await db.prospectWords.where('words').startsWith(word).limit(1).primaryKeys();
  return first.length > 0;
}

/** The prospects with a word starting with `word`, read up to `bound` index entries. */
async function idsStartingWith(db: EtapeDb, word: string, bound: number) {
  const range = db.prospectWords
    .where('words')
    .startsWith(word)
    .limit(bound + 1);
  const keys = (await range.primaryKeys()) as string[];
  // A prospect with two words starting alike is named twice by the range: a Set.
  return { ids: new Set(keys), complete: keys.length <= bound };
}

/** The prospects of these word records, in their order (one read for them all). */
async function readProspects(
  db: EtapeDb,
  records: readonly ProspectWordsRecord[],
): Promise<Prospect[]> {
  if (records.length === 0) return [];
  return (await db.prospects.bulkGet(records.map((record) => record.id))).filter(
    (prospect): prospect is Prospect => prospect !== undefined,
  );
}

/** As the updatedAt index walks backwards: newest first, ties by id, descending. */
function newestFirst(a: ProspectWordsRecord, b: ProspectWordsRecord): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
