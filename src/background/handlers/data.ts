/**
 * Own your data: backup, restore (replace or merge), CSV import of prospects, delete one
 * prospect, delete everything. Every write here is one Dexie transaction: if anything fails,
 * IndexedDB rolls back and the database is exactly as before.
 */
import { Dexie } from 'dexie';
import {
  BACKUP_STORES,
  type BackupData,
  BackupError,
  type BackupStore,
  makeBackup,
  parseBackup,
} from '../../shared/backup.ts';
import { fail } from '../../shared/error-reasons.ts';
import { fillGaps } from '../../shared/merge.ts';
import { EtapeError } from '../../shared/messages.ts';
import { firstStage } from '../../shared/process.ts';
import {
  type ActionCheck,
  type Prospect,
  prospectSchema,
  type StageChange,
  stageChangeSchema,
  type Touchpoint,
} from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';
import {
  IdentityIndex,
  prospectByDetails,
  prospectsByIdentity,
  splitLinkedin,
} from '../store/identity.ts';

export function dataHandlers(ctx: ServiceContext) {
  const { db, now, notify } = ctx;
  const stores = () => backupTables(db);

  async function readAll(): Promise<BackupData> {
    return db.transaction('r', stores(), async () => ({
      processes: await db.processes.orderBy('savedAt').toArray(),
      settings: await db.settings.toArray(),
      prospects: await db.prospects.toArray(),
      stageChanges: await db.stageChanges.toArray(),
      touchpoints: await db.touchpoints.toArray(),
      actionChecks: await db.actionChecks.toArray(),
    }));
  }

  return defineHandlers({
    async exportBackup({ appVersion }) {
      // Make sure a backup of a fresh install still carries the process in force.
      await ctx.currentProcess();
      return { backup: makeBackup(await readAll(), now(), appVersion) };
    },

    async restoreBackup({ text, mode }) {
      let backup: ReturnType<typeof parseBackup>;
      try {
        backup = parseBackup(text);
      } catch (error) {
        if (error instanceof BackupError)
          throw new EtapeError('invalid', error.message, undefined, {
            reason: error.reason,
            params: error.params,
          });
        throw error;
      }
      const counts = await db.transaction('rw', [...stores(), db.snapshots], async () => {
        // Derived copies of the old records must not survive them (see dashboard-snapshot.ts).
        await db.snapshots.clear();
        return mode === 'replace' ? replaceAll(ctx, backup.data) : mergeInto(ctx, backup.data);
      });
      ctx.forgetProcess();
      notify({ what: 'process', prospectIds: [] });
      return { counts };
    },

    async importProspects({ prospects }) {
      const process = await ctx.currentProcess();
      const stage = firstStage(process);
      const result = await db.transaction('rw', db.prospects, db.stageChanges, async () => {
        // Thousands of rows: two index reads up front, matching in memory, bulk writes after.
        // IndexedDB requests are costly one by one; awaited per row, 10,000 rows took ~50 s.
        // A member-id URL in the LinkedIn column is the member id (linkedinUrl is vanity only).
        const rows = prospects.map(({ linkedinUrl: _url, linkedinMemberId: _id, ...row }, i) => ({
          ...row,
          ...splitLinkedin(prospects[i] ?? {}),
        }));
        const known = await prospectsByIdentity(db, {
          emails: rows.flatMap((row) => row.emails),
          linkedinUrls: rows.flatMap((row) => (row.linkedinUrl ? [row.linkedinUrl] : [])),
          memberIds: rows.flatMap((row) => (row.linkedinMemberId ? [row.linkedinMemberId] : [])),
        });
        const index = new IdentityIndex();
        for (const prospect of known) index.add(prospect);
        const knownById = new Map(known.map((prospect) => [prospect.id, prospect]));

        const touched = new Map<string, Prospect>();
        const changes: StageChange[] = [];
        let created = 0;
        let merged = 0;
        const at = now();
        for (const row of rows) {
          const matchId = index.find(row);
          const existing = matchId ? (touched.get(matchId) ?? knownById.get(matchId)) : undefined;
          if (existing) {
            // A CRM export re-imported must not double anyone: fill gaps, never overwrite. An id
            // that names another prospect is not taken over (that would be a silent merge).
            const fill = { ...row };
            const owner = (ids: { linkedinUrl?: string; linkedinMemberId?: string }) =>
              index.find({ emails: [], ...ids }) ?? existing.id;
            if (fill.linkedinUrl && owner({ linkedinUrl: fill.linkedinUrl }) !== existing.id)
              delete fill.linkedinUrl;
            if (
              fill.linkedinMemberId &&
              owner({ linkedinMemberId: fill.linkedinMemberId }) !== existing.id
            )
              delete fill.linkedinMemberId;
            const updated = prospectSchema.parse({ ...fillGaps(existing, fill), updatedAt: at });
            touched.set(updated.id, updated);
            index.add(updated);
            merged++;
            continue;
          }
          const prospect = prospectSchema.parse({
            id: ctx.newId(),
            ...row,
            stageId: stage.id,
            stageEnteredAt: at,
            status: 'open',
            createdAt: at,
            updatedAt: at,
          });
          touched.set(prospect.id, prospect);
          index.add(prospect);
          changes.push({ prospectId: prospect.id, from: null, to: stage.id, at });
          created++;
        }
        await db.prospects.bulkPut([...touched.values()]);
        await db.stageChanges.bulkAdd(changes);
        return { created, merged };
      });
      notify({ what: 'prospect', prospectIds: [] });
      return result;
    },

    async deleteProspect({ prospectId }) {
      const removed = await db.transaction(
        'rw',
        [db.prospects, db.stageChanges, db.touchpoints, db.actionChecks, db.snapshots],
        async () => {
          await ctx.requireProspect(prospectId);
          // The dashboard's copy holds the name: it goes too (and is rebuilt on use).
          await db.snapshots.clear();
          const range = [
            [prospectId, Dexie.minKey],
            [prospectId, Dexie.maxKey],
          ] as const;
          const touchpoints = await db.touchpoints
            .where('[prospectId+at]')
            .between(...range)
            .delete();
          const stageChanges = await db.stageChanges
            .where('[prospectId+at]')
            .between(...range)
            .delete();
          const actionChecks = await db.actionChecks
            .where('prospectId')
            .equals(prospectId)
            .delete();
          await db.prospects.delete(prospectId);
          return { touchpoints, stageChanges, actionChecks };
        },
      );
      notify({ what: 'prospect', prospectIds: [prospectId] });
      return { removed };
    },

    async deleteEverything({ confirm }) {
      if (confirm !== 'delete everything') {
        throw fail('deleteNeedsPhrase');
      }
      await db.transaction('rw', [...stores(), db.health, db.snapshots], async () => {
        for (const table of [...stores(), db.health, db.snapshots]) await table.clear();
      });
      ctx.forgetProcess();
      notify({ what: 'process', prospectIds: [] });
      return { deleted: true };
    },
  });
}

