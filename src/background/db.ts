/**
 * The one IndexedDB database, `etape`. Only the background worker opens it for writing.
 * Types come from the zod schemas; the schema strings name only primary keys and the indexes
 * something queries. Every change of a store or index is a new entry in SCHEMA_HISTORY (never
 * an edit of a past one), with an upgrade function when records must move, and an upgrade test
 * in db.test.ts that opens the previous version with data.
 */
import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import type {
  ActionCheck,
  Health,
  Process,
  Prospect,
  Settings,
  StageChange,
  Touchpoint,
} from '../shared/schemas.ts';
import { prospectWords } from '../shared/search-words.ts';
import {
  TALLY_STORE,
  type TouchTallyRecord,
  tallyRecords,
  touchTallies,
} from './store/touch-tallies.ts';

export const DB_NAME = 'etape';

export interface SettingsRecord {
  key: 'app';
  value: Settings;
}

/** Derived data (the dashboard's working set as one record, see store/dashboard-snapshot.ts). */
export interface SnapshotRecord {
  id: string;
  /**
   * The full record: the dashboard's working set (store/dashboard-snapshot.ts), kept as
   * structured data with a format number. The stamp: its token only. A record of an older
   * format (a JSON string under `json`) reads as absent and is replaced at the next write.
   */
  state?: unknown;
  token: string;
}

/**
 * The search words of one prospect (src/shared/search-words.ts), kept by the store's writes,
 * with its `updatedAt`: a search sorts and walks these small records, not the prospects.
 */
export interface ProspectWordsRecord {
  id: string;
  words: string[];
  updatedAt: number;
}

export function prospectWordsRecord(prospect: {
  id: string;
  name: string;
  company?: string | undefined;
  emails: readonly string[];
  updatedAt: number;
}): ProspectWordsRecord {
  return { id: prospect.id, words: prospectWords(prospect), updatedAt: prospect.updatedAt };
}

/** Touchpoints read per request by the upgrade that counts them (version 7). */
const UPGRADE_PAGE = 20_000;

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const SCHEMA_HISTORY: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // emails is multi-entry: a Gmail participant is looked up by any of a prospect's addresses.
      prospects: 'id, *emails, linkedinUrl, status, updatedAt',
      // key is unique: the dedupe guarantee lives in the database, not in caller discipline.
      touchpoints: '++id, &key, [prospectId+at], at',
      stageChanges: '++id, [prospectId+at], at',
      actionChecks: '[prospectId+stageId+actionId], prospectId',
      // One record per saved version of the process; the latest savedAt is in force.
      processes: 'savedAt',
      settings: 'key',
      health: 'id',
    },
  },
  {
    version: 2,
    stores: {
      // The popup's "needs attention": per open stage, the prospects that entered it longest
      // ago are the most over target, so a few short index reads replace a scan of every prospect.
      prospects: 'id, *emails, linkedinUrl, status, updatedAt, [stageId+stageEnteredAt]',
    },
  },
  {
    version: 3,
    stores: {
      // Derived data only (the dashboard's working set as one record, see
      // dashboard-snapshot.ts): never backed up, cleared with the records it copies.
      snapshots: 'id',
    },
  },
  {
    version: 4,
    stores: {
      // A LinkedIn conversation names a person by member id, their profile by vanity URL: both
      // are looked up. No record moves: a pre-4 linkedinUrl whose slug is a member id was
      // lower-cased by the old code, so its case (which the id needs) cannot be recovered; it is
      // kept as it was, and a lookup by member id also tries that lower-cased URL (identity.ts).
      prospects:
        'id, *emails, linkedinUrl, linkedinMemberId, status, updatedAt, [stageId+stageEnteredAt]',
    },
  },
  {
    version: 5,
    stores: {
      // Prospect search reads the prospects whose words start with what was typed, instead of
      // every prospect (issue #14). Derived from prospects, never backed up; the store writes
      // it with every prospect write, in the same transaction.
      prospectWords: 'id, *words, updatedAt',
    },
    async upgrade(tx) {
      const words: ProspectWordsRecord[] = [];
      await tx
        .table('prospects')
        .toCollection()
        .each((prospect) => {
          words.push(prospectWordsRecord(prospect));
        });
      await tx.table('prospectWords').bulkPut(words);
    },
  },
  {
    version: 6,
    stores: {
      // Team sync (issue #17): the dashboard and the team view filter by rep, and connecting
      // finds the records no rep owns yet. No record moves: a record without `ownerRep` is
      // this browser's rep's (absent from the index, found by what is not in it).
      prospects:
        'id, *emails, linkedinUrl, linkedinMemberId, status, updatedAt, [stageId+stageEnteredAt], ownerRep',
      stageChanges: '++id, [prospectId+at], at, ownerRep',
    },
  },
  {
    version: 7,
    stores: {
      [TALLY_STORE]: 'prospectId',
    },
    async upgrade(tx) {
      // Page by page, keeping only what a tally needs of each record, not the whole store at
      // once. On the bench's year of data (200,000 touchpoints) reading and counting took
      // 2.5-3.0 s and writing the 10,000 tallies 1.6-1.7 s in Chromium: once, at the update.
      const touchpoints = tx.table('touchpoints');
      const counted: Array<{ prospectId: string; stageId: string; kind: Touchpoint['kind'] }> = [];
      let after = Number.NEGATIVE_INFINITY;
      for (;;) {
        const page: Touchpoint[] = await touchpoints
          .where(':id')
          .above(after)
          .limit(UPGRADE_PAGE)
          .toArray();
        for (const { prospectId, stageId, kind } of page)
          counted.push({ prospectId, stageId, kind });
        const last = page.at(-1)?.id;
        if (page.length < UPGRADE_PAGE || last === undefined) break;
        after = last;
      }
      await tx.table(TALLY_STORE).bulkPut(tallyRecords(counted));
    },
  },
];

