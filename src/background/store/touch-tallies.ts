/**
 * Each prospect's touchpoints counted by stage and kind, one small record per prospect in
 * `touchTallies`, kept exact by every write to `touchpoints` in the write's own transaction.
 *
 * Why: the dashboard's won/lost retrospective needs these counts for the period's closed deals.
 * Read from the touchpoints, that is one range read per deal (≈ 600 deals, 12,000 records on a
 * year of data): 190–490 ms of the dashboard's first opening on the bench machine, against
 * 40–125 ms for the same deals' tallies (measured side by side in one worker).
 *
 * Why a DBCore middleware rather than calls in each write path: touchpoints are written by the
 * log, the merge, deletions, the sample data, imports, restores and team sync's apply, and a
 * path that forgot its tally would drift silently. Here no write to `touchpoints` can skip it,
 * and a transaction that does not include `touchTallies` fails loudly (store.transaction adds it
 * to every read-write transaction that names `touchpoints`). Derived data: never backed up,
 * cleared with a restore and rebuilt by the restore's own writes.
 */
import {
  type DBCore,
  type DBCoreKeyRange,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  Dexie,
  type Middleware,
} from 'dexie';
import type { TouchpointKind } from '../../shared/schemas.ts';

export const TALLY_STORE = 'touchTallies';
const TOUCHPOINT_STORE = 'touchpoints';
/** DBCoreRangeType.Any (a const enum Dexie's types declare; not importable as a value). */
const ANY_RANGE = 3;

export interface TallyRow {
  stageId: string;
  kind: TouchpointKind;
  count: number;
}

export interface TouchTallyRecord {
  prospectId: string;
  counts: TallyRow[];
}

/** What a tally needs of a touchpoint. */
interface Counted {
  prospectId: string;
  stageId: string;
  kind: TouchpointKind;
}

/** prospectId → "stageId kind" → change in count. */
type Delta = Map<string, Map<string, number>>;

const SEPARATOR = '\u0000';

function addTo(delta: Delta, touchpoint: Counted, by: number): void {
  let rows = delta.get(touchpoint.prospectId);
  if (!rows) {
    rows = new Map();
    delta.set(touchpoint.prospectId, rows);
  }
  const slot = `${touchpoint.stageId}${SEPARATOR}${touchpoint.kind}`;
  rows.set(slot, (rows.get(slot) ?? 0) + by);
}

/** A tally with `changes` applied; rows that reach zero go (a count is never negative). */
function applied(
  prospectId: string,
  record: TouchTallyRecord | undefined,
  changes: Map<string, number>,
): TouchTallyRecord {
  const counts = new Map<string, TallyRow>();
  for (const row of record?.counts ?? [])
    counts.set(`${row.stageId}${SEPARATOR}${row.kind}`, { ...row });
  for (const [slot, by] of changes) {
    const row = counts.get(slot);
    if (row) row.count += by;
    else {
      const [stageId = '', kind] = slot.split(SEPARATOR);
      counts.set(slot, { stageId, kind: kind as TouchpointKind, count: by });
    }
  }
  return { prospectId, counts: [...counts.values()].filter((row) => row.count > 0) };
}

/** The tallies of these touchpoints, from nothing (the upgrade and fixtures build them so). */
export function tallyRecords(touchpoints: Iterable<Counted>): TouchTallyRecord[] {
  const delta: Delta = new Map();
  for (const touchpoint of touchpoints) addTo(delta, touchpoint, 1);
  return [...delta].map(([prospectId, changes]) => applied(prospectId, undefined, changes));
}

function hasStore(trans: DBCoreTransaction, name: string): boolean {
  // Dexie's DBCore transaction is the IDBTransaction itself.
  return (trans as unknown as IDBTransaction).objectStoreNames.contains(name);
}

/** Whether the write's `index`th operation took effect (a bulk write reports failures by index). */
function tookEffect(response: DBCoreMutateResponse, index: number): boolean {
  return response.numFailures === 0 || !(index in response.failures);
}

/*
 * No `async` and no `await` below: Dexie's middlewares under this one (its cache) read
 * Dexie's zone on every call, and the zone only follows Dexie's own promises (`.then` on what
 * the layer below returns, or `Dexie.Promise`), not native awaits.
 */

/** The touchpoints a write is about to replace or delete, index for index where it has keys. */
function replacedBy(
  table: DBCoreTable,
  request: Exclude<DBCoreMutateRequest, { type: 'deleteRange' }>,
): Promise<Array<Counted | undefined>> {
  if (request.type === 'add') return Dexie.Promise.resolve([]);
  const keys =
    request.type === 'delete'
      ? request.keys
      : (request.keys ?? request.values.map((value: { id?: number }) => value.id));
  if (keys.every((key) => key === undefined))
    return Dexie.Promise.resolve(keys.map(() => undefined));
  return table.getMany({ trans: request.trans, keys });
}

