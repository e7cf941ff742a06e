/**
 * The one module behind the tables (issue #14): every read path and every write rule of the
 * background. Handlers call it; no other code touches a Dexie table (store-boundary.test.ts
 * checks the imports). Its parts:
 * - prospects.ts: lookups (by id, identity, stage, status), search, and the write rules
 *   (validation, `updatedAt`, search words);
 * - history.ts: touchpoints, stage changes and checked actions, each a range of one prospect;
 * - config.ts: the process in force, settings, detection health;
 * - backup.ts: whole-database reads and writes;
 * - dashboard-snapshot.ts: the dashboard's derived working set;
 * - touch-tallies.ts: each prospect's touchpoint counts, kept by every touchpoint write;
 * - memo.ts: read results kept until the next write;
 * - open-prospects.ts: the open prospects the board and the follow-ups read, kept in memory.
 */
import type { Locale } from '../../shared/i18n.ts';
import type { EtapeDb } from '../db.ts';
import { backupStore } from './backup.ts';
import { healthStore, processStore, settingsStore } from './config.ts';
import { createDashboardSnapshot } from './dashboard-snapshot.ts';
import { actionCheckStore, stageChangeStore, touchpointStore } from './history.ts';
import { createMemo } from './memo.ts';
import { createOpenProspects } from './open-prospects.ts';
import type { OwnerRep } from './owner.ts';
import { prospectStore } from './prospects.ts';
import { syncStore } from './sync.ts';
import { TALLY_STORE } from './touch-tallies.ts';

/** The stores a transaction can name (derived ones are added by the store itself). */
export type StoreName =
  | 'prospects'
  | 'touchpoints'
  | 'stageChanges'
  | 'actionChecks'
  | 'processes'
  | 'settings'
  | 'health'
  | 'snapshots';

export interface StoreDeps {
  now: () => number;
  /** The UI language at first run: the default process is created in it. */
  locale: Locale;
  /**
   * Team sync's rep name while connected (store/owner.ts): records written without an owner
   * get it. Undefined while sync is off (records stay this browser's rep's).
   */
  ownerRep?: OwnerRep | undefined;
}

export function createStore(db: EtapeDb, deps: StoreDeps) {
  const owner: OwnerRep = deps.ownerRep ?? (() => undefined);
  const prospects = prospectStore(db, deps.now, owner);
  return {
    prospects,
    touchpoints: touchpointStore(db, owner),
    stageChanges: stageChangeStore(db, owner),
    actionChecks: actionCheckStore(db),
    processes: processStore(db, deps),
    settings: settingsStore(db),
    health: healthStore(db),
    backup: backupStore(db, prospects),
    /** Team sync's reads and writes (sync.ts): remote documents applied, owners stamped. */
    sync: syncStore(db, prospects),
    dashboard: createDashboardSnapshot(db, { now: deps.now }),
    /** Reads kept until the next write (memo.ts): what the popup's first data asks. */
    memo: createMemo(db),
    /** The open prospects in memory, current through the service's change notices. */
    openProspects: createOpenProspects(db),

    /**
     * Runs `work` in one IndexedDB transaction over these stores: all of it is written, or
     * none. A prospects write also writes its search words, and a touchpoints write its
     * prospect's tally (touch-tallies.ts), so those stores come along.
     */
    transaction<T>(mode: 'r' | 'rw', stores: readonly StoreName[], work: () => Promise<T>) {
      const names = new Set<string>(stores);
      if (names.has('prospects')) names.add('prospectWords');
      if (mode === 'rw' && names.has('touchpoints')) names.add(TALLY_STORE);
      return db.transaction(mode, [...names], work);
    },

    /** Clears the dashboard's derived copy (it holds names: it must not outlive a deletion). */
    clearDerivedCopy(): Promise<void> {
      return db.snapshots.clear();
    },

    /** Every store, derived ones and detection health included (delete everything). */
    async clearEverything(): Promise<void> {
      for (const table of db.tables) await table.clear();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
