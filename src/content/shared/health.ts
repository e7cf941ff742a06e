/**
 * Reports a detector's state to the background's health record, once per change of state (ok,
 * or which selector failed) per page, so a broken selector is visible in the popup without a message per mutation.
 */
import { send } from '../../browser/client.ts';
import { errorMessage } from '../../browser/error-text.ts';
import { EtapeError } from '../../shared/protocol.ts';
import { SelectorError } from './dom.ts';

/** What was last reported per detector: "ok", or which selector failed. */
const lastState = new Map<string, string>();

export function reportHealth(site: 'gmail' | 'linkedin', detector: string, error: unknown): void {
  const ok = error === null;
  const id = `${site}:${detector}`;
  // A different selector failing while the detector is already failing is news too.
  const state = ok ? 'ok' : `failed:${error instanceof SelectorError ? error.spec.name : 'other'}`;
  if (lastState.get(id) === state) return;
  lastState.set(id, state);
  const payload = ok
    ? { site, detector, ok }
    : {
        site,
        detector,
        ok,
        ...(error instanceof SelectorError ? { selector: error.spec.name } : {}),
        // The popup shows it: an error of the background's in the user's language.
        message: (error instanceof EtapeError
          ? errorMessage(error)
          : error instanceof Error
            ? error.message
            : 'Unknown error'
        ).slice(0, 1000),
      };
  // Health is best-effort: if the worker is unreachable the next state change retries.
  send('reportHealth', payload).catch(() => lastState.delete(id));
}
