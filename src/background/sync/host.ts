/**
 * Team sync's side of the background that is always there (issue #17) — no network code: the
 * engine (sync-engine.ts, PouchDB) is a `sync*` chunk this file loads only when sync is on. It
 * keeps the connection settings in `storage.local` (never in IndexedDB, which backups read),
 * the status the pages show, and the records changed since the last push, so a worker stopped
 * by the browser loses nothing. It runs the engine one sync at a time: a few seconds after
 * local changes (debounced), on an alarm, and on "Sync now"; while one runs, the worker is
 * kept alive by a cheap extension API call, and only then.
 */
import { fail } from '../../shared/error-reasons.ts';
import type { ChangeEvent } from '../../shared/messages.ts';
import {
  checkSyncUrl,
  normalSyncUrl,
  type SyncConnect,
  type SyncStatus,
} from '../../shared/sync-status.ts';
import type { Store } from '../store/index.ts';

export const SYNC_CONFIG_KEY = 'etape:sync';
export const SYNC_STATUS_KEY = 'etape:sync-status';
export const SYNC_DIRTY_KEY = 'etape:sync-dirty';
/** The phases of the last five runs and their times (bench/sync.bench.ts prints them). */
export const SYNC_LAST_RUN_KEY = 'etape:sync-last-run';
export const SYNC_ALARM = 'etape-sync';
/** Changes are pushed this long after the last one (a scan logs many touchpoints at once). */
export const SYNC_DEBOUNCE_MS = 2_000;
const ALARM_MINUTES = 1;
/** Under Chrome's 30 s idle limit: an extension API call resets it. */
const KEEP_ALIVE_MS = 20_000;

export interface SyncConfig {
  url: string;
  user: string;
  password: string;
  repName: string;
  /** The records made before connecting are still to be given to the rep (first run). */
  claim?: boolean;
}

/** What changed locally since the last push: prospects by id, all of them, the process. */
export interface DirtySet {
  ids: string[];
  all: boolean;
  process: boolean;
}

export interface EngineContext {
  store: Store;
  /** The service's change notice (pages refresh, the worker's in-memory copies follow). */
  notify: (event: Omit<ChangeEvent, 'seq' | 'at'>) => void;
  /** Changed locally since the run began (not pushed by it): its local details win. */
  isDirty?: (prospectId: string) => boolean;
}

/** What a run of the engine answers. */
export interface RunResult {
  state: 'synced' | 'offline' | 'error';
  reason?: SyncStatus['reason'];
  /** Docs written locally not yet pushed (the run failed before the push). */
  pending: number;
  /** Milliseconds per phase of the run (kept for `npm run bench`; no data in it). */
  timings?: Record<string, number>;
}

/** The engine chunk's interface (sync-engine.ts). */
export interface SyncEngine {
  /** Checks the server, the credentials and the membership; null when all is well. */
  check(config: SyncConfig): Promise<RunResult | null>;
  run(config: SyncConfig, dirty: DirtySet, ctx: EngineContext): Promise<RunResult>;
  /** Forgets this browser's copy of the team's documents (disconnect). */
  forget(config: SyncConfig): Promise<void>;
}

export interface SyncHostDeps {
  storage: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
    remove(key: string): Promise<void>;
  };
  alarms: {
    create(name: string, info: { periodInMinutes: number }): Promise<void> | void;
    clear(name: string): Promise<boolean>;
  };
  /** A cheap extension API call (runtime.getPlatformInfo): keeps the MV3 worker alive. */
  keepAlive: () => Promise<unknown>;
  loadEngine: () => Promise<SyncEngine>;
  now: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface SyncHost {
  /** Reads the stored settings (worker start); resolves before any message is handled. */
  start(): Promise<void>;
  /** Gives the host the service's store and change notice (handlers/sync.ts does). */
  bind(ctx: EngineContext): void;
  /** The connected rep's name (the store's ownerRep seam), undefined while off. */
  repName(): string | undefined;
  status(): Promise<SyncStatus>;
  connect(input: SyncConnect): Promise<SyncStatus>;
  syncNow(): Promise<SyncStatus>;
  disconnect(): Promise<SyncStatus>;
  /** Every change notice of the service: what to push next. */
  noteChange(event: Omit<ChangeEvent, 'seq' | 'at'>): void;
  onAlarm(name: string): Promise<void>;
  /** After a worker start: a run cut short, or changes not pushed yet, are taken up again. */
  resume(): void;
  /** Resolves once no sync is running or scheduled (tests). */
  idle(): Promise<void>;
}

