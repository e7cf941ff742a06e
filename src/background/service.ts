/**
 * The background's handlers: the only code that writes to the database. Browser-free (the
 * database, clock, ids and change notifier are passed in) so it is unit-tested under Node with
 * fake-indexeddb exactly as it runs in the worker.
 *
 * Every handler receives a payload already validated by `parseRequest`; every record is
 * validated again against its schema right before it is written, so nothing malformed can reach
 * IndexedDB through a handler bug either.
 */
import { Dexie } from 'dexie';
import { defaultProcess } from '../shared/default-process.ts';
import { fail } from '../shared/error-reasons.ts';
import type { Locale } from '../shared/i18n.ts';
import { fillGaps } from '../shared/merge.ts';
import {
  type ChangeEvent,
  type Envelope,
  type ErrorInfo,
  EtapeError,
  parseRequest,
  type RequestPayload,
  type RequestType,
  type ResponseMap,
  type StageMove,
  toIssues,
} from '../shared/messages.ts';
import { firstStage, nextStage, outcomeStage, stageById, statusOf } from '../shared/process.ts';
import {
  DEFAULT_SETTINGS,
  type Process,
  type Prospect,
  processSchema,
  prospectSchema,
  type Settings,
  type StageChange,
  settingsSchema,
  stageChangeSchema,
  type Touchpoint,
  touchpointSchema,
} from '../shared/schemas.ts';
import { stageAt } from '../shared/timing.ts';
import type { EtapeDb } from './db.ts';
import { boardHandlers } from './handlers/board.ts';
import { dashboardHandlers } from './handlers/dashboard.ts';
import { dataHandlers } from './handlers/data.ts';
import { gmailHandlers } from './handlers/gmail.ts';
import { healthAndSettingsHandlers } from './handlers/health-and-settings.ts';
import { linkedinHandlers } from './handlers/linkedin.ts';
import { pageContextHandlers } from './handlers/page-context.ts';
import { popupHandlers } from './handlers/popup.ts';
import { popupHome } from './handlers/popup-home.ts';
import { processHandlers } from './handlers/process.ts';
import {
  prospectByDetails,
  prospectByLinkedinUrl,
  prospectsByIdentity,
  splitLinkedin,
  unclaimedIds,
} from './store/identity.ts';

export interface ServiceDeps {
  db: EtapeDb;
  now: () => number;
  /** The UI language at first run: the default process is created in it. */
  locale: Locale;
  newId: () => string;
  notify: (event: Omit<ChangeEvent, 'seq' | 'at'>) => void;
  /** The active tab of the focused browser window (the worker's index.ts asks the tabs API). */
  activeTab?: () => Promise<number | null>;
}

/** Facts about who sent a message, established by the browser, never by the payload. */
export interface RequestMeta {
  /** The tab of the content script that sent it; absent for extension pages. */
  tabId?: number | undefined;
}

export type Handler<T extends RequestType> = (
  payload: RequestPayload<T>,
  meta?: RequestMeta,
) => Promise<ResponseMap[T]>;
export type Handlers = { [T in RequestType]: Handler<T> };

/** Types a group of handlers by the message types they answer (params get their payload types). */
export function defineHandlers<K extends RequestType>(
  handlers: { [T in K]: Handler<T> },
): { [T in K]: Handler<T> } {
  return handlers;
}

/** What feature handler files (src/background/handlers/<feature>.ts) get to work with. */
export interface ServiceContext extends ServiceDeps {
  /** The process in force (created from the default on first use). */
  currentProcess(): Promise<Process>;
  /** Call after writing the processes store so the next read sees the new version. */
  forgetProcess(): void;
  findProspect(match: {
    prospectId?: string | undefined;
    email?: string | undefined;
    linkedinUrl?: string | undefined;
  }): Promise<Prospect | undefined>;
  requireProspect(prospectId: string): Promise<Prospect>;
  /** A prospect's stage changes, oldest first. */
  changesOf(prospectId: string): Promise<StageChange[]>;
  moveStage(
    prospectId: string,
    pickTarget: (prospect: Prospect, process: Process) => string,
    options: {
      fromStageId?: string | undefined;
      note?: string | undefined;
      lostReason?: string | undefined;
    },
  ): Promise<StageMove>;
  readSettings(): Promise<Settings>;
  /** Hears every change notice as it is sent: what the worker keeps in memory stays current. */
  onWrite(listener: (event: Omit<ChangeEvent, 'seq' | 'at'>) => void): void;
}

