/**
 * What the page needs to know from the background, cached per tab: which addresses are tracked
 * (and as whom), the process for stage names, the settings. A scan never waits for it: it asks
 * only for addresses not seen before, reads what is known, and the answer's arrival schedules
 * the next scan. Forgotten when the background announces a change that could alter the answer.
 */
import type { Process, Prospect, Settings } from '../../shared/schemas.ts';
import type { DetectorContext } from '../shared/session.ts';

/** getContext accepts at most this many addresses per message. */
const CHUNK = 200;

type Asker = Pick<DetectorContext, 'send' | 'schedule' | 'run'>;

export class ContextCache {
  /** null: asked, not tracked. Absent: never asked. */
  private readonly prospects = new Map<string, Prospect | null>();
  private readonly asking = new Set<string>();
  private askingSettings = false;
  private askingProcess = false;
  process: Process | null = null;
  settings: Settings | null = null;
  private generation = 0;

  prospect(email: string): Prospect | null {
    return this.prospects.get(email) ?? null;
  }

  isTracked(email: string): boolean {
    return Boolean(this.prospects.get(email));
  }

  /** Every one of these addresses has an answer (and the process and settings are known). */
  knows(emails: Iterable<string>): boolean {
    if (!this.process || !this.settings) return false;
    for (const email of emails) if (!this.prospects.has(email)) return false;
    return true;
  }

  /**
   * Starts asking about what is not known yet; each answer schedules a scan. Failures go to the
   * asking detector's health (the worker may be waking up: the next scan asks again).
   */
  want(emails: Iterable<string>, asker: Asker): void {
    const generation = this.generation;
    if (!this.settings && !this.askingSettings) {
      this.askingSettings = true;
      asker.run(
        asker
          .send('getSettings', {})
          .then(({ settings }) => {
            if (generation === this.generation) this.settings = settings;
            asker.schedule(0);
          })
          .finally(() => {
            this.askingSettings = false;
          }),
      );
    }
    const unknown = [...new Set(emails)].filter(
      (email) => !this.prospects.has(email) && !this.asking.has(email),
    );
    if (unknown.length === 0 && (this.process || this.askingProcess)) return;
    for (let start = 0; start < Math.max(1, unknown.length); start += CHUNK) {
      const batch = unknown.slice(start, start + CHUNK);
      for (const email of batch) this.asking.add(email);
      this.askingProcess = true;
      asker.run(
        asker
          .send('getContext', { emails: batch })
          .then(({ process, prospects }) => {
            // A change arrived while this was in flight: its answer may be stale, ask again.
            if (generation === this.generation) {
              this.process = process;
              for (const email of batch) this.prospects.set(email, null);
              for (const { prospect } of prospects) {
                for (const email of prospect.emails) {
                  if (this.prospects.has(email)) this.prospects.set(email, prospect);
                }
              }
            }
            asker.schedule(0);
          })
          .finally(() => {
            for (const email of batch) this.asking.delete(email);
            this.askingProcess = false;
          }),
      );
    }
  }

  /** After a change elsewhere (a stage moved, a prospect created, settings saved). */
  forget(what: { settings?: boolean } = {}): void {
    this.generation++;
    this.prospects.clear();
    this.process = null;
    if (what.settings) this.settings = null;
  }
}
