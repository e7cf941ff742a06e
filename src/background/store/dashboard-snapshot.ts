/**
 * The dashboard's working set: every prospect's analytics fields, every stage change, and the
 * touch counts the retrospective asked for. Reading it from the stores costs about a second on
 * a year of data (Chromium deserializes 50,000 records one by one), which a cold worker paid on
 * every dashboard opening. So the set lives in memory and, between worker lifetimes, in ONE
 * IndexedDB record of columns (snapshot-record.ts). It is derived data, never backed up, and
 * brought up to date before each use rather than trusted:
 *
 * - prospects whose `updatedAt` is recent (every write that changes an analytics field sets it;
 *   the margin covers a write whose clock was read before its transaction started) replace
 *   their copy, and a prospect that changed also re-reads its stage changes (an Undo deletes
 *   one);
 * - stage changes and touchpoints above the last id seen are added (both stores only append,
 *   except when a prospect goes away);
 * - a prospect that went away (delete, merge, sample removal) leaves the copy larger than the
 *   store: everything is read again;
 * - restore, delete-everything, delete-one-prospect and sample removal clear the `snapshots`
 *   store in their own transaction — the copy must not outlive a deleted name — which removes
 *   the stamp this module checks on every use;
 * - and the whole set is read again once a day, right after the answer it would have delayed,
 *   so no drift can outlive a day.
 */

import { Dexie } from 'dexie';
import {
  historyOf,
  type ProspectHistory,
  type TouchCount,
  type TouchIndex,
  touchIndex,
} from '../../shared/analytics.ts';
import type { Period } from '../../shared/period.ts';
import type { Prospect, StageChange, TouchpointKind } from '../../shared/schemas.ts';
import type { EtapeDb } from '../db.ts';
import { stageChangeStore } from './history.ts';
import { type Change, decodeState, encodeState, type Row, type State } from './snapshot-record.ts';

export const SNAPSHOT_ID = 'dashboard';
export const STAMP_ID = 'dashboard-stamp';
/** A handler reads the clock just before its transaction; this covers that gap generously. */
export const CLOCK_MARGIN_MS = 10_000;
/** Past this many changed prospects, one read of everything beats one read per prospect. */
const PATCH_LIMIT = 200;
export const MAX_AGE_MS = 86_400_000;
/** The copy is written this long after its last change, off the path of any reply. */
const PERSIST_DELAY_MS = 1000;
/** The daily whole read waits this long after the answer it follows (see rebuildSoon). */
const REBUILD_DELAY_MS = 1000;
/** A whole read splits the stage changes into at most this many id ranges of at least that many. */
const CHANGE_RANGES = 4;
const CHANGE_RANGE = 10_000;

export interface DashboardSet {
  histories: ProspectHistory[];
  sample: number;
  currency: string | undefined;
}

/**
 * What the caller will ask for next. With `closedIn`, a whole read of the stores also reads the
 * touch counts of the deals that look closed in that period (an outcome entered in it), while
 * the stage changes are still being read: the dashboard's first opening asks for exactly those.
 */
export interface Hint {
  closedIn?: Period;
}

/** How the last `current()` got its data; the bench and tests read it. */
export type Source = 'memory' | 'record' | 'stores';

