/**
 * Own your data: backup, restore (replace or merge), CSV import of prospects, delete one
 * prospect, delete everything. Every write here is one transaction: if anything fails,
 * IndexedDB rolls back and the database is exactly as before. Every record goes through its
 * schema on the way in (the store's writes), a restored backup's included.
 */
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
import type { Prospect, StageChange, Touchpoint } from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';
import { IdentityIndex, splitLinkedin } from '../store/identity.ts';
import type { StoreName } from '../store/index.ts';

/** What a backup holds, plus the derived copy that must go with it. */
const BACKUP_TABLES: StoreName[] = [...BACKUP_STORES, 'snapshots'];

export function dataHandlers(ctx: ServiceContext) {
  const { store, now, notify } = ctx;

  return defineHandlers({
    async exportBackup({ appVersion }) {
      // Make sure a backup of a fresh install still carries the process in force.
      await store.processes.current();
      const data = await store.transaction('r', BACKUP_TABLES, () => store.backup.readAll());
      return { backup: makeBackup(data, now(), appVersion) };
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
      const counts = await store.transaction('rw', BACKUP_TABLES, async () => {
        // Derived copies of the old records must not survive them (see dashboard-snapshot.ts).
        await store.clearDerivedCopy();
        if (mode === 'merge') return mergeInto(ctx, backup.data);
        await store.backup.clearAll();
        return store.backup.writeAll(backup.data);
      });
      store.processes.forget();
      notify({ what: 'process', prospectIds: [] });
      return { counts };
    },

    async importProspects({ prospects }) {
      const process = await store.processes.current();
      const stage = firstStage(process);
      const result = await store.transaction('rw', ['prospects', 'stageChanges'], async () => {
        // Thousands of rows: index reads up front, matching in memory, bulk writes after.
        // IndexedDB requests are costly one by one; awaited per row, 10,000 rows took ~50 s.
        // A member-id URL in the LinkedIn column is the member id (linkedinUrl is vanity only).
        const rows = prospects.map(({ linkedinUrl: _url, linkedinMemberId: _id, ...row }, i) => ({
          ...row,
          ...splitLinkedin(prospects[i] ?? {}),
        }));
        const known = await store.prospects.byIdentity({
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
            const updated = { ...fillGaps(existing, fill), updatedAt: at };
            touched.set(updated.id, updated);
            index.add(updated);
            merged++;
            continue;
          }
          const prospect: Prospect = {
            id: ctx.newId(),
            ...row,
            stageId: stage.id,
            stageEnteredAt: at,
            status: 'open',
            createdAt: at,
            updatedAt: at,
          };
          touched.set(prospect.id, prospect);
          index.add(prospect);
          changes.push({ prospectId: prospect.id, from: null, to: stage.id, at });
          created++;
        }
        // Validated by the store, all at once (a bad row fails the whole import).
        await store.prospects.putVerbatim([...touched.values()]);
        await store.stageChanges.addMany(changes);
        return { created, merged };
      });
      notify({ what: 'prospect', prospectIds: [] });
      return result;
    },

    async deleteProspect({ prospectId }) {
      const removed = await store.transaction(
        'rw',
        ['prospects', 'stageChanges', 'touchpoints', 'actionChecks', 'snapshots'],
        async () => {
          await store.prospects.require(prospectId);
          // The dashboard's copy holds the name: it goes too (and is rebuilt on use).
          await store.clearDerivedCopy();
          const touchpoints = await store.touchpoints.deleteOf([prospectId]);
          const stageChanges = await store.stageChanges.deleteOf([prospectId]);
          const actionChecks = await store.actionChecks.deleteOf([prospectId]);
          await store.prospects.delete([prospectId]);
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
      await store.transaction('rw', [...BACKUP_TABLES, 'health'], () => store.clearEverything());
      store.processes.forget();
      notify({ what: 'process', prospectIds: [] });
      return { deleted: true };
    },
  });
}

type Counts = Record<BackupStore, number>;

/**
 * Merge: the same person (same id, any shared email, or same LinkedIn URL or member id) is one
 * prospect; the same touchpoint (same key) is stored once; stage histories are united and the
 * prospect's stage is the one its latest change leads to. What is already here is never removed.
 */
async function mergeInto({ store }: ServiceContext, data: BackupData): Promise<Counts> {
  const counts: Counts = {
    processes: 0,
    settings: 0,
    prospects: 0,
    stageChanges: 0,
    touchpoints: 0,
    actionChecks: 0,
  };

  for (const process of data.processes) {
    if (!(await store.processes.has(process.savedAt))) {
      await store.processes.add(process);
      counts.processes++;
    }
  }
  // The settings of this browser win: a merge adds data, it does not reconfigure.
  counts.settings = await store.backup.addSettingsIfNone(data.settings);

  const idMap = new Map<string, string>();
  for (const incoming of data.prospects) {
    const existing =
      (await store.prospects.get(incoming.id)) ?? (await store.prospects.byDetails(incoming));
    idMap.set(incoming.id, existing?.id ?? incoming.id);
    if (!existing) {
      await store.prospects.add(incoming);
      counts.prospects++;
      continue;
    }
    const merged: Prospect = {
      ...fillGaps(existing, incoming),
      createdAt: Math.min(existing.createdAt, incoming.createdAt),
    };
    const lastTouchAt = Math.max(existing.lastTouchAt ?? 0, incoming.lastTouchAt ?? 0);
    if (lastTouchAt > 0) merged.lastTouchAt = lastTouchAt;
    // Merging the same file again writes nothing.
    if (JSON.stringify(merged) !== JSON.stringify(existing)) await store.prospects.put(merged);
  }

  // Each prospect's history is read once, then kept up to date here as changes are added.
  const histories = new Map<string, StageChange[]>();
  const changed = new Set<string>();
  for (const change of data.stageChanges) {
    const prospectId = idMap.get(change.prospectId) ?? change.prospectId;
    let history = histories.get(prospectId);
    if (!history) {
      history = await store.stageChanges.of(prospectId);
      histories.set(prospectId, history);
    }
    const same = history.some(
      (known) => known.at === change.at && known.to === change.to && known.from === change.from,
    );
    if (same) continue;
    const { id: _dropped, ...rest } = change;
    history.push(await store.stageChanges.add({ ...rest, prospectId }));
    changed.add(prospectId);
    counts.stageChanges++;
  }
  const process = await store.processes.current();
  for (const prospectId of changed) {
    // Stable sort: same-millisecond changes keep their recorded order.
    const last = histories
      .get(prospectId)
      ?.sort((a, b) => a.at - b.at)
      .at(-1);
    const prospect = await store.prospects.get(prospectId);
    if (!last || !prospect) continue;
    const kind = process.stages.find((stage) => stage.id === last.to)?.kind ?? 'open';
    // Through the prospect's schema like every write (this used to be written unchecked).
    await store.prospects.put({
      ...prospect,
      stageId: last.to,
      stageEnteredAt: last.at,
      status: kind,
      lostReason: kind === 'lost' ? last.lostReason : undefined,
    });
  }

  const keys = await store.touchpoints.existingKeys(
    data.touchpoints.map((touchpoint) => touchpoint.key),
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
  await store.touchpoints.addMany(newTouchpoints);
  counts.touchpoints = newTouchpoints.length;

  for (const check of data.actionChecks) {
    const added = await store.actionChecks.add({
      ...check,
      prospectId: idMap.get(check.prospectId) ?? check.prospectId,
    });
    if (added) counts.actionChecks++;
  }
  return counts;
}
