/**
 * What happened to prospects: touchpoints, stage changes and checked actions. Touchpoints and
 * stage changes are indexed by [prospectId+at]; `ofProspect` is the one range over a prospect
 * that every read uses. Every record written goes through its schema first.
 */
import { Dexie } from 'dexie';
import {
  type ActionCheck,
  actionCheckSchema,
  type StageChange,
  stageChangeSchema,
  type Touchpoint,
  touchpointSchema,
} from '../../shared/schemas.ts';
import type { EtapeDb } from '../db.ts';
import { type OwnerRep, owned } from './owner.ts';

/** A prospect's records of one [prospectId+at]-indexed store, optionally within [from, to]. */
function ofProspect<T>(
  table: Dexie.Table<T, number>,
  prospectId: string,
  from: number | typeof Dexie.minKey = Dexie.minKey,
  to: number | typeof Dexie.maxKey = Dexie.maxKey,
) {
  return table.where('[prospectId+at]').between([prospectId, from], [prospectId, to], true, true);
}

/** Up to this many dedupe keys are looked up one request each (see `existingKeys`). */
const FEW_KEYS = 8;

/** Oldest first; same-millisecond records keep insertion order (auto-increment id). */
const byTimeThenId = (a: { at: number; id?: number }, b: { at: number; id?: number }) =>
  a.at - b.at || (a.id ?? 0) - (b.id ?? 0);

export function touchpointStore(db: EtapeDb, owner: OwnerRep = () => undefined) {
  const table = db.touchpoints as unknown as Dexie.Table<Touchpoint, number>;
  /**
   * A write with the prospects' tallies (touch-tallies.ts) in its transaction: the caller's,
   * which must name both (store.transaction does), or one of its own. Not a nested Dexie
   * transaction when there is one already: the log's hot path would pay for it on every message.
   */
  const writing = <T>(work: () => Promise<T>) =>
    Dexie.currentTransaction
      ? work()
      : db.transaction('rw', [db.touchpoints, db.touchTallies], work);
  return {
    /** Oldest first. */
    async of(prospectId: string): Promise<Touchpoint[]> {
      return ofProspect(table, prospectId).toArray();
    },
    /** Newest first, at most `limit`. */
    newest(prospectId: string, limit: number): Promise<Touchpoint[]> {
      return ofProspect(table, prospectId).reverse().limit(limit).toArray();
    },
    count(prospectId: string): Promise<number> {
      return ofProspect(table, prospectId).count();
    },
    async firstAt(prospectId: string): Promise<number | null> {
      return (await ofProspect(table, prospectId).first())?.at ?? null;
    },
    /** Those at a time within [from, to] (both included). */
    between(prospectId: string, from: number, to: number): Promise<Touchpoint[]> {
      return ofProspect(table, prospectId, from, to).toArray();
    },
    /** Which of these dedupe keys are stored already. */
    async existingKeys(keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const unique = [...new Set(keys)];
      // A few keys (a detector's usual message): one index count each, all sent at once, is one
      // trip to the database; `anyOf` walks a cursor, a trip each step. A conversation's dozens
      // of keys: the cursor's one walk costs less than dozens of requests.
      if (unique.length > FEW_KEYS) {
        return new Set((await db.touchpoints.where('key').anyOf(unique).keys()) as string[]);
      }
      const counts = await Promise.all(
        unique.map((key) => db.touchpoints.where('key').equals(key).count()),
      );
      return new Set(unique.filter((_, index) => (counts[index] ?? 0) > 0));
    },
    /** Validated, then written at once; a key stored already fails the whole write. */
    async addMany(touchpoints: readonly Touchpoint[]): Promise<void> {
      const records = touchpoints.map((touchpoint) =>
        touchpointSchema.parse(owned(touchpoint, owner)),
      );
      if (records.length > 0) await writing(() => db.touchpoints.bulkAdd(records));
    },
    async all(): Promise<Touchpoint[]> {
      return db.touchpoints.toArray();
    },
    /** Gives every touchpoint of `fromId` to `toId` (a merge); how many moved. */
    move(fromId: string, toId: string): Promise<number> {
      return writing(async () => {
        const moved = await ofProspect(table, fromId).toArray();
        if (moved.length > 0)
          await db.touchpoints.bulkPut(
            moved.map((touchpoint) => touchpointSchema.parse({ ...touchpoint, prospectId: toId })),
          );
        return moved.length;
      });
    },
    deleteOf(prospectIds: readonly string[]): Promise<number> {
      return writing(async () => {
        let deleted = 0;
        for (const prospectId of prospectIds)
          deleted += await ofProspect(table, prospectId).delete();
        return deleted;
      });
    },
    deleteByKeyPrefix(prefix: string): Promise<number> {
      return writing(() => db.touchpoints.where('key').startsWith(prefix).delete());
    },
  };
}

