/**
 * Team sync's document model (issue #17): how our records become CouchDB documents and back,
 * and the merge rules. Pure (no browser API, no PouchDB): the background's sync module moves
 * these documents, this file decides what they hold and how two versions of one become one.
 *
 * Three kinds of document, chosen so a first sync of a year (10k prospects, 200k touchpoints,
 * 40k stage changes) is ~20k documents, not 250k, and so reps rarely write the same document:
 * - `p:<prospect>` — a prospect's identity (name, addresses, company, deal…), its creator;
 * - `h:<prospect>:<rep>` — one rep's history of one prospect: their stage changes and
 *   touchpoints. Append-only records, bucketed: only that rep writes it (from any of their
 *   browsers); a conflict between two of their browsers is a union;
 * - `v:<savedAt>` — one saved version of the process (immutable once saved).
 * A prospect's current stage is not stored anywhere it could disagree: it is derived from the
 * union of every rep's stage changes (`deriveStage`), the same way in every browser.
 */
import { z } from 'zod';
import { fillGaps } from './merge.ts';
import { stageById, statusOf } from './process.ts';
import {
  ownerRepSchema,
  type Process,
  type Prospect,
  processSchema,
  prospectSchema,
  type StageChange,
  stageChangeSchema,
  type Touchpoint,
  touchpointSchema,
} from './schemas.ts';

export const PROSPECT_PREFIX = 'p:';
export const HISTORY_PREFIX = 'h:';
export const PROCESS_PREFIX = 'v:';

/** Ids are encoded so `:` inside one can never join two (and CouchDB ids never start with `_`). */
const enc = (value: string) => encodeURIComponent(value);

export const prospectDocId = (prospectId: string) => `${PROSPECT_PREFIX}${enc(prospectId)}`;
export const historyDocId = (prospectId: string, rep: string) =>
  `${HISTORY_PREFIX}${enc(prospectId)}:${enc(rep)}`;
/** Every history document of one prospect starts with this (an allDocs key range). */
export const historyPrefixOf = (prospectId: string) => `${HISTORY_PREFIX}${enc(prospectId)}:`;
/** Zero-padded: ids sort as the times do. */
export const processDocId = (savedAt: number) =>
  `${PROCESS_PREFIX}${String(savedAt).padStart(16, '0')}`;

