/**
 * What a session needs from the browser, for the real content scripts (tests pass their own):
 * the typed message client, the change events, and the page claim with this instance's
 * isolated world, liveness and handover keys.
 */
import { onChange, send } from '../../browser/client.ts';
import { errorMessage } from '../../browser/error-text.ts';
import { ext } from '../../browser/ext.ts';
import {
  BENCH_FLAG_KEY,
  HANDOVER_SECRET_KEY,
  REINJECTED_FLAG,
} from '../../shared/handover-secret.ts';
import { EtapeError } from '../../shared/protocol.ts';
import { claimPage } from './handover.ts';
import { loadHandoverKeys } from './handover-keys.ts';
import { intersectionOnScreen } from './on-screen.ts';
import type { SessionDeps } from './session.ts';

/** Past this, a page was open before this copy was injected: not an ordinary page load. */
const LONG_OPEN_MS = 20_000;

export function browserDeps(): SessionDeps {
  let measured = false;
  // One read for both keys the start needs (each extension API call costs the page a little).
  const stored = ext.storage.local.get([BENCH_FLAG_KEY, HANDOVER_SECRET_KEY]);
  stored.then(
    (values) => {
      measured = values[BENCH_FLAG_KEY] === true;
    },
    () => undefined,
  );
  return {
    measured: () => measured,
    document,
    send,
    onChange,
    now: () => Date.now(),
    onScreen: intersectionOnScreen(window),
    // A background error reaches the popup in the user's language, not the worker's English.
    describeError: (error) =>
      error instanceof EtapeError
        ? errorMessage(error)
        : error instanceof Error
          ? error.message
          : 'Unknown error',
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
        // Re-injected by the background after an update; or injected into a page open for a
        // while (a browser that re-injects on its own): an orphan may be there to take over from.
        // A copy injected as the page loads (document_idle, seconds in) has no predecessor.
        replacing:
          (globalThis as Record<string, unknown>)[REINJECTED_FLAG] === true ||
          performance.now() > LONG_OPEN_MS,
        // The secret is read now, while this copy is alive; its keys are derived when needed.
        keys: loadHandoverKeys({
          get: (key) => (key === HANDOVER_SECRET_KEY ? stored : ext.storage.local.get(key)),
          onChanged: ext.storage.onChanged,
        }),
      }) !== null,
  };
}
