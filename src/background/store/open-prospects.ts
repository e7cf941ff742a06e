/**
 * The open prospects, their checked next steps and their last exchange, kept in the worker's
 * memory: the pipeline board and the follow-up nudges read them on every opening, and reading
 * 6,000 prospects from IndexedDB each time would cost more than the board's whole budget.
 *
 * Kept current by the service's change notices (the service hands each one to `noteChange`),
 * which every write sends after it commits: a notice naming prospects marks those to be read again on next use; a notice naming
 * none (restore, import, delete everything) means everything is read again. A notice that
 * arrives while a read is under way counts for the next use, so no write is ever missed. A
 * restarted worker starts empty and reads everything once.
 */
import { Dexie } from 'dexie';
import { type Exchange, isExchange } from '../../shared/follow-up.ts';
import type { ChangeEvent } from '../../shared/protocol.ts';
import type { Prospect } from '../../shared/schemas.ts';
import type { EtapeDb } from '../db.ts';

export interface OpenProspects {
  /** Open prospects by id. */
  prospects: ReadonlyMap<string, Prospect>;
  /** Per prospect, the checked next steps as `stageId/actionId`. */
  checks: ReadonlyMap<string, ReadonlySet<string>>;
  /** Changes whenever the set does. */
  version: number;
}

export function checkKey(stageId: string, actionId: string): string {
  return `${stageId}/${actionId}`;
}

export function createOpenProspects(db: EtapeDb) {
  let prospects: Map<string, Prospect> | undefined;
  const checks = new Map<string, Set<string>>();
  /** Last exchange per prospect, read when first asked for (null: none). */
  const exchanges = new Map<string, Exchange | null>();
  let whole = true;
  const dirty = new Set<string>();
  /** Bumped whenever the set changes: what is derived from it may be kept until then. */
  let version = 0;

  /** A change notice, as the service sends it after a write committed. */
  function noteChange(event: Omit<ChangeEvent, 'seq' | 'at'>): void {
    if (event.what === 'health' || event.what === 'settings') return;
    if (event.prospectIds.length === 0) whole = true;
    for (const id of event.prospectIds) dirty.add(id);
  }

  async function readAll(): Promise<void> {
    const [open, allChecks] = await db.transaction('r', db.prospects, db.actionChecks, () =>
      Promise.all([
        db.prospects.where('status').equals('open').toArray(),
        db.actionChecks.toArray(),
      ]),
    );
    prospects = new Map(open.map((prospect) => [prospect.id, prospect]));
    checks.clear();
    exchanges.clear();
    for (const check of allChecks) {
      if (prospects.has(check.prospectId))
        addCheck(check.prospectId, check.stageId, check.actionId);
    }
  }

  async function readSome(held: Map<string, Prospect>, ids: string[]): Promise<void> {
    const [records, someChecks] = await db.transaction('r', db.prospects, db.actionChecks, () =>
      Promise.all([
        db.prospects.bulkGet(ids),
        db.actionChecks.where('prospectId').anyOf(ids).toArray(),
      ]),
    );
    for (const [index, id] of ids.entries()) {
      const record = records[index];
      checks.delete(id);
      exchanges.delete(id);
      if (record?.status === 'open') held.set(id, record);
      else held.delete(id);
    }
    for (const check of someChecks) {
      if (held.has(check.prospectId)) addCheck(check.prospectId, check.stageId, check.actionId);
    }
  }

  function addCheck(prospectId: string, stageId: string, actionId: string): void {
    let set = checks.get(prospectId);
    if (!set) {
      set = new Set();
      checks.set(prospectId, set);
    }
    set.add(checkKey(stageId, actionId));
  }

  async function current(): Promise<OpenProspects> {
    // Taken before reading: notices that arrive during the read stay for the next use.
    const readWhole = whole || !prospects;
    const ids = [...dirty];
    whole = false;
    dirty.clear();
    try {
      if (readWhole) await readAll();
      else if (prospects && ids.length > 0) await readSome(prospects, ids);
      if (readWhole || ids.length > 0) version++;
    } catch (error) {
      // A failed read leaves the set unknown: read it all next time.
      whole = true;
      throw error;
    }
    return { prospects: prospects ?? new Map(), checks, version };
  }

  /** The last exchange of each of these prospects, read through the index for the unknown ones. */
  async function lastExchanges(ids: readonly string[]): Promise<Map<string, Exchange | null>> {
    const missing = ids.filter((id) => !exchanges.has(id));
    if (missing.length > 0) {
      const found = await db.transaction('r', db.touchpoints, () =>
        Promise.all(
          missing.map((id) =>
            db.touchpoints
              .where('[prospectId+at]')
              .between([id, Dexie.minKey], [id, Dexie.maxKey])
              .reverse()
              // The newest touchpoint is almost always the exchange: the walk stops there.
              .filter((touchpoint) => isExchange(touchpoint.kind))
              .first(),
          ),
        ),
      );
      for (const [index, id] of missing.entries()) {
        const touchpoint = found[index];
        exchanges.set(id, touchpoint ? { kind: touchpoint.kind, at: touchpoint.at } : null);
      }
    }
    return new Map(ids.map((id) => [id, exchanges.get(id) ?? null]));
  }

  /** One use at a time: two reads at once would both take the same dirty ids. */
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    noteChange,
    current: () => serial(current),
    lastExchanges: (ids: readonly string[]) => serial(() => lastExchanges(ids)),
  };
}
