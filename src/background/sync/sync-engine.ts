/**
 * Team sync's engine (issue #17): PouchDB replicating with the team's CouchDB. Built into a
 * `sync*` chunk (vite.config.ts) — the only shipped code with network APIs — and reached only
 * while sync is on (host.ts).
 *
 * This browser keeps a copy of the team's documents in its own PouchDB database (`etape-sync-…`,
 * not the `etape` database backups read; it holds no credentials). One run:
 * 1. applies what the copy received and was not applied yet (a run the worker's stop cut short);
 * 2. writes the local records changed since the last run as documents (sync-docs.ts), only
 *    where they differ from the copy;
 * 3. replicates one-shot both ways, in batches (PouchDB checkpoints: an interrupted run resumes
 *    where it stopped, on both sides);
 * 4. resolves the conflicts CouchDB reports (`_conflicts`): merged by sync-docs.ts's rules,
 *    written over the winner, losers deleted — the same result in every browser — and pushes
 *    the resolutions;
 * 5. applies the received documents to IndexedDB through the store (validated by zod).
 */

import HttpAdapter from 'pouchdb-adapter-http';
import IndexedDbAdapter from 'pouchdb-adapter-indexeddb';
import PouchDB from 'pouchdb-core';
import Replication from 'pouchdb-replication';
import { defaultProcess } from '../../shared/default-process.ts';
import type { Process } from '../../shared/schemas.ts';
import {
  docContent,
  HISTORY_PREFIX,
  type HistoryDoc,
  historyDocId,
  historyDocSchema,
  historyDocs,
  historyPrefixOf,
  isPristineDefault,
  mergeDocs,
  PROCESS_PREFIX,
  PROSPECT_PREFIX,
  type ProcessDoc,
  planApply,
  processDoc,
  processDocSchema,
  prospectDoc,
  prospectDocId,
  prospectDocSchema,
  prospectIdOfDoc,
  type SyncDoc,
  sameProspect,
  teamProspect,
} from '../../shared/sync-docs.ts';
import type { DirtySet, EngineContext, RunResult, SyncConfig, SyncEngine } from './host.ts';

const Pouch = PouchDB.plugin(IndexedDbAdapter).plugin(HttpAdapter).plugin(Replication);

/** Documents per replication batch and per local write: large enough for a first sync. */
const BATCH = 500;
/** Prospects applied per IndexedDB transaction. */
const APPLY_BATCH = 250;
const APPLIED_ID = '_local/etape-applied';

// -- the parts of PouchDB's API used here (it ships no types) --
interface Row {
  id: string;
  key: string;
  value?: { rev: string; deleted?: boolean };
  doc?: StoredDoc;
  error?: string;
}
type StoredDoc = Record<string, unknown> & {
  _id: string;
  _rev: string;
  _conflicts?: string[];
  _deleted?: boolean;
};
interface Db {
  allDocs(options: Record<string, unknown>): Promise<{ rows: Row[] }>;
  bulkDocs(
    docs: object[],
  ): Promise<Array<{ ok?: boolean; id: string; rev?: string; error?: string }>>;
  get(id: string, options?: Record<string, unknown>): Promise<StoredDoc>;
  put(doc: object): Promise<{ rev: string }>;
  changes(options: Record<string, unknown>): Promise<{
    results: Array<{
      id: string;
      seq: number | string;
      changes: Array<{ rev: string }>;
      doc?: StoredDoc;
      deleted?: boolean;
    }>;
    last_seq: number | string;
  }>;
  info(): Promise<Record<string, unknown>>;
  destroy(): Promise<unknown>;
  close(): Promise<unknown>;
  replicate: {
    to(target: Db, options: Record<string, unknown>): Promise<{ docs_written: number }>;
    from(source: Db, options: Record<string, unknown>): Promise<{ docs_written: number }>;
  };
}
type PouchCtor = new (name: string, options?: Record<string, unknown>) => Db;
const Database = Pouch as unknown as PouchCtor;

export function createEngine(): SyncEngine {
  return {
    check,
    run,
    async forget(config) {
      await new Database(mirrorName(config), { adapter: 'indexeddb' }).destroy();
    },
  };
}