export function createDashboardSnapshot(db: EtapeDb, deps: { now: () => number }) {
  // A prospect's stage changes through the store's one [prospectId+at] range.
  const stageChanges = stageChangeStore(db);
  let state: State | undefined;
  let derived: DashboardSet | undefined;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  let rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  let source: Source = 'stores';

  async function readStores(hint: Hint): Promise<State> {
    // Its own ids: the service's id source names prospects.
    const token = crypto.randomUUID();
    // The stamp goes first, in its own transaction, created before the read's: a restore or a
    // deletion (which clears the snapshots store) then either comes before both, or clears this
    // stamp, or waits for the read; no copy of a deleted name can carry a live stamp. Written
    // inside the read's transaction, its commit held the answer back by ≈ 60 ms (measured).
    const stamped = db.transaction('rw', db.snapshots, () =>
      db.snapshots.put({ id: STAMP_ID, token }),
    );
    // Awaited after the read; a read that fails first must not leave this rejection unheard.
    stamped.catch(() => undefined);
    // Read first and outside: counts are only ever completed up to it (refresh adds the rest),
    // and keeping the touchpoints store out of the transaction below lets logging go on.
    const lastTouch = await db.touchpoints.toCollection().lastKey();
    const lastTouchId = typeof lastTouch === 'number' ? lastTouch : 0;
    let touches: Promise<Map<string, TouchCount[]>> = Promise.resolve(new Map());
    const fresh = await db.transaction('r', [db.prospects, db.stageChanges], async () => {
      const readAt = deps.now();
      const prospectsRead = db.prospects.toArray();
      // The touch counts the period's closed deals will ask for are read while the stage
      // changes still arrive, in their own transaction: the two reads overlap.
      const period = hint.closedIn;
      if (period) {
        touches = Promise.resolve(prospectsRead).then((prospects) => {
          const ids = likelyClosed(prospects, period);
          return ids.length === 0
            ? new Map<string, TouchCount[]>()
            : Dexie.ignoreTransaction(() => readTouchCounts(ids, lastTouchId));
        });
        // Awaited below; a failure only means they are read again when asked.
        touches.catch(() => undefined);
      }
      const [prospects, changes] = await Promise.all([prospectsRead, readAllChanges()]);
      const state: State = {
        token,
        builtAt: readAt,
        readAt,
        lastChangeId: 0,
        lastTouchId,
        prospects: new Map(prospects.map((prospect) => [prospect.id, rowOf(prospect)])),
        changes: new Map(),
        touches: new Map(),
      };
      for (const change of changes) addChange(state, change);
      for (const list of state.changes.values()) list.sort(byTime);
      return state;
    });
    await stamped;
    // Counts that could not be read are read again when asked (touchCounts).
    const counted = await touches.catch(() => new Map<string, TouchCount[]>());
    for (const [prospectId, rows] of counted) fresh.touches.set(prospectId, rows);
    return fresh;
  }

  /**
   * Every stage change, in a few id ranges read at once: Chromium answers one large getAll
   * record by record, and several ranges keep its database side and ours busy together.
   */
  async function readAllChanges(): Promise<StageChange[]> {
    const last = await db.stageChanges.toCollection().lastKey();
    const top = typeof last === 'number' ? last : 0;
    if (top <= CHANGE_RANGE) return db.stageChanges.toArray();
    // Ids only grow (auto-increment): the ranges split (0, top], however sparse.
    const count = Math.min(CHANGE_RANGES, Math.ceil(top / CHANGE_RANGE));
    const size = Math.ceil(top / count);
    const parts = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        db.stageChanges
          .where(':id')
          .between(
            index * size,
            index === count - 1 ? Dexie.maxKey : (index + 1) * size,
            false,
            true,
          )
          .toArray(),
      ),
    );
    return parts.flat();
  }

  /**
   * Touch counts of these prospects from their tallies (touch-tallies.ts: one small record
   * each, where their touchpoints were one range read each), complete up to `lastTouchId`:
   * touchpoints logged since are taken out again, as refresh() adds them when it catches up.
   */
  async function readTouchCounts(
    prospectIds: readonly string[],
    lastTouchId: number,
  ): Promise<Map<string, TouchCount[]>> {
    const [tallies, newer] = await db.transaction('r', [db.touchpoints, db.touchTallies], () =>
      Promise.all([
        db.touchTallies.bulkGet([...prospectIds]),
        db.touchpoints.where(':id').above(lastTouchId).toArray(),
      ]),
    );
    const counts = new Map<string, TouchCount[]>();
    for (const [index, prospectId] of prospectIds.entries()) {
      const rows: TouchCount[] = [];
      for (const row of tallies[index]?.counts ?? [])
        addTouch(rows, prospectId, row.stageId, row.kind, row.count);
      counts.set(prospectId, rows);
    }
    for (const touchpoint of newer) {
      const rows = counts.get(touchpoint.prospectId);
      if (rows) addTouch(rows, touchpoint.prospectId, touchpoint.stageId, touchpoint.kind, -1);
    }
    for (const rows of counts.values()) removeEmpty(rows);
    return counts;
  }

  async function readRecord(): Promise<State | undefined> {
    const [record, stamp] = await db.snapshots.bulkGet([SNAPSHOT_ID, STAMP_ID]);
    if (!record?.state || record.token !== stamp?.token) return undefined;
    return decodeState(record.state);
  }

  /** Brings `current` up to date; false when only a whole read can. */
  async function refresh(current: State): Promise<boolean> {
    const read = await db.transaction(
      'r',
      [db.prospects, db.stageChanges, db.touchpoints, db.snapshots],
      async () => {
        const readAt = deps.now();
        const [stamp, count, recent, changes, touchpoints] = await Promise.all([
          db.snapshots.get(STAMP_ID),
          db.prospects.count(),
          db.prospects
            .where('updatedAt')
            .aboveOrEqual(current.readAt - CLOCK_MARGIN_MS)
            .toArray(),
          db.stageChanges.where(':id').above(current.lastChangeId).toArray(),
          db.touchpoints.where(':id').above(current.lastTouchId).toArray(),
        ]);
        if (stamp?.token !== current.token) return null;
        const changed = recent.filter((prospect) =>
          differs(current.prospects.get(prospect.id), prospect),
        );
        if (changed.length > PATCH_LIMIT) return null;
        // A prospect that changed may have lost a stage change (Undo): its list is read again.
        const known = changed.filter((prospect) => current.prospects.has(prospect.id));
        const histories = await Promise.all(known.map((prospect) => stageChanges.of(prospect.id)));
        return { readAt, count, changed, known, histories, changes, touchpoints };
      },
    );
    if (!read) return false;
    const { changed, known, histories, changes, touchpoints } = read;
    const reread = new Set(known.map((prospect) => prospect.id));
    for (const prospect of changed) current.prospects.set(prospect.id, rowOf(prospect));
    if (current.prospects.size !== read.count) return false;
    for (const [index, prospect] of known.entries()) {
      current.changes.set(prospect.id, []);
      for (const change of histories[index] ?? []) addChange(current, change);
    }
    const appended = new Set<string>();
    for (const change of changes) {
      if (reread.has(change.prospectId)) continue;
      addChange(current, change);
      appended.add(change.prospectId);
    }
    for (const id of [...reread, ...appended]) current.changes.get(id)?.sort(byTime);
    for (const change of changes)
      current.lastChangeId = Math.max(current.lastChangeId, change.id ?? 0);
    for (const list of histories)
      for (const change of list)
        current.lastChangeId = Math.max(current.lastChangeId, change.id ?? 0);
    // New touchpoints count only for prospects whose counts are kept; others are read when asked.
    let counted = false;
    for (const touchpoint of touchpoints) {
      current.lastTouchId = Math.max(current.lastTouchId, touchpoint.id ?? 0);
      const rows = current.touches.get(touchpoint.prospectId);
      if (!rows) continue;
      addTouch(rows, touchpoint.prospectId, touchpoint.stageId, touchpoint.kind, 1);
      counted = true;
    }
    current.readAt = read.readAt;
    const moved = changed.length > 0 || changes.length > 0 || histories.length > 0;
    if (moved) derived = undefined;
    // A day of Gmail logging touches few kept counts: the 3 MB copy is rewritten only for news
    // it holds (a stale last touchpoint id only makes the next cold start read a few more).
    if (moved || counted) persistSoon();
    return true;
  }

  /**
   * One use at a time: two refreshes of the same set at once would both append the same new
   * stage changes (two dashboard tabs, or a period switch during a reload, ask together).
   */
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  }

  async function current(hint: Hint): Promise<DashboardSet> {
    const held = state;
    if (held && (await refresh(held))) {
      source = 'memory';
    } else {
      state = undefined;
      derived = undefined;
      // A set in memory that could not catch up means the stored copy cannot either.
      const stored = held ? undefined : await readRecord();
      if (stored && (await refresh(stored))) {
        state = stored;
        source = 'record';
      } else {
        state = await readStores(hint);
        source = 'stores';
        persistSoon();
      }
    }
    const ready = state as State;
    if (deps.now() - ready.builtAt >= MAX_AGE_MS) rebuildSoon();
    derived ??= derive(ready);
    return derived;
  }

  /**
   * The daily whole read, after the answer rather than before it: a set that caught up is
   * answered with, and read again from the stores once the caller is done with it (its touch
   * counts come right after). The day's first opening, every rep's, then costs what a cold
   * worker's does, not a whole read's second; any drift lasts until the read, not a day.
   */
  function rebuildSoon(): void {
    if (rebuildTimer !== undefined) return;
    rebuildTimer = setTimeout(() => {
      rebuildTimer = undefined;
      void rebuild();
    }, REBUILD_DELAY_MS);
  }

  function rebuild(): Promise<void> {
    return serial(async () => {
      const held = state;
      if (!held || deps.now() - held.builtAt < MAX_AGE_MS) return;
      const fresh = await readStores({});
      // Replaced meanwhile (a restore, a whole read of its own): that one is newer.
      if (state !== held) return;
      state = fresh;
      derived = undefined;
      persistSoon();
    }).catch(() => {
      // A failed read leaves the set that caught up; the next use tries again.
    });
  }

  /** Touch counts of these prospects: kept ones from memory, the others through the index. */
  async function touchCounts(prospectIds: readonly string[]): Promise<TouchIndex> {
    const held = state;
    if (!held) return new Map();
    const missing = [...new Set(prospectIds)].filter((id) => !held.touches.has(id));
    if (missing.length > 0) {
      const fetched = await readTouchCounts(missing, held.lastTouchId);
      // A whole read may have replaced the set meanwhile; counts go to the set they were read for.
      for (const [prospectId, rows] of fetched) held.touches.set(prospectId, rows);
      persistSoon();
    }
    return touchIndex(prospectIds.flatMap((id) => held.touches.get(id) ?? []));
  }

  function persistSoon(): void {
    if (persistTimer !== undefined) return;
    persistTimer = setTimeout(() => {
      persistTimer = undefined;
      void persist();
    }, PERSIST_DELAY_MS);
  }

  async function persist(): Promise<void> {
    const held = state;
    if (!held) return;
    try {
      await db.transaction('rw', db.snapshots, async () => {
        // Cleared by a restore or a deletion since: this copy must not come back.
        if ((await db.snapshots.get(STAMP_ID))?.token !== held.token) return;
        // Cloned as put() is called: the copy is the set as it is now, not as it will be.
        await db.snapshots.put({ id: SNAPSHOT_ID, token: held.token, state: encodeState(held) });
      });
    } catch {
      // A copy that could not be written (quota) only costs the next cold start a whole read.
    }
  }

  return {
    /** The working set, brought up to date; `hint` says what the caller will ask next. */
    current: (hint: Hint = {}) => serial(() => current(hint)),
    touchCounts: (prospectIds: readonly string[]) => serial(() => touchCounts(prospectIds)),
    /** Where the last `current()` got its data. */
    get source(): Source {
      return source;
    },
    /** Writes the pending copy now (tests; the worker relies on the timer). */
    async flush(): Promise<void> {
      clearTimeout(persistTimer);
      persistTimer = undefined;
      await persist();
    },
    /** Runs the pending daily whole read now (tests; the worker relies on the timer). */
    async rebuildNow(): Promise<void> {
      if (rebuildTimer === undefined) return;
      clearTimeout(rebuildTimer);
      rebuildTimer = undefined;
      await rebuild();
    },
    /** Forgets the in-memory set, as a worker restart does (tests). */
    forgetMemory(): void {
      state = undefined;
      derived = undefined;
    },
  };
}

