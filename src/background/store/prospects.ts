/**
 * The prospects store and its write rules, in one place:
 * - every record written is validated against `prospectSchema` first;
 * - `updatedAt` moves forward with every change (the dashboard snapshot re-reads the prospects
 *   updated since its last read, so a change that left it behind would never reach the
 *   figures) — only the denormalized `lastTouchAt` and verbatim restores leave it as it is;
 * - the search words (prospectWords) are written with the prospect, in the same transaction.
 */

import { Dexie } from 'dexie';
import { fail } from '../../shared/error-reasons.ts';
import { type Prospect, type ProspectStatus, prospectSchema } from '../../shared/schemas.ts';
import { type EtapeDb, prospectWordsRecord } from '../db.ts';
import {
  type IdentityQuery,
  type LinkedinIds,
  prospectByDetails,
  prospectByLinkedinUrl,
  prospectByMemberId,
  prospectsByIdentity,
  unclaimedIds,
} from './identity.ts';
import { type OwnerRep, owned } from './owner.ts';
import { listProspects, type SearchOptions, searchProspects } from './search.ts';

export function prospectStore(db: EtapeDb, now: () => number, owner: OwnerRep = () => undefined) {
  /** Validated, `updatedAt` at least now (never backwards), words alongside. */
  async function put(prospect: Prospect): Promise<Prospect> {
    const record = prospectSchema.parse({
      ...owned(prospect, owner),
      updatedAt: Math.max(now(), prospect.updatedAt),
    });
    await write([record]);
    return record;
  }

  /** Validated and written as given (a restore or an import keeps its records' times). */
  async function putVerbatim(prospects: readonly Prospect[]): Promise<Prospect[]> {
    const records = prospects.map((prospect) => prospectSchema.parse(owned(prospect, owner)));
    await write(records);
    return records;
  }

  /** New prospects, validated and written as given; any existing id fails the whole write. */
  async function addMany(prospects: readonly Prospect[]): Promise<Prospect[]> {
    const records = prospects.map((prospect) => prospectSchema.parse(owned(prospect, owner)));
    if (records.length === 0) return records;
    await db.prospects.bulkAdd(records);
    await db.prospectWords.bulkPut(records.map(prospectWordsRecord));
    return records;
  }

  async function write(records: Prospect[]): Promise<void> {
    if (records.length === 0) return;
    await db.prospects.bulkPut(records);
    await db.prospectWords.bulkPut(records.map(prospectWordsRecord));
  }

  return {
    get(id: string): Promise<Prospect | undefined> {
      return db.prospects.get(id);
    },
    async require(id: string): Promise<Prospect> {
      const prospect = await db.prospects.get(id);
      if (!prospect) throw fail('prospectNotFound', { prospectId: id });
      return prospect;
    },
    async many(ids: readonly string[]): Promise<Prospect[]> {
      return (await db.prospects.bulkGet([...ids])).filter(
        (prospect): prospect is Prospect => prospect !== undefined,
      );
    },
    all(): Promise<Prospect[]> {
      return db.prospects.toArray();
    },
    count(): Promise<number> {
      return db.prospects.count();
    },

    // -- by identity (identity.ts) --
    byEmail(email: string): Promise<Prospect | undefined> {
      return db.prospects.where('emails').equals(email).first();
    },
    /** A LinkedIn profile URL of either form (vanity or member id). */
    byLinkedinUrl(url: string): Promise<Prospect | undefined> {
      return prospectByLinkedinUrl(db, url);
    },
    byVanityUrl(url: string): Promise<Prospect | undefined> {
      return db.prospects.where('linkedinUrl').equals(url).first();
    },
    byMemberId(memberId: string): Promise<Prospect | undefined> {
      return prospectByMemberId(db, memberId);
    },
    byDetails(details: { emails: readonly string[] } & LinkedinIds) {
      return prospectByDetails(db, details);
    },
    byIdentity(query: IdentityQuery): Promise<Prospect[]> {
      return prospectsByIdentity(db, query);
    },
    unclaimedIds(prospectId: string, ids: LinkedinIds): Promise<LinkedinIds> {
      return unclaimedIds(db, prospectId, ids);
    },

    // -- by stage and status ([stageId+stageEnteredAt], status) --
    /** The prospects of a stage, the longest in it first. */
    inStage(stageId: string, limit?: number): Promise<Prospect[]> {
      const range = stageRange(db, stageId);
      return (limit === undefined ? range : range.limit(limit)).toArray();
    },
    countInStage(stageId: string): Promise<number> {
      return stageRange(db, stageId).count();
    },
    /** How many of the stage entered it at or before `at`. */
    countEnteredBy(stageId: string, at: number): Promise<number> {
      return db.prospects
        .where('[stageId+stageEnteredAt]')
        .between([stageId, Dexie.minKey], [stageId, at], true, true)
        .count();
    },
    countByStatus(status: ProspectStatus): Promise<number> {
      return db.prospects.where('status').equals(status).count();
    },
    async idsByStatus(status: ProspectStatus): Promise<string[]> {
      return (await db.prospects.where('status').equals(status).primaryKeys()) as string[];
    },
    async sampleIds(): Promise<string[]> {
      return (await db.prospects
        .filter((prospect) => prospect.sample === true)
        .primaryKeys()) as string[];
    },
    /** Updated at or after `at` (the dashboard snapshot catching up). */
    updatedSince(at: number): Promise<Prospect[]> {
      return db.prospects.where('updatedAt').aboveOrEqual(at).toArray();
    },

    // -- search (search.ts) --
    search(query: string, options: SearchOptions) {
      return searchProspects(db, query, options);
    },
    list(options: { limit: number; status?: ProspectStatus | undefined }) {
      return listProspects(db, options);
    },

    // -- writes --
    put,
    putVerbatim,
    /** A new prospect (refused if the id exists). */
    async add(prospect: Prospect): Promise<Prospect> {
      const [record] = await addMany([prospect]);
      return record as Prospect;
    },
    addMany,
    /**
     * The denormalized time of the last touchpoint: not an edit of the prospect, so `updatedAt`
     * and the search words stay (a day of Gmail must not re-read the dashboard's copy).
     */
    async setLastTouch(prospect: Prospect, at: number): Promise<void> {
      if ((prospect.lastTouchAt ?? -1) >= at) return;
      await db.prospects.put(prospectSchema.parse({ ...prospect, lastTouchAt: at }));
    },
    async delete(ids: readonly string[]): Promise<void> {
      await db.prospects.bulkDelete([...ids]);
      await db.prospectWords.bulkDelete([...ids]);
    },
  };
}

export type ProspectStore = ReturnType<typeof prospectStore>;

function stageRange(db: EtapeDb, stageId: string) {
  return db.prospects
    .where('[stageId+stageEnteredAt]')
    .between([stageId, Dexie.minKey], [stageId, Dexie.maxKey]);
}
