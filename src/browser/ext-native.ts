/**
 * ./ext.ts for the content scripts: the browser's own promise-based API (`browser` in Firefox,
 * `chrome` in Chromium, where MV3 APIs return promises), with the one behaviour of
 * webextension-polyfill that callers rely on kept: a message nobody answered resolves to
 * undefined (client.ts turns it into its "no answer" reason) instead of rejecting.
 * Looked up on each call: a test or an orphaned script may see the global change.
 *
 * Messages go over one port to the background (../shared/content-port.ts), opened on the first
 * request and again after the background went away (a stopped worker disconnects it): a
 * request in flight then answers undefined, as an unanswered sendMessage did. An orphaned
 * script cannot connect: the browser's "Extension context invalidated" error is the rejection.
 *
 * Messages come from a catalogue bundled into the script: Chromium's first `i18n.getMessage`
 * in a page fetches the extension's whole message bundle from the browser process, a blocking
 * round trip of several milliseconds inside our first render. The content build replaces
 * BUNDLED_MESSAGES with the en and fr entries of every key its code names
 * (scripts/classic-content-scripts.ts); a key it lacks (or an unbuilt script, in unit tests)
 * falls back on the browser's own lookup. The locale is picked as the browser picks it.
 */
import { CONTENT_PORT, parsePortReply } from '../shared/content-port.ts';
import type { Ext, StorageListener } from './ext.ts';
import { formatMessage, type MessageEntry } from './message-format.ts';

/** The build's placeholder (MESSAGES_PLACEHOLDER there): a JSON string `{"en":…,"fr":…}` once built. */
const BUNDLED_MESSAGES: string = '__ETAPE_CONTENT_MESSAGES__';

interface Port {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

interface NativeApi {
  runtime: { connect(info: { name: string }): Port };
  storage: Ext['storage'];
  i18n: Ext['i18n'];
}

function api(): NativeApi {
  const scope = globalThis as { browser?: NativeApi; chrome?: NativeApi };
  // Firefox has both; its `browser` is the promise-based one. Chromium has only `chrome`.
  const found = scope.browser?.runtime ? scope.browser : scope.chrome;
  if (!found?.runtime) throw new Error('Etape: no extension API in this context');
  return found;
}

export const ext: Ext = {
  runtime: {
    async sendMessage(message) {
      const id = ++lastId;
      post({ id, message });
      // Answers arrive as events, never before this line runs.
      return new Promise<unknown>((resolve) => waiting.set(id, resolve));
    },
  },
  storage: {
    local: { get: (keys) => api().storage.local.get(keys) },
    onChanged: {
      addListener: (listener: StorageListener) => api().storage.onChanged.addListener(listener),
      removeListener: (listener: StorageListener) =>
        api().storage.onChanged.removeListener(listener),
    },
  },
  i18n: {
    getMessage(key, substitutions) {
      const entry = bundled()?.[key];
      return entry
        ? formatMessage(entry, substitutions)
        : api().i18n.getMessage(key, substitutions);
    },
    getUILanguage: () => api().i18n.getUILanguage(),
  },
};

let port: Port | null = null;
let lastId = 0;
/** Requests sent and not answered yet, by id. */
const waiting = new Map<number, (reply: unknown) => void>();

function post(request: { id: number; message: unknown }): void {
  if (port) {
    try {
      port.postMessage(request);
      return;
    } catch {
      // Disconnected without telling us yet: connect again below.
      drop(port);
    }
  }
  // Throws "Extension context invalidated" in an orphaned script: the caller's rejection.
  const opened = api().runtime.connect({ name: CONTENT_PORT });
  port = opened;
  opened.onMessage.addListener((data) => {
    const reply = parsePortReply(data);
    const resolve = reply ? waiting.get(reply.id) : undefined;
    if (!reply || !resolve) return;
    waiting.delete(reply.id);
    resolve(reply.reply);
  });
  opened.onDisconnect.addListener(() => {
    try {
      // Read, so Chromium does not log it as unchecked: a stopped worker is expected.
      void (api().runtime as { lastError?: unknown }).lastError;
    } catch {
      // Orphaned: nothing to read.
    }
    drop(opened);
  });
  opened.postMessage(request);
}

/** The port is gone (the worker stopped, the extension updated): nothing on it will answer. */
function drop(gone: Port): void {
  if (port !== gone) return;
  port = null;
  for (const resolve of waiting.values()) resolve(undefined);
  waiting.clear();
}

type Catalogue = Record<string, MessageEntry>;
let catalogue: Catalogue | null | undefined;

/** The bundled catalogue of the UI's language, parsed on first use; null when there is none. */
function bundled(): Catalogue | null {
  if (catalogue !== undefined) return catalogue;
  catalogue = null;
  try {
    const all = JSON.parse(BUNDLED_MESSAGES) as Record<'en' | 'fr', Catalogue>;
    // As the browser picks among our locales: French for any fr-*, else the default (en).
    const french = api().i18n.getUILanguage().toLowerCase().startsWith('fr');
    catalogue = all[french ? 'fr' : 'en'] ?? null;
  } catch {
    // Not built (unit tests) or no extension API: the browser's own lookup.
  }
  return catalogue;
}

/** For tests: forget the parsed catalogue. */
export function resetBundledMessages(): void {
  catalogue = undefined;
}