export interface Service {
  /** Validates and runs one raw message; never throws, always answers an envelope. */
  handle(raw: unknown, meta?: RequestMeta): Promise<Envelope<unknown>>;
  handlers: Handlers;
}

const TIMELINE_SIZE = 50;

export function createService(deps: ServiceDeps): Service {
  const { db, now } = deps;
  const writeListeners: Array<Parameters<ServiceContext['onWrite']>[0]> = [];
  const notify: ServiceDeps['notify'] = (event) => {
    for (const listener of writeListeners) listener(event);
    deps.notify(event);
  };
  let processCache: Process | undefined;

  async function currentProcess(): Promise<Process> {
    if (processCache) return processCache;
    const stored = await db.processes.orderBy('savedAt').last();
    if (stored) {
      processCache = stored;
      return stored;
    }
    const created = processSchema.parse(defaultProcess(deps.locale, now()));
    // Two first messages racing must not create two processes: re-check inside the transaction.
    processCache = await db.transaction('rw', db.processes, async () => {
      const raced = await db.processes.orderBy('savedAt').last();
      if (raced) return raced;
      await db.processes.add(created);
      return created;
    });
    return processCache;
  }

  async function findProspect(match: {
    prospectId?: string | undefined;
    email?: string | undefined;
    linkedinUrl?: string | undefined;
  }): Promise<Prospect | undefined> {
    if (match.prospectId) return db.prospects.get(match.prospectId);
    if (match.email) return db.prospects.where('emails').equals(match.email).first();
    // Either form: a conversation's member-id link finds the prospect tracked from the profile.
    if (match.linkedinUrl) return prospectByLinkedinUrl(db, match.linkedinUrl);
    return undefined;
  }

  async function changesOf(prospectId: string): Promise<StageChange[]> {
    const changes = await db.stageChanges
      .where('[prospectId+at]')
      .between([prospectId, Dexie.minKey], [prospectId, Dexie.maxKey])
      .toArray();
    // Same-millisecond changes keep insertion order (auto-increment id).
    return changes.sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0));
  }

  async function requireProspect(prospectId: string): Promise<Prospect> {
    const prospect = await db.prospects.get(prospectId);
    if (!prospect) throw fail('prospectNotFound', { prospectId });
    return prospect;
  }

  /**
   * All stage moves go through here: one transaction reads the prospect, checks the move still
   * makes sense (the guard against double clicks and other tabs), appends the change and updates
   * the prospect, so concurrent moves serialize and history always matches the prospect.
   */
  async function moveStage(
    prospectId: string,
    pickTarget: (prospect: Prospect, process: Process) => string,
    options: {
      fromStageId?: string | undefined;
      note?: string | undefined;
      lostReason?: string | undefined;
    },
  ): Promise<StageMove> {
    const process = await currentProcess();
    const result = await db.transaction('rw', db.prospects, db.stageChanges, async () => {
      const prospect = await requireProspect(prospectId);
      if (options.fromStageId && prospect.stageId !== options.fromStageId) {
        throw fail('prospectMoved');
      }
      const targetId = pickTarget(prospect, process);
      const target = stageById(process, targetId);
      if (!target || target.archived) throw fail('stageNotFound', { stage: targetId });
      if (target.id === prospect.stageId) {
        throw fail('alreadyInStage');
      }
      const at = Math.max(now(), prospect.stageEnteredAt);
      const change = stageChangeSchema.parse({
        prospectId,
        from: prospect.stageId,
        to: target.id,
        at,
        ...(options.note ? { note: options.note } : {}),
        ...(target.kind === 'lost' && options.lostReason ? { lostReason: options.lostReason } : {}),
      });
      change.id = await db.stageChanges.add(change);
      const updated = prospectSchema.parse({
        ...prospect,
        stageId: target.id,
        stageEnteredAt: at,
        status: statusOf(target),
        lostReason: target.kind === 'lost' ? options.lostReason : undefined,
        updatedAt: at,
      });
      await db.prospects.put(updated);
      return { prospect: updated, change };
    });
    notify({ what: 'stage', prospectIds: [prospectId] });
    return result;
  }

  async function readSettings(): Promise<Settings> {
    const record = await db.settings.get('app');
    return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...record?.value });
  }

  const ctx: ServiceContext = {
    ...deps,
    notify,
    currentProcess,
    forgetProcess: () => {
      processCache = undefined;
    },
    findProspect,
    requireProspect,
    changesOf,
    moveStage,
    readSettings,
    onWrite: (listener) => void writeListeners.push(listener),
  };

  const core = defineHandlers({
    async trackContact(input) {
      const process = await currentProcess();
      // A member-id URL (Track from a conversation) is stored as the member id.
      const { linkedinUrl: _url, linkedinMemberId: _memberId, ...rest } = input;
      const ids = splitLinkedin(input);
      const details = { ...rest, ...ids };
      const result = await db.transaction('rw', db.prospects, db.stageChanges, async () => {
        const existing = await prospectByDetails(db, details);
        const at = now();
        if (existing) {
          // Tracking again is how a rep adds what the page newly shows; it never overwrites.
          const fill = { ...rest, ...(await unclaimedIds(db, existing.id, ids)) };
          const merged = prospectSchema.parse(fillGaps(existing, fill));
          const changed = JSON.stringify(merged) !== JSON.stringify(prospectSchema.parse(existing));
          if (changed) await db.prospects.put({ ...merged, updatedAt: at });
          return { prospect: changed ? { ...merged, updatedAt: at } : existing, created: false };
        }
        const stage = firstStage(process);
        const prospect = prospectSchema.parse({
          id: deps.newId(),
          name: input.name,
          emails: [...new Set(input.emails)],
          linkedinUrl: ids.linkedinUrl,
          linkedinMemberId: ids.linkedinMemberId,
          company: input.company,
          title: input.title,
          dealValue: input.dealValue,
          currency: input.currency,
          stageId: stage.id,
          stageEnteredAt: at,
          status: 'open',
          createdAt: at,
          updatedAt: at,
        });
        await db.prospects.add(prospect);
        await db.stageChanges.add(
          stageChangeSchema.parse({ prospectId: prospect.id, from: null, to: stage.id, at }),
        );
        return { prospect, created: true };
      });
      notify({ what: 'prospect', prospectIds: [result.prospect.id] });
      return result;
    },

    async logTouchpoints({ touchpoints }) {
      const touched = new Set<string>();
      const results = await db.transaction(
        'rw',
        db.prospects,
        db.touchpoints,
        db.stageChanges,
        async () => {
          // A conversation scan sends dozens at once: read what exists in bulk, write in bulk.
          const keys = [...new Set(touchpoints.map((input) => input.key))];
          const existing = new Set(
            (await db.touchpoints.where('key').anyOf(keys).toArray()).map(
              (touchpoint) => touchpoint.key,
            ),
          );
          const prospects = new Map<string, Prospect | undefined>();
          const history = new Map<string, StageChange[]>();
          const lastTouch = new Map<string, number>();
          /** The prospects touched, as read above (this transaction is their only writer). */
          const byId = new Map<string, Prospect>();
          const toAdd: Touchpoint[] = [];
          const out: ResponseMap['logTouchpoints']['results'] = [];
          for (const input of touchpoints) {
            if (existing.has(input.key)) {
              out.push({ key: input.key, status: 'duplicate' });
              continue;
            }
            const matchKey = input.prospectId ?? input.email ?? input.linkedinUrl ?? '';
            if (!prospects.has(matchKey)) prospects.set(matchKey, await findProspect(input));
            const prospect = prospects.get(matchKey);
            if (!prospect) {
              out.push({ key: input.key, status: 'untracked' });
              continue;
            }
            let changes = history.get(prospect.id);
            if (!changes) {
              changes = await changesOf(prospect.id);
              history.set(prospect.id, changes);
            }
            toAdd.push(
              touchpointSchema.parse({
                prospectId: prospect.id,
                channel: input.channel,
                kind: input.kind,
                at: input.at,
                stageId: stageAt(changes, input.at) ?? prospect.stageId,
                key: input.key,
                summary: input.summary || undefined,
              }),
            );
            // The same key twice in one batch is stored once, like across batches.
            existing.add(input.key);
            lastTouch.set(prospect.id, Math.max(lastTouch.get(prospect.id) ?? -1, input.at));
            byId.set(prospect.id, prospect);
            touched.add(prospect.id);
            out.push({ key: input.key, status: 'created', prospectId: prospect.id });
          }
          if (toAdd.length > 0) await db.touchpoints.bulkAdd(toAdd);
          for (const [prospectId, at] of lastTouch) {
            const prospect = byId.get(prospectId);
            if (prospect && (prospect.lastTouchAt ?? -1) < at)
              await db.prospects.put({ ...prospect, lastTouchAt: at });
          }
          return out;
        },
      );
      if (touched.size > 0) notify({ what: 'touchpoint', prospectIds: [...touched] });
      return { results };
    },

    async getContext({ emails, linkedinUrls }) {
      const process = await currentProcess();
      // Each prospect once, even when the page names it by both its vanity URL and member id.
      const found = await prospectsByIdentity(db, { emails, linkedinUrls });
      return {
        process,
        prospects: found.map((prospect) => ({
          prospect,
          lastTouchAt: prospect.lastTouchAt ?? null,
        })),
      };
    },

    async getProspect({ prospectId }) {
      const process = await currentProcess();
      return db.transaction(
        'r',
        db.prospects,
        db.stageChanges,
        db.touchpoints,
        db.actionChecks,
        async () => {
          const prospect = await requireProspect(prospectId);
          const range = db.touchpoints
            .where('[prospectId+at]')
            .between([prospectId, Dexie.minKey], [prospectId, Dexie.maxKey]);
          return {
            process,
            prospect,
            stageChanges: await changesOf(prospectId),
            touchpoints: await range.clone().reverse().limit(TIMELINE_SIZE).toArray(),
            touchpointCount: await range.count(),
            actionChecks: await db.actionChecks.where('prospectId').equals(prospectId).toArray(),
          };
        },
      );
    },

    async listProspects({ status, query, limit }) {
      const collection = status
        ? db.prospects.where('status').equals(status)
        : db.prospects.toCollection();
      const needle = query?.toLocaleLowerCase();
      const matches = needle
        ? collection.filter(
            (prospect) =>
              prospect.name.toLocaleLowerCase().includes(needle) ||
              (prospect.company?.toLocaleLowerCase().includes(needle) ?? false) ||
              prospect.emails.some((email) => email.includes(needle)),
          )
        : collection;
      const all = await matches.toArray();
      all.sort((a, b) => b.updatedAt - a.updatedAt);
      return {
        total: all.length,
        prospects: all
          .slice(0, limit)
          .map((prospect) => ({ prospect, lastTouchAt: prospect.lastTouchAt ?? null })),
      };
    },

    async getProcess() {
      return { process: await currentProcess() };
    },

    advanceStage({ prospectId, fromStageId, note }) {
      return moveStage(
        prospectId,
        (prospect, process) => {
          const next = nextStage(process, prospect.stageId);
          if (!next) throw fail('noNextStage');
          return next.id;
        },
        { fromStageId, note },
      );
    },

    setStage({ prospectId, stageId, fromStageId, note }) {
      return moveStage(
        prospectId,
        (_prospect, process) => {
          if (stageById(process, stageId)?.kind === 'lost') {
            throw fail('lostNeedsReason');
          }
          return stageId;
        },
        { fromStageId, note },
      );
    },

    markWon({ prospectId, note }) {
      return moveStage(prospectId, (_prospect, process) => requireOutcome(process, 'won'), {
        note,
      });
    },

    markLost({ prospectId, reason, note }) {
      return moveStage(prospectId, (_prospect, process) => requireOutcome(process, 'lost'), {
        note,
        lostReason: reason,
      });
    },

    async undoStageChange({ prospectId }) {
      const process = await currentProcess();
      const result = await db.transaction('rw', db.prospects, db.stageChanges, async () => {
        const prospect = await requireProspect(prospectId);
        const changes = await changesOf(prospectId);
        const removed = changes.at(-1);
        const previous = changes.at(-2);
        // The entry into the first stage is the prospect's creation, not a move: never undone.
        if (!removed?.id || !previous) throw fail('nothingToUndo');
        await db.stageChanges.delete(removed.id);
        const stage = stageById(process, previous.to);
        const restored = prospectSchema.parse({
          ...prospect,
          stageId: previous.to,
          stageEnteredAt: previous.at,
          status: stage ? statusOf(stage) : 'open',
          lostReason: stage?.kind === 'lost' ? previous.lostReason : undefined,
          updatedAt: now(),
        });
        await db.prospects.put(restored);
        return { prospect: restored, removed };
      });
      notify({ what: 'stage', prospectIds: [prospectId] });
      return result;
    },

    async checkAction({ prospectId, stageId, actionId, done }) {
      const process = await currentProcess();
      const stage = stageById(process, stageId);
      if (!stage?.actions.some((action) => action.id === actionId)) {
        throw fail('actionNotFound', { action: actionId, stage: stageId });
      }
      const checks = await db.transaction('rw', db.prospects, db.actionChecks, async () => {
        await requireProspect(prospectId);
        if (done) {
          const existing = await db.actionChecks.get([prospectId, stageId, actionId]);
          if (!existing)
            await db.actionChecks.put({ prospectId, stageId, actionId, doneAt: now() });
        } else {
          await db.actionChecks.delete([prospectId, stageId, actionId]);
        }
        return db.actionChecks.where('prospectId').equals(prospectId).toArray();
      });
      notify({ what: 'action', prospectIds: [prospectId] });
      return { checks };
    },
  });

  // Feature handlers live in ./handlers/<feature>.ts, one spread each (keeps parallel work apart).
  const handlers: Handlers = {
    ...core,
    ...healthAndSettingsHandlers(ctx),
    ...pageContextHandlers(ctx),
    ...linkedinHandlers(ctx),
    ...popupHandlers(ctx),
    ...dashboardHandlers(ctx),
    ...gmailHandlers(ctx),
    ...dataHandlers(ctx),
    ...processHandlers(ctx),
    ...boardHandlers(ctx),
    // feature handlers: add `...xxxHandlers(ctx),` lines here
    // Composed from the handlers above (late-bound: `handlers` is complete when it runs).
    popupHome: (input) => popupHome(handlers, input, deps.activeTab ?? (async () => null)),
  };

  return {
    handlers,
    async handle(raw, meta = {}) {
      try {
        const request = parseRequest(raw);
        const handler = handlers[request.type] as (
          payload: unknown,
          meta: RequestMeta,
        ) => Promise<unknown>;
        return { ok: true, data: await handler(request.payload, meta) };
      } catch (error) {
        return { ok: false, error: toErrorInfo(error) };
      }
    },
  };
}

function requireOutcome(process: Process, kind: 'won' | 'lost'): string {
  const stage = outcomeStage(process, kind);
  if (!stage) throw fail('noOutcomeStage', { kind });
  return stage.id;
}

/** Every failure becomes a reply the caller can show; storage failures are named as such. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof EtapeError) return error.toInfo();
  if (
    error &&
    typeof error === 'object' &&
    'issues' in error &&
    error.constructor?.name === 'ZodError'
  ) {
    const issues = toIssues(error as never);
    return fail('invalidInput', { field: issues[0]?.path ?? '' }, issues).toInfo();
  }
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return fail('storageFull').toInfo();
  }
  if (name.endsWith('Error') && error instanceof Dexie.DexieError) {
    return fail('storageFailed', { name }).toInfo();
  }
  return fail('internal', {
    detail: error instanceof Error ? error.message : String(error),
  }).toInfo();
}