const AUTH_REASONS = new Set(['syncWrongPassword', 'syncNotMember', 'syncNoDatabase']);

export function createSyncHost(deps: SyncHostDeps): SyncHost {
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as number));
  let config: SyncConfig | undefined;
  let status: SyncStatus = { state: 'off' };
  let dirty: DirtySet = { ids: [], all: false, process: false };
  let ctx: EngineContext | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: unknown;
  /** The engine's own change notices (remote records applied) are not local changes. */
  let applying = 0;
  let started: Promise<void> | undefined;
  /** A Connect refused before anything was kept (a bad URL): shown until the next one. */
  let refusal: SyncStatus | undefined;

  async function saveStatus(next: SyncStatus): Promise<SyncStatus> {
    status = next;
    await deps.storage.set({ [SYNC_STATUS_KEY]: next }).catch(() => undefined);
    return next;
  }

  /** What a run took and has not pushed yet: kept stored until it has (a worker may stop). */
  let inFlight: DirtySet | undefined;

  function saveDirty(): void {
    const stored = inFlight ? union(inFlight, dirty) : dirty;
    deps.storage.set({ [SYNC_DIRTY_KEY]: stored }).catch(() => undefined);
  }

  function publicStatus(): SyncStatus {
    if (!config) return refusal ?? { state: 'off' };
    return {
      ...status,
      url: config.url,
      user: config.user,
      repName: config.repName,
      pending: dirty.all ? Math.max(1, dirty.ids.length) : dirty.ids.length,
    };
  }

  function schedule(ms = SYNC_DEBOUNCE_MS): void {
    if (!config) return;
    if (timer !== undefined) clearTimer(timer);
    timer = setTimer(() => {
      timer = undefined;
      void runOnce();
    }, ms);
  }

  /** One sync at a time; a request during a run runs once more after it. */
  function runOnce(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const alive = setInterval(() => {
        deps.keepAlive().catch(() => undefined);
      }, KEEP_ALIVE_MS);
      try {
        do {
          again = false;
          await runEngine();
        } while (again && config);
      } finally {
        clearInterval(alive);
        running = undefined;
      }
    })();
    return running;
  }

  async function runEngine(): Promise<void> {
    const current = config;
    if (!current || !ctx) return;
    const taken = dirty;
    inFlight = taken;
    dirty = { ids: [], all: false, process: false };
    let claimMs: number | undefined;
    await saveStatus({ ...status, state: 'syncing' });
    let result: RunResult;
    try {
      if (current.claim) {
        // What was made before connecting is this rep's (a pass over every record: done in
        // the first run, not in the Connect answer).
        const claimStarted = Date.now();
        await ctx.store.sync.claimUnowned(current.repName);
        claimMs = Date.now() - claimStarted;
        delete current.claim;
        await deps.storage.set({ [SYNC_CONFIG_KEY]: current });
      }
      const engine = await deps.loadEngine();
      const bound = ctx;
      result = await engine.run(current, taken, {
        store: bound.store,
        isDirty: (id) => dirty.all || dirty.ids.includes(id),
        notify(event) {
          applying++;
          try {
            bound.notify(event);
          } finally {
            applying--;
          }
        },
      });
    } catch (error) {
      result = { state: 'error', reason: 'syncServer', pending: 0 };
      console.warn('Etape sync failed', error);
    }
    const run = {
      ...(claimMs === undefined ? {} : { claim: claimMs }),
      ...result.timings,
      state: result.state,
    };
    deps.storage
      .get(SYNC_LAST_RUN_KEY)
      .then((stored) => {
        const runs = (stored[SYNC_LAST_RUN_KEY] as unknown[] | undefined) ?? [];
        return deps.storage.set({ [SYNC_LAST_RUN_KEY]: [...runs.slice(-4), run] });
      })
      .catch(() => undefined);
    inFlight = undefined;
    if (config !== current) return;
    // Nothing taken is lost: what a failed run did not push goes with the next one.
    if (result.state !== 'synced') dirty = union(taken, dirty);
    saveDirty();
    const { reason: _old, ...rest } = status;
    await saveStatus({
      ...rest,
      state: result.state,
      ...(result.state === 'synced' ? { lastSyncAt: deps.now() } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
    });
  }

  async function load(): Promise<void> {
    const stored = await deps.storage.get(SYNC_CONFIG_KEY);
    const saved = stored[SYNC_CONFIG_KEY] as SyncConfig | undefined;
    if (!saved?.url) return;
    config = saved;
    const rest = await deps.storage.get(SYNC_STATUS_KEY);
    status = (rest[SYNC_STATUS_KEY] as SyncStatus | undefined) ?? { state: 'offline' };
    // A run the worker's stop interrupted is taken up again (resume()).
    if (status.state === 'syncing') status = { ...status, state: 'offline' };
    const dirtyStored = await deps.storage.get(SYNC_DIRTY_KEY);
    dirty = (dirtyStored[SYNC_DIRTY_KEY] as DirtySet | undefined) ?? dirty;
  }

  return {
    start() {
      started ??= load().catch(() => undefined);
      return started;
    },
    bind(bound) {
      ctx = bound;
    },
    repName: () => config?.repName,
    async status() {
      return publicStatus();
    },

    async connect(input) {
      const bad = checkSyncUrl(input.url);
      if (bad) {
        // Nothing kept, nothing sent; a connection in use stays as it was.
        const refused: SyncStatus = { state: 'error', reason: bad };
        if (!config) refusal = refused;
        return refused;
      }
      refusal = undefined;
      const next: SyncConfig = {
        url: normalSyncUrl(input.url),
        user: input.user,
        password: input.password,
        repName: input.repName,
        claim: true,
      };
      const engine = await deps.loadEngine();
      const problem = await engine.check(next);
      if (config && (config.url !== next.url || config.user !== next.user))
        await engine.forget(config).catch(() => undefined);
      config = next;
      await deps.storage.set({ [SYNC_CONFIG_KEY]: next });
      // Everything is compared with the team's in the first run.
      dirty = { ids: [], all: true, process: true };
      saveDirty();
      await deps.alarms.create(SYNC_ALARM, { periodInMinutes: ALARM_MINUTES });
      if (problem) {
        await saveStatus({
          state: problem.state,
          ...(problem.reason ? { reason: problem.reason } : {}),
        });
        return publicStatus();
      }
      await saveStatus({ state: 'syncing' });
      // The first sync may take minutes: the answer does not wait for it.
      void runOnce();
      return publicStatus();
    },

    async syncNow() {
      if (!config) throw fail('syncNotConnected');
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      await runOnce();
      return publicStatus();
    },

    async disconnect() {
      refusal = undefined;
      const previous = config;
      config = undefined;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      await deps.alarms.clear(SYNC_ALARM);
      await deps.storage.remove(SYNC_CONFIG_KEY);
      await deps.storage.remove(SYNC_DIRTY_KEY);
      dirty = { ids: [], all: false, process: false };
      await saveStatus({ state: 'off' });
      if (previous) {
        await running;
        await (await deps.loadEngine()).forget(previous).catch(() => undefined);
      }
      return publicStatus();
    },

    noteChange(event) {
      if (!config || applying > 0) return;
      if (event.what === 'health' || event.what === 'settings' || event.what === 'action') return;
      if (event.what === 'process') dirty.process = true;
      // No ids: a bulk change (an import, a restore): everything is compared with the team's.
      if (event.prospectIds.length === 0) dirty.all = true;
      else dirty.ids = [...new Set([...dirty.ids, ...event.prospectIds])];
      saveDirty();
      schedule();
    },

    resume() {
      if (!config) return;
      if (status.state === 'error' && status.reason && AUTH_REASONS.has(status.reason)) return;
      if (dirty.all || dirty.process || dirty.ids.length > 0 || status.state === 'offline')
        schedule();
    },

    async onAlarm(name) {
      if (name !== SYNC_ALARM) return;
      await this.start();
      if (!config) {
        await deps.alarms.clear(SYNC_ALARM);
        return;
      }
      // Refused credentials are not retried every minute (servers lock accounts): the user
      // connects again, or presses Sync now.
      if (status.state === 'error' && status.reason && AUTH_REASONS.has(status.reason)) return;
      await runOnce();
    },

    async idle() {
      while (running || timer !== undefined) {
        if (running) await running;
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

function union(a: DirtySet, b: DirtySet): DirtySet {
  return {
    ids: [...new Set([...a.ids, ...b.ids])],
    all: a.all || b.all,
    process: a.process || b.process,
  };
}