type Counts = Record<BackupStore, number>;

async function replaceAll(ctx: ServiceContext, data: BackupData): Promise<Counts> {
  const tables = backupTables(ctx.db);
  for (const table of tables) await table.clear();
  const counts = {} as Counts;
  // BACKUP_STORES is in write-back order: the process before the records that name its stages.
  for (const [index, store] of BACKUP_STORES.entries()) {
    await tables[index]?.bulkAdd(data[store]);
    counts[store] = data[store].length;
  }
  return counts;
}

/** The tables a backup holds, in BACKUP_STORES order. */
function backupTables(db: ServiceContext['db']) {
  return BACKUP_STORES.map((store) => db.table(store));
}

/**
 * Merge: the same person (same id, any shared email, or same LinkedIn URL) is one prospect;
 * the same touchpoint (same key) is stored once; stage histories are united and the prospect's
 * stage is the one its latest change leads to. What is already here is never removed.
 */
async function mergeInto(ctx: ServiceContext, data: BackupData): Promise<Counts> {
  const { db } = ctx;
  const counts: Counts = {
    processes: 0,
    settings: 0,
    prospects: 0,
    stageChanges: 0,
    touchpoints: 0,
    actionChecks: 0,
  };

  for (const process of data.processes) {
    if (!(await db.processes.get(process.savedAt))) {
      await db.processes.add(process);
      counts.processes++;
    }
  }
  // The settings of this browser win: a merge adds data, it does not reconfigure.
  if ((await db.settings.count()) === 0 && data.settings.length > 0) {
    await db.settings.bulkAdd(data.settings);
    counts.settings = data.settings.length;
  }

  const idMap = new Map<string, string>();
  for (const incoming of data.prospects) {
    const existing =
      (await db.prospects.get(incoming.id)) ?? (await prospectByDetails(db, incoming));
    idMap.set(incoming.id, existing?.id ?? incoming.id);
    if (!existing) {
      await db.prospects.add(incoming);
      counts.prospects++;
      continue;
    }
    await db.prospects.put(
      prospectSchema.parse({
        ...fillGaps(existing, incoming),
        lastTouchAt: Math.max(existing.lastTouchAt ?? 0, incoming.lastTouchAt ?? 0) || undefined,
        createdAt: Math.min(existing.createdAt, incoming.createdAt),
      }),
    );
  }

  // Each prospect's history is read once, then kept up to date here as changes are added.
  const histories = new Map<string, StageChange[]>();
  const changed = new Set<string>();
  for (const change of data.stageChanges) {
    const prospectId = idMap.get(change.prospectId) ?? change.prospectId;
    let history = histories.get(prospectId);
    if (!history) {
      history = await ctx.changesOf(prospectId);
      histories.set(prospectId, history);
    }
    const same = history.some(
      (known) => known.at === change.at && known.to === change.to && known.from === change.from,
    );
    if (same) continue;
    const { id: _dropped, ...rest } = change;
    const added = stageChangeSchema.parse({ ...rest, prospectId }) as StageChange;
    added.id = await db.stageChanges.add(added);
    history.push(added);
    changed.add(prospectId);
    counts.stageChanges++;
  }
  const process = await ctx.currentProcess();
  for (const prospectId of changed) {
    // Stable sort: same-millisecond changes keep their recorded order.
    const last = histories
      .get(prospectId)
      ?.sort((a, b) => a.at - b.at)
      .at(-1);
    const prospect = await db.prospects.get(prospectId);
    if (!last || !prospect) continue;
    const kind = process.stages.find((stage) => stage.id === last.to)?.kind ?? 'open';
    await db.prospects.put({
      ...prospect,
      stageId: last.to,
      stageEnteredAt: last.at,
      status: kind,
      ...(kind === 'lost' ? { lostReason: last.lostReason } : { lostReason: undefined }),
    } satisfies Prospect);
  }

  const keys = new Set(
    (
      await db.touchpoints
        .where('key')
        .anyOf(data.touchpoints.map((touchpoint) => touchpoint.key))
        .toArray()
    ).map((touchpoint) => touchpoint.key),
  );
  const newTouchpoints: Touchpoint[] = [];
  for (const touchpoint of data.touchpoints) {
    if (keys.has(touchpoint.key)) continue;
    keys.add(touchpoint.key);
    const { id: _dropped, ...rest } = touchpoint;
    newTouchpoints.push({
      ...rest,
      prospectId: idMap.get(touchpoint.prospectId) ?? touchpoint.prospectId,
    });
  }
  await db.touchpoints.bulkAdd(newTouchpoints);
  counts.touchpoints = newTouchpoints.length;

  for (const check of data.actionChecks) {
    const mapped: ActionCheck = {
      ...check,
      prospectId: idMap.get(check.prospectId) ?? check.prospectId,
    };
    if (!(await db.actionChecks.get([mapped.prospectId, mapped.stageId, mapped.actionId]))) {
      await db.actionChecks.add(mapped);
      counts.actionChecks++;
    }
  }
  return counts;
}