/** The prospect a `p:` or `h:` document is about, or null for another kind. */
export function prospectIdOfDoc(docId: string): string | null {
  if (docId.startsWith(PROSPECT_PREFIX)) return safeDecode(docId.slice(PROSPECT_PREFIX.length));
  if (docId.startsWith(HISTORY_PREFIX)) {
    const rest = docId.slice(HISTORY_PREFIX.length);
    const colon = rest.indexOf(':');
    return colon > 0 ? safeDecode(rest.slice(0, colon)) : null;
  }
  return null;
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

// -- documents (what is validated when it arrives from the server) --

/** A prospect as the team shares it: what the derived fields are derived from is elsewhere. */
const sharedProspectSchema = prospectSchema.omit({ lastTouchAt: true, sample: true });

export const prospectDocSchema = z.object({
  _id: z.string(),
  type: z.literal('prospect'),
  prospect: sharedProspectSchema,
});

const historyStageChangeSchema = stageChangeSchema.omit({
  id: true,
  prospectId: true,
  ownerRep: true,
});
const historyTouchpointSchema = touchpointSchema.omit({
  id: true,
  prospectId: true,
  ownerRep: true,
});

export const historyDocSchema = z.object({
  _id: z.string(),
  type: z.literal('history'),
  prospectId: prospectSchema.shape.id,
  ownerRep: ownerRepSchema,
  stageChanges: z.array(historyStageChangeSchema).max(100_000),
  touchpoints: z.array(historyTouchpointSchema).max(100_000),
});

export const processDocSchema = z.object({
  _id: z.string(),
  type: z.literal('process'),
  process: processSchema,
});

export type ProspectDoc = z.infer<typeof prospectDocSchema>;
export type HistoryDoc = z.infer<typeof historyDocSchema>;
export type ProcessDoc = z.infer<typeof processDocSchema>;
export type SyncDoc = ProspectDoc | HistoryDoc | ProcessDoc;
type HistoryStageChange = HistoryDoc['stageChanges'][number];
type HistoryTouchpoint = HistoryDoc['touchpoints'][number];

// -- keys and a canonical form (deterministic comparisons and ties) --

/**
 * A stage change's identity across browsers (local ids are per browser): the same move of the
 * same prospect at the same millisecond is one move, whoever's copy it is.
 */
export function stageChangeKey(change: { at: number; from: string | null; to: string }): string {
  return `${change.at}|${change.from ?? ''}|${change.to}`;
}

/** JSON with keys sorted at every level: equal content, equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      if (field !== undefined) out[key] = sortKeys(field);
    }
    return out;
  }
  return value;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The one of equal-ranking candidates every browser picks: the smallest canonical text. */
function smallest<T>(candidates: readonly T[]): T {
  return [...candidates].sort((a, b) => byText(canonical(a), canonical(b)))[0] as T;
}

// -- local records → documents --

export function prospectDoc(prospect: Prospect, me: string): ProspectDoc {
  const { lastTouchAt: _touch, sample: _sample, ...shared } = prospect;
  return {
    _id: prospectDocId(prospect.id),
    type: 'prospect',
    prospect: { ...shared, ownerRep: prospect.ownerRep ?? me },
  };
}

/**
 * Whether two prospect documents say the same about the person. Stage fields and `updatedAt`
 * are left out: the stage is derived from the histories, and a move (which bumps `updatedAt`)
 * is written to the mover's history document, not to the shared one.
 */
export function sameProspect(a: ProspectDoc['prospect'], b: ProspectDoc['prospect']): boolean {
  const identity = ({
    stageId: _s,
    stageEnteredAt: _e,
    status: _st,
    lostReason: _l,
    updatedAt: _u,
    ...rest
  }: ProspectDoc['prospect']) => rest;
  return canonical(identity(a)) === canonical(identity(b));
}

/**
 * One prospect's local stage changes and touchpoints, as one history document per rep (records
 * without a rep are `me`'s). Records sorted by time then key: the same records, the same doc.
 */
export function historyDocs(
  prospectId: string,
  stageChanges: readonly StageChange[],
  touchpoints: readonly Touchpoint[],
  me: string,
): HistoryDoc[] {
  const byRep = new Map<string, HistoryDoc>();
  const docOf = (rep: string) => {
    let doc = byRep.get(rep);
    if (!doc) {
      doc = {
        _id: historyDocId(prospectId, rep),
        type: 'history',
        prospectId,
        ownerRep: rep,
        stageChanges: [],
        touchpoints: [],
      };
      byRep.set(rep, doc);
    }
    return doc;
  };
  for (const { id: _id, prospectId: _p, ownerRep, ...change } of stageChanges)
    docOf(ownerRep ?? me).stageChanges.push(change);
  for (const { id: _id, prospectId: _p, ownerRep, ...touchpoint } of touchpoints)
    docOf(ownerRep ?? me).touchpoints.push(touchpoint);
  for (const doc of byRep.values()) normalizeHistory(doc);
  return [...byRep.values()].sort((a, b) => byText(a._id, b._id));
}

export function processDoc(process: Process, me: string): ProcessDoc {
  return {
    _id: processDocId(process.savedAt),
    type: 'process',
    process: { ...process, ownerRep: process.ownerRep ?? me },
  };
}

/** The content of a document without CouchDB's fields: what is compared before a write. */
export function docContent(doc: Record<string, unknown>): string {
  const { _rev: _r, _conflicts: _c, _revisions: _v, _deleted: _d, ...content } = doc;
  return canonical(content);
}

function normalizeHistory(doc: HistoryDoc): HistoryDoc {
  doc.stageChanges.sort((a, b) => a.at - b.at || byText(stageChangeKey(a), stageChangeKey(b)));
  doc.touchpoints.sort((a, b) => a.at - b.at || byText(a.key, b.key));
  return doc;
}

// -- conflicts: two or more versions of one document → one, the same in every browser --

/**
 * The merge of the versions CouchDB kept of one document (its winner and its `_conflicts`),
 * independent of their order and of which browser runs it:
 * - history: the union of the stage changes (by stageChangeKey) and of the touchpoints (by key);
 *   where two versions hold one key differently, the smallest canonical record is kept;
 * - prospect: the version updated last (ties: the smallest canonical one), with the addresses
 *   of all and the fields it lacks filled from the others (nothing anyone entered is dropped);
 * - process: versions are immutable; the smallest canonical one (they are normally identical).
 */
export function mergeDocs(versions: readonly SyncDoc[]): SyncDoc {
  const first = versions[0];
  if (!first) throw new Error('mergeDocs needs at least one version');
  if (versions.length === 1) return first;
  switch (first.type) {
    case 'history':
      return mergeHistory(versions as HistoryDoc[]);
    case 'prospect':
      return mergeProspect(versions as ProspectDoc[]);
    case 'process':
      return smallest(versions as ProcessDoc[]);
  }
}

function mergeHistory(versions: readonly HistoryDoc[]): HistoryDoc {
  const changes = new Map<string, HistoryStageChange[]>();
  const touchpoints = new Map<string, HistoryTouchpoint[]>();
  for (const version of versions) {
    for (const change of version.stageChanges) {
      const key = stageChangeKey(change);
      changes.set(key, [...(changes.get(key) ?? []), change]);
    }
    for (const touchpoint of version.touchpoints)
      touchpoints.set(touchpoint.key, [...(touchpoints.get(touchpoint.key) ?? []), touchpoint]);
  }
  const base = smallest(
    versions.map(({ stageChanges: _s, touchpoints: _t, ...rest }) => rest as HistoryDoc),
  );
  return normalizeHistory({
    ...base,
    stageChanges: [...changes.values()].map(smallest),
    touchpoints: [...touchpoints.values()].map(smallest),
  });
}

function mergeProspect(versions: readonly ProspectDoc[]): ProspectDoc {
  const newest = Math.max(...versions.map((version) => version.prospect.updatedAt));
  const winner = smallest(versions.filter((version) => version.prospect.updatedAt === newest));
  const others = versions
    .filter((version) => version !== winner)
    .sort((a, b) => byText(canonical(a), canonical(b)));
  let prospect = winner.prospect as Prospect;
  for (const other of others) prospect = fillGaps(prospect, other.prospect as Prospect);
  return {
    ...winner,
    prospect: {
      ...prospect,
      createdAt: Math.min(...versions.map((version) => version.prospect.createdAt)),
    },
  };
}

// -- documents → local records --

export interface DerivedStage {
  stageId: string;
  stageEnteredAt: number;
  status: Prospect['status'];
  lostReason?: string;
}

/**
 * A prospect's stage from its whole history, every rep's: the last change by time (ties by
 * stageChangeKey) says where it is. Two reps who moved one prospect offline get the same answer
 * in both browsers once they have each other's changes; both changes stay in the history.
 * `fallback` (the prospect document's own stage) serves while no history has arrived.
 */
export function deriveStage(
  changes: readonly Pick<StageChange, 'at' | 'from' | 'to' | 'lostReason'>[],
  process: Process,
  fallback: DerivedStage,
): DerivedStage {
  const last = [...changes].sort(
    (a, b) => a.at - b.at || byText(stageChangeKey(a), stageChangeKey(b)),
  )[changes.length - 1];
  if (!last) return fallback;
  const stage = stageById(process, last.to);
  const status = stage ? statusOf(stage) : fallback.stageId === last.to ? fallback.status : 'open';
  return {
    stageId: last.to,
    stageEnteredAt: last.at,
    status,
    ...(status === 'lost' && last.lostReason ? { lostReason: last.lostReason } : {}),
  };
}

/** What the team's documents say about one prospect, as local records. */
export interface TeamProspect {
  /** The shared identity (null: no prospect document, or it was deleted). */
  prospect: ProspectDoc['prospect'] | null;
  stageChanges: StageChange[];
  touchpoints: Touchpoint[];
}

/**
 * A prospect's documents as records: each history document's records get its rep as
 * `ownerRep`; a touchpoint key held by two reps' documents (both logged one email) is kept
 * once, from the rep whose name sorts first.
 */
export function teamProspect(
  prospectId: string,
  doc: ProspectDoc | null,
  histories: readonly HistoryDoc[],
): TeamProspect {
  const stageChanges: StageChange[] = [];
  const touchpoints = new Map<string, Touchpoint>();
  const seenChanges = new Set<string>();
  for (const history of [...histories].sort((a, b) => byText(a.ownerRep, b.ownerRep))) {
    for (const change of history.stageChanges) {
      const key = stageChangeKey(change);
      if (seenChanges.has(key)) continue;
      seenChanges.add(key);
      stageChanges.push({ ...change, prospectId, ownerRep: history.ownerRep });
    }
    for (const touchpoint of history.touchpoints)
      if (!touchpoints.has(touchpoint.key))
        touchpoints.set(touchpoint.key, { ...touchpoint, prospectId, ownerRep: history.ownerRep });
  }
  return { prospect: doc?.prospect ?? null, stageChanges, touchpoints: [...touchpoints.values()] };
}

/** This browser's records of one prospect, as the store read them. */
export interface LocalProspect {
  prospect: Prospect | undefined;
  stageChanges: StageChange[];
  touchpoints: Touchpoint[];
}

/** What applying the team's view of a prospect changes locally (ids are local record ids). */
export interface ApplyPlan {
  /** null: delete the prospect and its records here. */
  prospect: Prospect | null;
  deleteStageChanges: number[];
  addStageChanges: StageChange[];
  deleteTouchpoints: number[];
  addTouchpoints: Touchpoint[];
  changed: boolean;
}

/**
 * Brings one prospect's local records in line with the team's documents, keeping what this
 * browser has not pushed yet:
 * - other reps' records are theirs: the local copy becomes exactly what their documents hold;
 * - `me`'s records are a union (my other browser's additions arrive, nothing of mine goes);
 * - the identity fields come from the prospect document unless the local prospect changed
 *   since the last push (`dirty`: it is pushed next, and merged as a conflict if need be);
 * - the stage is derived from the resulting history (deriveStage);
 * - a deleted (or never shared) prospect document deletes the local prospect, unless it is
 *   dirty or was never pushed (`dirty` again).
 */
export function planApply(
  local: LocalProspect,
  team: TeamProspect,
  options: { me: string; dirty: boolean; process: Process; now: number },
): ApplyPlan {
  const { me, dirty, process } = options;
  const none: ApplyPlan = {
    prospect: local.prospect ?? null,
    deleteStageChanges: [],
    addStageChanges: [],
    deleteTouchpoints: [],
    addTouchpoints: [],
    changed: false,
  };
  if (!team.prospect) {
    if (!local.prospect || dirty) return none;
    return {
      prospect: null,
      deleteStageChanges: local.stageChanges.flatMap((change) => change.id ?? []),
      addStageChanges: [],
      deleteTouchpoints: local.touchpoints.flatMap((touchpoint) => touchpoint.id ?? []),
      addTouchpoints: [],
      changed: true,
    };
  }
  const mine = (rep: string | undefined) => (rep ?? me) === me;

  const localChangeKeys = new Map(local.stageChanges.map((c) => [stageChangeKey(c), c]));
  const teamChangeKeys = new Map(team.stageChanges.map((c) => [stageChangeKey(c), c]));
  const deleteStageChanges = local.stageChanges
    .filter((change) => !mine(change.ownerRep))
    .filter((change) => {
      const theirs = teamChangeKeys.get(stageChangeKey(change));
      return !theirs || mine(theirs.ownerRep) || theirs.ownerRep !== change.ownerRep;
    })
    .flatMap((change) => change.id ?? []);
  const deletedChangeIds = new Set(deleteStageChanges);
  const addStageChanges = team.stageChanges.filter((change) => {
    const held = localChangeKeys.get(stageChangeKey(change));
    return !held || (held.id !== undefined && deletedChangeIds.has(held.id));
  });

  const localTouchKeys = new Map(local.touchpoints.map((t) => [t.key, t]));
  const teamTouchKeys = new Map(team.touchpoints.map((t) => [t.key, t]));
  const deleteTouchpoints = local.touchpoints
    .filter((touchpoint) => !mine(touchpoint.ownerRep))
    .filter((touchpoint) => {
      const theirs = teamTouchKeys.get(touchpoint.key);
      return !theirs || theirs.ownerRep !== touchpoint.ownerRep;
    })
    .flatMap((touchpoint) => touchpoint.id ?? []);
  const deletedTouchIds = new Set(deleteTouchpoints);
  const addTouchpoints = team.touchpoints.filter((touchpoint) => {
    const held = localTouchKeys.get(touchpoint.key);
    return !held || (held.id !== undefined && deletedTouchIds.has(held.id));
  });

  const history = [
    ...local.stageChanges.filter((c) => c.id === undefined || !deletedChangeIds.has(c.id)),
    ...addStageChanges,
  ];
  const touches = [
    ...local.touchpoints.filter((t) => t.id === undefined || !deletedTouchIds.has(t.id)),
    ...addTouchpoints,
  ];
  const base: Prospect =
    dirty && local.prospect
      ? local.prospect
      : {
          ...(team.prospect as Prospect),
          ...(local.prospect?.sample ? { sample: true } : {}),
        };
  const fallback: DerivedStage = {
    stageId: base.stageId,
    stageEnteredAt: base.stageEnteredAt,
    status: base.status,
    ...(base.lostReason ? { lostReason: base.lostReason } : {}),
  };
  const stage = deriveStage(history, process, fallback);
  const lastTouchAt = touches.reduce((max, t) => Math.max(max, t.at), -1);
  const { lostReason: _lost, lastTouchAt: _last, ...rest } = base;
  const prospect: Prospect = {
    ...rest,
    ...stage,
    ...(lastTouchAt >= 0 ? { lastTouchAt } : {}),
    updatedAt: Math.max(base.updatedAt, local.prospect?.updatedAt ?? 0),
  };
  const changed =
    !local.prospect ||
    canonical({ ...local.prospect, updatedAt: 0 }) !== canonical({ ...prospect, updatedAt: 0 }) ||
    deleteStageChanges.length + addStageChanges.length > 0 ||
    deleteTouchpoints.length + addTouchpoints.length > 0;
  if (changed) prospect.updatedAt = Math.max(prospect.updatedAt, options.now);
  return {
    prospect,
    deleteStageChanges,
    addStageChanges,
    deleteTouchpoints,
    addTouchpoints,
    changed,
  };
}

/**
 * Whether a process is the default one a browser creates on first use, never edited: it must
 * not outrank the team's process just because this browser was installed later.
 */
export function isPristineDefault(process: Process, defaults: readonly Process[]): boolean {
  const shape = (p: Process) => canonical({ stages: p.stages, lostReasons: p.lostReasons });
  return defaults.some((candidate) => shape(candidate) === shape(process));
}
