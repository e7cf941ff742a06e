/**
 * Reports each detector's state to the background's health record, once per change of state
 * (ok, or which selector failed) per page, so a broken selector is visible in the popup without
 * a message per mutation. The session owns one per page and files every report under the
 * detector that made it.
 */
import type { RequestInput } from '../../shared/messages.ts';
import { SelectorError } from './dom.ts';
import type { Site } from './handover.ts';

export type HealthSend = (payload: RequestInput<'reportHealth'>) => Promise<unknown>;

export class HealthReporter {
  /** What was last reported per detector: "ok", or which selector failed. */
  private readonly lastState = new Map<string, string>();

  constructor(
    private readonly site: Site,
    private readonly sendReport: HealthSend,
    /** The sentence the popup shows for an error (the user's language for the background's). */
    private readonly describe: (error: unknown) => string = plainMessage,
  ) {}

  report(detector: string, error: unknown): void {
    const ok = error === null;
    // A different selector failing while the detector is already failing is news too.
    const state = ok
      ? 'ok'
      : `failed:${error instanceof SelectorError ? error.spec.name : 'other'}`;
    if (this.lastState.get(detector) === state) return;
    this.lastState.set(detector, state);
    const { site } = this;
    const payload = ok
      ? { site, detector, ok }
      : {
          site,
          detector,
          ok,
          ...(error instanceof SelectorError ? { selector: error.spec.name } : {}),
          // The popup shows it: an error of the background's in the user's language.
          message: this.describe(error).slice(0, 1000),
        };
    // Health is best-effort: if the worker is unreachable the next state change retries.
    this.sendReport(payload).catch(() => this.lastState.delete(detector));
  }
}

function plainMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Unknown error';
}
