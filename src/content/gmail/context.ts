/**
 * What the page needs to know from the background, cached per tab: which addresses are tracked
 * (and as whom), the process for stage names, the settings. A scan never waits for it: it asks
 * only for addresses not seen before, reads what is known, and the arrival of the last answer
 * in flight schedules the next scan (settings and addresses asked together bring one scan, not
 * one each). Forgotten when the background announces a change that could alter the answer;
 * until the new answer comes, what the page shows keeps the last one (`shown…`): a badge is
 * updated in place, not swapped for Track and back (which closed an open card), while
 * logging waits for the fresh answer (`knows`, `isTracked`).
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
  /** Requests in flight, and whether one answered since the last scan it scheduled. */
  private inflight = 0;
  private answered = false;
  /** The answers before the last `forget`, shown until the fresh ones arrive. */
  private readonly previous = new Map<string, Prospect | null>();
  private previousProcess: Process | null = null;
  private previousSettings: Settings | null = null;

  prospect(email: string): Prospect | null {
    return this.prospects.get(email) ?? null;
  }

  /** What to show for this address: the fresh answer, else the one before the last change. */
  shownProspect(email: string): Prospect | null {
    return this.prospects.has(email)
      ? (this.prospects.get(email) ?? null)
      : (this.previous.get(email) ?? null);
  }

  get shownProcess(): Process | null {
    return this.process ?? this.previousProcess;
  }

  get shownSettings(): Settings | null {
    return this.settings ?? this.previousSettings;
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
      this.inflight++;
      asker.run(
        asker
          .send('getSettings', {})
          .then(({ settings }) => {
            if (generation === this.generation) {
              this.settings = settings;
              this.previousSettings = null;
            }
            this.answered = true;
          })
          .finally(() => {
            this.askingSettings = false;
            this.settled(asker);
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
      this.inflight++;
      asker.run(
        asker
          .send('getContext', { emails: batch })
          .then(({ process, prospects }) => {
            // A change arrived while this was in flight: its answer may be stale, ask again.
            if (generation === this.generation) {
              this.process = process;
              this.previousProcess = null;
              for (const email of batch) {
                this.prospects.set(email, null);
                this.previous.delete(email);
              }
              for (const { prospect } of prospects) {
                for (const email of prospect.emails) {
                  if (this.prospects.has(email)) this.prospects.set(email, prospect);
                }
              }
            }
            this.answered = true;
          })
          .finally(() => {
            for (const email of batch) this.asking.delete(email);
            this.askingProcess = false;
            this.settled(asker);
          }),
      );
    }
  }

  /** After a change elsewhere (a stage moved, a prospect created, settings saved). */
  forget(what: { settings?: boolean } = {}): void {
    this.generation++;
    for (const [email, prospect] of this.prospects) this.previous.set(email, prospect);
    this.prospects.clear();
    this.previousProcess = this.process ?? this.previousProcess;
    this.process = null;
    if (what.settings) {
      this.previousSettings = this.settings ?? this.previousSettings;
      this.settings = null;
    }
  }

  /** One request settled: the last one in flight brings the scan that uses the answers. */
  private settled(asker: Asker): void {
    this.inflight--;
    if (this.inflight > 0 || !this.answered) return;
    this.answered = false;
    asker.schedule(0);
  }
}
