/**
 * The background's message service: validates each message at the boundary and runs its
 * handler. Browser-free (the database, clock, ids and change notifier are passed in) so it is
 * unit-tested under Node with fake-indexeddb exactly as it runs in the worker.
 *
 * Handlers live in ./handlers/<feature>.ts and reach the tables only through the store
 * (./store/), which validates every record against its schema right before writing it, so
 * nothing malformed reaches IndexedDB through a handler bug either.
 */
import { fail } from '../shared/error-reasons.ts';
import {
  type Envelope,
  type ErrorInfo,
  EtapeError,
  parseRequest,
  toIssues,
} from '../shared/messages.ts';
import type { Handlers, RequestMeta, ServiceContext, ServiceDeps } from './context.ts';
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
import { prospectHandlers } from './handlers/prospects.ts';
import { stageHandlers } from './handlers/stages.ts';
import { syncHandlers } from './handlers/sync.ts';
import { teamHandlers } from './handlers/team.ts';
import { touchpointHandlers } from './handlers/touchpoints.ts';
import { storageErrorInfo } from './store/errors.ts';
import { createStore, type Store } from './store/index.ts';

export interface Service {
  /** Validates and runs one raw message; never throws, always answers an envelope. */
  handle(raw: unknown, meta?: RequestMeta): Promise<Envelope<unknown>>;
  handlers: Handlers;
  /** The store behind the handlers (tests and the bench read through it). */
  store: Store;
}

export function createService(deps: ServiceDeps & { db: EtapeDb }): Service {
  const { db, ...rest } = deps;
  const store = createStore(db, {
    now: deps.now,
    locale: deps.locale,
    ownerRep: () => deps.sync?.repName(),
  });
  // Every write's change notice also reaches what the worker keeps in memory (open prospects).
  const notify: ServiceDeps['notify'] = (event) => {
    store.openProspects.noteChange(event);
    deps.notify(event);
  };
  const ctx: ServiceContext = {
    ...rest,
    notify,
    store,
    // Late-bound: `handlers` is complete when a handler asks.
    teamSync: () => handlers.syncStatus({}).catch(() => ({ state: 'off' as const })),
  };

  // One spread per feature file (keeps parallel work apart).
  const handlers: Handlers = {
    ...prospectHandlers(ctx),
    ...touchpointHandlers(ctx),
    ...stageHandlers(ctx),
    ...healthAndSettingsHandlers(ctx),
    ...pageContextHandlers(ctx),
    ...linkedinHandlers(ctx),
    ...popupHandlers(ctx),
    ...dashboardHandlers(ctx),
    ...gmailHandlers(ctx),
    ...dataHandlers(ctx),
    ...processHandlers(ctx),
    ...boardHandlers(ctx),
    ...teamHandlers(ctx),
    ...syncHandlers(ctx),
    // feature handlers: add `...xxxHandlers(ctx),` lines here
    // Composed from the handlers above (late-bound: `handlers` is complete when it runs).
    popupHome: (input) => popupHome(handlers, input, deps.activeTab ?? (async () => null)),
  };

  return {
    handlers,
    store,
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
  return (
    storageErrorInfo(error) ??
    fail('internal', { detail: error instanceof Error ? error.message : String(error) }).toInfo()
  );
}
