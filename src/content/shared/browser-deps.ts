/**
 * What a session needs from the browser, for the real content scripts (tests pass their own):
 * the typed message client, the change events, and the page claim with this instance's
 * isolated world, liveness and handover keys.
 */
import browser from 'webextension-polyfill';
import { onChange, send } from '../../browser/client.ts';
import { claimPage } from './handover.ts';
import { loadHandoverKeys } from './handover-keys.ts';
import type { SessionDeps } from './session.ts';

export function browserDeps(): SessionDeps {
  return {
    document,
    send,
    onChange,
    now: () => Date.now(),
    claim: (options) =>
      claimPage(options, {
        document,
        scope: globalThis,
        alive: () => {
          // `runtime.id` disappears from an orphaned content script's `chrome` object.
          const runtime = (globalThis as { chrome?: { runtime?: { id?: string } } }).chrome
            ?.runtime;
          return typeof runtime?.id === 'string';
        },
        newId: () => crypto.randomUUID(),
        now: () => Date.now(),
        keys: () =>
          loadHandoverKeys({
            get: (key) => browser.storage.local.get(key),
            onChanged: browser.storage.onChanged,
          }),
      }) !== null,
  };
}