function inRange(
  table: DBCoreTable,
  trans: DBCoreTransaction,
  range: DBCoreKeyRange,
): Promise<Counted[]> {
  return table
    .query({ trans, values: true, query: { index: table.schema.primaryKey, range } })
    .then(({ result }) => result as Counted[]);
}

function write(tallies: DBCoreTable, trans: DBCoreTransaction, delta: Delta): Promise<unknown> {
  const ids = [...delta].filter(([, changes]) => changed(changes)).map(([id]) => id);
  if (ids.length === 0) return Dexie.Promise.resolve();
  return tallies
    .getMany({ trans, keys: ids })
    .then((held: Array<TouchTallyRecord | undefined>) =>
      writeHeld(tallies, trans, delta, new Map(ids.map((id, index) => [id, held[index]]))),
    );
}

function changed(changes: Map<string, number>): boolean {
  return [...changes.values()].some((by) => by !== 0);
}

/** `delta` applied to the tallies as `held` (read in this transaction, before any change). */
function writeHeld(
  tallies: DBCoreTable,
  trans: DBCoreTransaction,
  delta: Delta,
  held: ReadonlyMap<string, TouchTallyRecord | undefined>,
): Promise<unknown> {
  const next = [...delta]
    .filter(([, changes]) => changed(changes))
    .map(([prospectId, changes]) => applied(prospectId, held.get(prospectId), changes));
  const kept = next.filter((record) => record.counts.length > 0);
  const emptied = next
    .filter((record) => record.counts.length === 0)
    .map((record) => record.prospectId);
  const puts = kept.length > 0 ? tallies.mutate({ type: 'put', trans, values: kept }) : undefined;
  const deletes =
    emptied.length > 0 ? tallies.mutate({ type: 'delete', trans, keys: emptied }) : undefined;
  return Dexie.Promise.all([puts, deletes]);
}

/**
 * An add replaces nothing, so the tallies it changes are known before it runs: they are read
 * beside the add instead of after it. That is one trip to the browser process fewer on the
 * log's path (every touchpoint a content script sends): `log.touchpoint.median.ms` 4.6, 6.2, 4.5
 * before and 4.0, 3.9, 3.8 after, runs alternated on the bench machine (2026-12-03).
 */
function added(
  table: DBCoreTable,
  tallies: DBCoreTable,
  request: DBCoreMutateRequest & { type: 'add' },
): Promise<DBCoreMutateResponse> {
  const { trans } = request;
  const values = request.values as Counted[];
  const ids = [...new Set(values.map((touchpoint) => touchpoint.prospectId))];
  return Dexie.Promise.all([table.mutate(request), tallies.getMany({ trans, keys: ids })]).then(
    ([response, held]: [DBCoreMutateResponse, Array<TouchTallyRecord | undefined>]) => {
      const delta: Delta = new Map();
      for (const [index, touchpoint] of values.entries())
        if (tookEffect(response, index)) addTo(delta, touchpoint, 1);
      const byId = new Map(ids.map((id, index) => [id, held[index]]));
      return writeHeld(tallies, trans, delta, byId).then(() => response);
    },
  );
}

export const touchTallies: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'etape-touch-tallies',
  // Under Dexie's hooks (level 2), over its cache (0) and virtual indexes (1).
  level: 1.5,
  create(down) {
    // A database opened at a version before the tallies (upgrade tests, and the upgrade
    // itself, which counts what is there) writes touchpoints as they are.
    if (!down.schema.tables.some((table) => table.name === TALLY_STORE)) return down;
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== TOUCHPOINT_STORE) return table;
        const tallies = down.table(TALLY_STORE);
        return {
          ...table,
          mutate(request) {
            const { trans } = request;
            if (!hasStore(trans, TALLY_STORE))
              return Dexie.Promise.reject(
                new Error(
                  `touchpoints written in a transaction without ${TALLY_STORE}: its counts would drift`,
                ),
              );
            if (request.type === 'deleteRange') {
              // Clearing the store (delete everything, restore): the tallies go with it.
              if (request.range.type === ANY_RANGE)
                return table
                  .mutate(request)
                  .then((response) =>
                    tallies
                      .mutate({ type: 'deleteRange', trans, range: request.range })
                      .then(() => response),
                  );
              return inRange(table, trans, request.range).then((gone) =>
                table.mutate(request).then((response) => {
                  const delta: Delta = new Map();
                  for (const touchpoint of gone) addTo(delta, touchpoint, -1);
                  return write(tallies, trans, delta).then(() => response);
                }),
              );
            }
            if (request.type === 'add') return added(table, tallies, request);
            return replacedBy(table, request).then((before) =>
              table.mutate(request).then((response) => {
                const delta: Delta = new Map();
                for (const [index, touchpoint] of before.entries())
                  if (touchpoint && tookEffect(response, index)) addTo(delta, touchpoint, -1);
                if (request.type !== 'delete')
                  for (const [index, touchpoint] of (request.values as Counted[]).entries())
                    if (tookEffect(response, index)) addTo(delta, touchpoint, 1);
                return write(tallies, trans, delta).then(() => response);
              }),
            );
          },
        };
      },
    };
  },
};