/**
 * The prospects that entered a won or lost outcome in the period: the deals the period's
 * retrospective lists (a deal reopened since is missed here and read when asked).
 */
function likelyClosed(prospects: readonly Prospect[], period: Period) {
  return prospects
    .filter(
      (prospect) =>
        prospect.status !== 'open' &&
        prospect.stageEnteredAt >= period.start &&
        prospect.stageEnteredAt < period.end,
    )
    .map((prospect) => prospect.id);
}

function rowOf(prospect: Prospect): Row {
  return {
    id: prospect.id,
    name: prospect.name,
    company: prospect.company,
    stageId: prospect.stageId,
    stageEnteredAt: prospect.stageEnteredAt,
    status: prospect.status,
    dealValue: prospect.dealValue,
    currency: prospect.currency,
    // Normalized as the record stores it, so a round trip does not read as a change.
    sample: prospect.sample === true ? true : undefined,
    ownerRep: prospect.ownerRep,
    updatedAt: prospect.updatedAt,
  };
}

function differs(row: Row | undefined, prospect: Prospect): boolean {
  if (!row) return true;
  const next = rowOf(prospect);
  return (Object.keys(next) as Array<keyof Row>).some((key) => row[key] !== next[key]);
}

function addChange(state: State, change: StageChange): void {
  const id = change.id ?? 0;
  state.lastChangeId = Math.max(state.lastChangeId, id);
  const compact: Change = {
    id,
    prospectId: change.prospectId,
    from: change.from,
    to: change.to,
    at: change.at,
    lostReason: change.lostReason,
  };
  const list = state.changes.get(change.prospectId);
  if (list) list.push(compact);
  else state.changes.set(change.prospectId, [compact]);
}

