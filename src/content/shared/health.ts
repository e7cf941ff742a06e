/**
 * Reports a detector's state to the background's health record, once per state change per
 * page, so a broken selector is visible in the popup without a message per mutation.
 */
import { send } from '../../browser/client.ts';
import { SelectorError } from './dom.ts';

const lastState = new Map<string, boolean>();

export function reportHealth(site: 'gmail' | 'linkedin', detector: string, error: unknown): void {
  const ok = error === null;
  const id = `${site}:${detector}`;
  if (lastState.get(id) === ok) return;
  lastState.set(id, ok);
  const payload = ok
    ? { site, detector, ok }
    : {
        site,
        detector,
        ok,
        ...(error instanceof SelectorError ? { selector: error.spec.name } : {}),
        message: error instanceof Error ? error.message.slice(0, 1000) : 'Unknown error',
      };
  // Health is best-effort: if the worker is unreachable the next state change retries.
  send('reportHealth', payload).catch(() => lastState.delete(id));
}
