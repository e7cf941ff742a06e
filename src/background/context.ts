/**
 * What handler files (src/background/handlers/<feature>.ts) are written against: the context
 * they get and the types that tie each handler to its message. Kept apart from service.ts,
 * which imports every handler file: a handler importing service.ts would be an import cycle.
 */
import type { Locale } from '../shared/i18n.ts';
import type { ChangeEvent, RequestPayload, RequestType, ResponseMap } from '../shared/messages.ts';
import type { SyncStatus } from '../shared/sync-status.ts';
import type { Store } from './store/index.ts';
import type { SyncHost } from './sync/host.ts';

export interface ServiceDeps {
  now: () => number;
  /** The UI language at first run: the default process is created in it. */
  locale: Locale;
  newId: () => string;
  notify: (event: Omit<ChangeEvent, 'seq' | 'at'>) => void;
  /** The active tab of the focused browser window (the worker's index.ts asks the tabs API). */
  activeTab?: () => Promise<number | null>;
  /** Team sync (sync/host.ts); absent: sync answers `off` and nothing is ever sent. */
  sync?: SyncHost;
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

/** What a handler works with: the store (the only way to the tables) and the worker's deps. */
export interface ServiceContext extends ServiceDeps {
  store: Store;
  /**
   * Team sync's status, as its `syncStatus` handler answers (`off` if it fails): its `repName`
   * is this browser's rep, the owner of the records that have no `ownerRep` yet.
   */
  teamSync: () => Promise<SyncStatus>;
}