function byTime(a: Change, b: Change): number {
  return a.at - b.at || a.id - b.id;
}

function addTouch(
  rows: TouchCount[],
  prospectId: string,
  stageId: string,
  kind: TouchpointKind,
  count: number,
): void {
  const row = rows.find((candidate) => candidate.stageId === stageId && candidate.kind === kind);
  if (row) row.count += count;
  else rows.push({ prospectId, stageId, kind, count });
}

function removeEmpty(rows: TouchCount[]): void {
  for (let index = rows.length - 1; index >= 0; index--)
    if ((rows[index] as TouchCount).count <= 0) rows.splice(index, 1);
}

function derive(state: State): DashboardSet {
  // In primary-key order, as a read of the store gives them: lists show ties in that order.
  const prospects = [...state.prospects.values()];
  if (!inIdOrder(prospects)) prospects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Each prospect's changes are kept grouped and in time order: no regrouping of the set. The
  // lists are copied: a later refresh appends to the set's own.
  return {
    histories: prospects.map((prospect) =>
      historyOf(prospect, [...(state.changes.get(prospect.id) ?? [])]),
    ),
    sample: prospects.filter((prospect) => prospect.sample === true).length,
    currency: prospects.find((prospect) => prospect.currency)?.currency,
  };
}

function inIdOrder(rows: readonly Row[]): boolean {
  for (let index = 1; index < rows.length; index++) {
    if ((rows[index - 1] as Row).id > (rows[index] as Row).id) return false;
  }
  return true;
}
