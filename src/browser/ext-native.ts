/**
 * ./ext.ts for the content scripts: the browser's own promise-based API (`browser` in Firefox,
 * `chrome` in Chromium, where MV3 APIs return promises), with the one behaviour of
 * webextension-polyfill that callers rely on kept: a message nobody answered resolves to
 * undefined (client.ts turns it into its "no answer" reason) instead of rejecting.
 * Looked up on each call: a test or an orphaned script may see the global change.
 */
import type { Ext, StorageListener } from './ext.ts';

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
    getMessage: (key, substitutions) => api().i18n.getMessage(key, substitutions),
    getUILanguage: () => api().i18n.getUILanguage(),
  },
};
