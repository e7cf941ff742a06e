/**
 * ./ext.ts for the content scripts: the browser's own promise-based API (`browser` in Firefox,
 * `chrome` in Chromium, where MV3 APIs return promises), with the one behaviour of
 * webextension-polyfill that callers rely on kept: a message nobody answered resolves to
 * undefined (client.ts turns it into its "no answer" reason) instead of rejecting.
 * Looked up on each call: a test or an orphaned script may see the global change.
 *
 * Messages come from a catalogue bundled into the script: Chromium's first `i18n.getMessage`
 * in a page fetches the extension's whole message bundle from the browser process, a blocking
 * round trip of several milliseconds inside our first render. The content build replaces
 * BUNDLED_MESSAGES with the en and fr entries of every key its code names
 * (scripts/classic-content-scripts.ts); a key it lacks (or an unbuilt script, in unit tests)
 * falls back on the browser's own lookup. The locale is picked as the browser picks it.
 */
import type { Ext, StorageListener } from './ext.ts';
import { formatMessage, type MessageEntry } from './message-format.ts';

/** The build's placeholder (MESSAGES_PLACEHOLDER there): a JSON string `{"en":…,"fr":…}` once built. */
const BUNDLED_MESSAGES: string = '__ETAPE_CONTENT_MESSAGES__';

/** Chromium's rejection when the receiving end closed without answering. */
const NO_RESPONSE = 'The message port closed before a response was received';
/** What a polyfilled listener sends back for a rejected promise (its wire format). */
const POLYFILL_REJECT = '__mozWebExtensionPolyfillReject__';

interface NativeApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
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
      let reply: unknown;
      try {
        reply = await api().runtime.sendMessage(message);
      } catch (error) {
        if (error instanceof Error && error.message.includes(NO_RESPONSE)) return undefined;
        throw error;
      }
      if (typeof reply === 'object' && reply !== null && POLYFILL_REJECT in reply) {
        const { message: text } = reply as { message?: unknown };
        throw new Error(typeof text === 'string' ? text : 'An unexpected error occurred');
      }
      return reply;
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