export function stageChangeStore(db: EtapeDb, owner: OwnerRep = () => undefined) {
  const table = db.stageChanges as unknown as Dexie.Table<StageChange, number>;
  return {
    /** A prospect's stage changes, oldest first. */
    async of(prospectId: string): Promise<StageChange[]> {
      return (await ofProspect(table, prospectId).toArray()).sort(byTimeThenId);
    },
    /** Validated; returned with its id. */
    async add(change: StageChange): Promise<StageChange> {
      const record = stageChangeSchema.parse(owned(change, owner));
      record.id = await db.stageChanges.add(record);
      return record;
    },
    async addMany(changes: readonly StageChange[]): Promise<void> {
      const records = changes.map((change) => stageChangeSchema.parse(owned(change, owner)));
      if (records.length > 0) await db.stageChanges.bulkAdd(records);
    },
    async delete(id: number): Promise<void> {
      await db.stageChanges.delete(id);
    },
    /** Every stage change (whole-store reads are one getAll; cursors cost a round trip each). */
    all(): Promise<StageChange[]> {
      return db.stageChanges.toArray();
    },
    /** Gives these changes (read from one prospect, ids kept) to `toId`. */
    async move(changes: readonly StageChange[], toId: string): Promise<void> {
      const moved = changes
        .filter((change) => change.id !== undefined)
        .map((change) => stageChangeSchema.parse({ ...change, prospectId: toId }));
      if (moved.length > 0) await db.stageChanges.bulkPut(moved);
    },
    async deleteOf(prospectIds: readonly string[]): Promise<number> {
      let deleted = 0;
      for (const prospectId of prospectIds) deleted += await ofProspect(table, prospectId).delete();
      return deleted;
    },
  };
}

export function actionCheckStore(db: EtapeDb) {
  /** Validated; a check already there is kept as it was (its first `doneAt`). */
  async function add(check: ActionCheck): Promise<boolean> {
    const record = actionCheckSchema.parse(check);
    if (await db.actionChecks.get([record.prospectId, record.stageId, record.actionId]))
      return false;
    await db.actionChecks.put(record);
    return true;
  }
  return {
    add,
    of(prospectId: string): Promise<ActionCheck[]> {
      return db.actionChecks.where('prospectId').equals(prospectId).toArray();
    },
    get(prospectId: string, stageId: string, actionId: string) {
      return db.actionChecks.get([prospectId, stageId, actionId]);
    },
    async delete(prospectId: string, stageId: string, actionId: string): Promise<void> {
      await db.actionChecks.delete([prospectId, stageId, actionId]);
    },
    all(): Promise<ActionCheck[]> {
      return db.actionChecks.toArray();
    },
    /** Gives `fromId`'s checks to `toId`; a check `toId` has already keeps its own time. */
    async move(fromId: string, toId: string): Promise<void> {
      for (const check of await db.actionChecks.where('prospectId').equals(fromId).toArray()) {
        await db.actionChecks.delete([check.prospectId, check.stageId, check.actionId]);
        await add({ ...check, prospectId: toId });
      }
    },
    async deleteOf(prospectIds: readonly string[]): Promise<number> {
      if (prospectIds.length === 0) return 0;
      return db.actionChecks
        .where('prospectId')
        .anyOf([...prospectIds])
        .delete();
    },
  };
}