/** This browser's copy of one team database (per server, database and user). */
function mirrorName(config: SyncConfig): string {
  let hash = 0x811c9dc5;
  for (const char of `${config.url}\n${config.user}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `etape-sync-${hash.toString(16)}`;
}

function basicAuth(config: SyncConfig): string {
  const bytes = new TextEncoder().encode(`${config.user}:${config.password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * The server, the credentials and the membership, told apart (pouchdb-server answers 401 to a
 * non-member where CouchDB answers 403, so `_session` says whether the password was right).
 */
async function check(config: SyncConfig): Promise<RunResult | null> {
  const headers = { Authorization: basicAuth(config), Accept: 'application/json' };
  const origin = new URL(config.url).origin;
  let session: Response;
  try {
    session = await fetch(`${origin}/_session`, { headers, credentials: 'omit' });
  } catch {
    return { state: 'offline', reason: 'syncUnreachable', pending: 0 };
  }
  if (session.status === 401) return { state: 'error', reason: 'syncWrongPassword', pending: 0 };
  if (session.ok) {
    const body = (await session.json().catch(() => ({}))) as { userCtx?: { name?: unknown } };
    if (!body.userCtx?.name) return { state: 'error', reason: 'syncWrongPassword', pending: 0 };
  } else if (session.status >= 500) {
    return { state: 'offline', reason: 'syncServer', pending: 0 };
  }
  let database: Response;
  try {
    database = await fetch(config.url, { headers, credentials: 'omit' });
  } catch {
    return { state: 'offline', reason: 'syncUnreachable', pending: 0 };
  }
  if (database.ok) return null;
  if (database.status === 401 || database.status === 403)
    return { state: 'error', reason: 'syncNotMember', pending: 0 };
  if (database.status === 404) return { state: 'error', reason: 'syncNoDatabase', pending: 0 };
  return { state: 'offline', reason: 'syncServer', pending: 0 };
}

async function run(config: SyncConfig, dirty: DirtySet, ctx: EngineContext): Promise<RunResult> {
  const local = new Database(mirrorName(config), { adapter: 'indexeddb' });
  const remote = new Database(config.url, {
    adapter: 'http',
    skip_setup: true,
    auth: { username: config.user, password: config.password },
  });
  const me = config.repName;
  const ownRevs = new Map<string, string>();
  let pending = 0;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };
  try {
    await applyPending(local, ctx, me, ownRevs, dirty);
    lap('applyBefore');
    pending = await exportLocal(local, ctx, me, dirty, ownRevs);
    lap('export');
    const options = { batch_size: BATCH, batches_limit: 4, retry: false };
    await local.replicate.to(remote, options);
    lap('push');
    pending = 0;
    await local.replicate.from(remote, options);
    lap('pull');
    const { resolved } = await applyPending(local, ctx, me, ownRevs, null);
    lap('apply');
    if (resolved > 0) await local.replicate.to(remote, options);
    lap('pushResolved');
    return { state: 'synced', pending: 0, timings };
  } catch (error) {
    const failure = await explain(error, config);
    return { ...failure, pending, timings };
  } finally {
    await local.close().catch(() => undefined);
    await remote.close().catch(() => undefined);
  }
}

/** A failed replication as the status says it: offline (retried) or an error (user acts). */
async function explain(error: unknown, config: SyncConfig): Promise<Omit<RunResult, 'pending'>> {
  const status = (error as { status?: number } | null)?.status;
  if (status === 401 || status === 403) {
    const found = await check(config);
    if (found) return found;
    return { state: 'error', reason: 'syncNotMember' };
  }
  if (status === 404) return { state: 'error', reason: 'syncNoDatabase' };
  if (status && status >= 500) return { state: 'offline', reason: 'syncServer' };
  if (status && status >= 400) {
    console.warn('Etape sync refused', error);
    return { state: 'error', reason: 'syncServer' };
  }
  return { state: 'offline', reason: 'syncUnreachable' };
}

// -- 1 and 5: documents of the copy → IndexedDB --

/**
 * Applies every change of the copy since the last applied one (its seq kept in a `_local`
 * document, so a stopped worker resumes), resolving conflicts on the way. `dirty`: what this
 * run has not written to the copy yet (its local fields win; never deleted).
 */
async function applyPending(
  local: Db,
  ctx: EngineContext,
  me: string,
  ownRevs: Map<string, string>,
  dirty: DirtySet | null,
): Promise<{ resolved: number }> {
  const marker = await local.get(APPLIED_ID).catch(() => null);
  let since: number | string = (marker?.seq as number | string | undefined) ?? 0;
  const prospects = new Set<string>();
  const processes: ProcessDoc[] = [];
  let resolved = 0;
  for (;;) {
    const batch = await local.changes({
      since,
      limit: BATCH * 2,
      include_docs: true,
      conflicts: true,
    });
    for (const change of batch.results) {
      const doc = change.doc;
      if (doc?._conflicts?.length) {
        await resolve(local, doc);
        resolved++;
      } else if (ownRevs.get(change.id) === change.changes[0]?.rev) continue;
      if (change.id.startsWith(PROCESS_PREFIX) && doc && !doc._deleted) {
        const parsed = processDocSchema.safeParse(doc);
        if (parsed.success) processes.push(parsed.data);
      }
      const prospectId = prospectIdOfDoc(change.id);
      if (prospectId) prospects.add(prospectId);
    }
    since = batch.last_seq;
    if (batch.results.length < BATCH * 2) break;
  }
  if (processes.length > 0) await applyProcesses(ctx, processes);
  if (prospects.size > 0) await applyProspects(local, ctx, me, [...prospects], dirty);
  await local.put({ ...(marker ?? { _id: APPLIED_ID }), seq: since });
  return { resolved };
}

/** One document's versions → the merged one on the winner, the others deleted (sync-docs.ts). */
async function resolve(local: Db, winner: StoredDoc): Promise<void> {
  const losers = winner._conflicts ?? [];
  const versions = [
    winner,
    ...(await Promise.all(losers.map((rev) => local.get(winner._id, { rev })))),
  ];
  const valid = versions.flatMap((version) => {
    const parsed = parseDoc(version);
    return parsed ? [parsed] : [];
  });
  const writes: object[] = losers.map((rev) => ({ _id: winner._id, _rev: rev, _deleted: true }));
  if (valid.length > 0) {
    const { _conflicts: _c, ...merged } = { ...mergeDocs(valid), _rev: winner._rev } as StoredDoc;
    writes.unshift(merged);
  }
  await local.bulkDocs(writes);
}

function parseDoc(doc: StoredDoc): SyncDoc | null {
  const { _rev: _r, _conflicts: _c, ...content } = doc;
  const schema = doc._id.startsWith(PROSPECT_PREFIX)
    ? prospectDocSchema
    : doc._id.startsWith(HISTORY_PREFIX)
      ? historyDocSchema
      : doc._id.startsWith(PROCESS_PREFIX)
        ? processDocSchema
        : null;
  const parsed = schema?.safeParse(content);
  return parsed?.success ? (parsed.data as SyncDoc) : null;
}

async function applyProcesses(ctx: EngineContext, docs: readonly ProcessDoc[]): Promise<void> {
  const { store } = ctx;
  const versions = await store.processes.all();
  const defaults = [defaultProcess('en', 0), defaultProcess('fr', 0)];
  // A browser that never edited its process takes the team's: its default goes.
  const replaces = versions.every((version) => isPristineDefault(version, defaults))
    ? versions.map((version) => version.savedAt)
    : [];
  const incoming = docs
    .map((doc) => doc.process as Process)
    .filter((process) => !isPristineDefault(process, defaults));
  if (await store.sync.addProcesses(incoming, replaces)) {
    store.processes.forget();
    ctx.notify({ what: 'process', prospectIds: [] });
  }
}

async function applyProspects(
  local: Db,
  ctx: EngineContext,
  me: string,
  ids: readonly string[],
  dirty: DirtySet | null,
): Promise<void> {
  const { store } = ctx;
  const process = await store.processes.current();
  const dirtyIds = new Set(dirty?.ids ?? []);
  // Many prospects (a first sync): one read of every history document beats one range each
  // (a range is a transaction of its own: 1,000 of them took seconds).
  const everyHistory = ids.length > 100 ? await historiesByProspect(local) : null;
  for (let start = 0; start < ids.length; start += APPLY_BATCH) {
    const batch = ids.slice(start, start + APPLY_BATCH);
    const prospectRows = await local.allDocs({
      keys: batch.map(prospectDocId),
      include_docs: true,
    });
    const histories =
      everyHistory ??
      new Map(
        await Promise.all(
          batch.map(async (id) => {
            const prefix = historyPrefixOf(id);
            const rows = await local.allDocs({
              startkey: prefix,
              endkey: `${prefix}\uffff`,
              include_docs: true,
            });
            return [id, docsOf(rows.rows, historyDocSchema)] as const;
          }),
        ),
      );
    const locals = await store.sync.locals(batch);
    const plans = new Map(
      batch.map((id, index) => {
        const row = prospectRows.rows[index];
        const doc = row?.doc && !row.value?.deleted ? docsOf([row], prospectDocSchema)[0] : null;
        const team = teamProspect(id, doc ?? null, histories.get(id) ?? []);
        const held = locals.get(id) ?? { prospect: undefined, stageChanges: [], touchpoints: [] };
        return [
          id,
          planApply(held, team, {
            me,
            dirty: dirty?.all === true || dirtyIds.has(id) || ctx.isDirty?.(id) === true,
            process,
            now: Date.now(),
          }),
        ] as const;
      }),
    );
    const changed = await store.sync.apply(plans);
    if (changed.length > 0) ctx.notify({ what: 'prospect', prospectIds: changed });
  }
}

async function historiesByProspect(local: Db): Promise<Map<string, HistoryDoc[]>> {
  const rows = await local.allDocs({
    startkey: HISTORY_PREFIX,
    endkey: `${HISTORY_PREFIX}\uffff`,
    include_docs: true,
  });
  const byProspect = new Map<string, HistoryDoc[]>();
  for (const doc of docsOf(rows.rows, historyDocSchema)) {
    const list = byProspect.get(doc.prospectId) ?? [];
    list.push(doc);
    byProspect.set(doc.prospectId, list);
  }
  return byProspect;
}

/** The valid documents of some rows (a document that fails its schema is left out). */
function docsOf<T>(
  rows: readonly Row[],
  schema: { safeParse(value: unknown): { success: boolean; data?: T } },
): T[] {
  return rows.flatMap((row) => {
    if (!row.doc || row.doc._deleted) return [];
    const { _rev: _r, _conflicts: _c, ...content } = row.doc;
    const parsed = schema.safeParse(content);
    return parsed.success ? [parsed.data as T] : [];
  });
}

// -- 2: IndexedDB → documents of the copy --

/**
 * Writes the changed local records as documents where they differ from the copy. Only the
 * prospect document and `me`'s own history documents are written: other reps' histories are
 * theirs to write. A prospect deleted here deletes its document and my history of it.
 * Returns how many documents were written.
 */
async function exportLocal(
  local: Db,
  ctx: EngineContext,
  me: string,
  dirty: DirtySet,
  ownRevs: Map<string, string>,
): Promise<number> {
  const { store } = ctx;
  const locals = dirty.all ? await store.sync.everything() : await store.sync.locals(dirty.ids);
  const mirror = new Map<string, StoredDoc>();
  if (dirty.all) {
    for (const prefix of [PROSPECT_PREFIX, HISTORY_PREFIX]) {
      const rows = await local.allDocs({
        startkey: prefix,
        endkey: `${prefix}\uffff`,
        include_docs: true,
      });
      for (const row of rows.rows) if (row.doc) mirror.set(row.id, row.doc);
    }
  } else if (dirty.ids.length > 0) {
    const rows = await local.allDocs({
      keys: dirty.ids.flatMap((id) => [prospectDocId(id), historyDocId(id, me)]),
      include_docs: true,
    });
    for (const row of rows.rows) if (row.doc) mirror.set(row.id, row.doc);
  }
  const writes: Array<Record<string, unknown>> = [];
  for (const [id, held] of locals) {
    const prospect = held.prospect;
    const mine = mirror.get(historyDocId(id, me));
    if (!prospect) {
      // Deleted here (or merged into another): the team's copy goes too.
      const shared = mirror.get(prospectDocId(id));
      if (!dirty.all && shared) writes.push({ _id: shared._id, _rev: shared._rev, _deleted: true });
      if (!dirty.all && mine) writes.push({ _id: mine._id, _rev: mine._rev, _deleted: true });
      continue;
    }
    // Sample data is a demo of this browser: never the team's.
    if (prospect.sample) continue;
    const doc = prospectDoc(prospect, me);
    const shared = mirror.get(doc._id);
    const sharedDoc = shared ? prospectDocSchema.safeParse(shared) : null;
    if (!sharedDoc?.success || !sameProspect(sharedDoc.data.prospect, doc.prospect))
      writes.push({ ...doc, ...(shared ? { _rev: shared._rev } : {}) });
    const history = historyDocs(id, held.stageChanges, held.touchpoints, me).find(
      (candidate) => candidate.ownerRep === me,
    );
    if (history) {
      if (!mine || docContent(mine) !== docContent(history as unknown as Record<string, unknown>))
        writes.push({ ...history, ...(mine ? { _rev: mine._rev } : {}) });
    } else if (mine) {
      writes.push({ _id: mine._id, _rev: mine._rev, _deleted: true });
    }
  }
  if (dirty.process || dirty.all) {
    const defaults = [defaultProcess('en', 0), defaultProcess('fr', 0)];
    const versions = (await store.processes.all()).filter(
      (version) => !isPristineDefault(version, defaults),
    );
    const docs = versions.map((version) => processDoc(version, me));
    const held = await local.allDocs({ keys: docs.map((doc) => doc._id) });
    docs.forEach((doc, index) => {
      const row = held.rows[index];
      if (!row?.value || row.value.deleted) writes.push(doc as unknown as Record<string, unknown>);
    });
  }
  for (let start = 0; start < writes.length; start += BATCH * 2) {
    const results = await local.bulkDocs(writes.slice(start, start + BATCH * 2));
    for (const result of results) if (result.rev) ownRevs.set(result.id, result.rev);
  }
  return writes.length;
}