export type EtapeDb = Dexie & {
  prospects: EntityTable<Prospect, 'id'>;
  touchpoints: EntityTable<Touchpoint, 'id'>;
  stageChanges: EntityTable<StageChange, 'id'>;
  actionChecks: Table<ActionCheck, [string, string, string]>;
  processes: Table<Process, number>;
  settings: Table<SettingsRecord, string>;
  health: EntityTable<Health, 'id'>;
  snapshots: Table<SnapshotRecord, string>;
  prospectWords: Table<ProspectWordsRecord, string>;
  /** Kept by every touchpoint write (store/touch-tallies.ts). */
  touchTallies: Table<TouchTallyRecord, string>;
  /**
   * Told the store's name before every write to it, whoever writes (the store keeps read
   * results until the next write: store/memo.ts).
   */
  writeListeners: Set<(store: string) => void>;
};

/** `history` is a parameter so upgrade tests can open the database as an older version. */
export function openDb(
  name = DB_NAME,
  history: readonly SchemaVersion[] = SCHEMA_HISTORY,
  options?: ConstructorParameters<typeof Dexie>[1],
): EtapeDb {
  const db = new Dexie(name, options) as EtapeDb;
  for (const step of history) {
    const version = db.version(step.version).stores(step.stores);
    if (step.upgrade) version.upgrade(step.upgrade);
  }
  const listeners = new Set<(store: string) => void>();
  db.writeListeners = listeners;
  db.use(touchTallies);
  // At Dexie's lowest layer every add, put, delete and clear is a `mutate`: none escapes.
  db.use({
    stack: 'dbcore',
    name: 'etape-write-listeners',
    create: (down) => ({
      ...down,
      table(tableName) {
        const table = down.table(tableName);
        return {
          ...table,
          mutate(request) {
            for (const listener of listeners) listener(tableName);
            return table.mutate(request);
          },
        };
      },
    }),
  });
  return db;
}

export const CURRENT_VERSION = SCHEMA_HISTORY.at(-1)?.version ?? 1;
