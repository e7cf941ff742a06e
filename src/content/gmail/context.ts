/**
 * What the page needs to know from the background, cached per tab: which addresses are tracked
 * (and as whom), the process for stage names, the settings. Asked only for addresses not seen
 * before; forgotten when the background announces a change that could alter the answer.
 */
import { send } from '../../browser/client.ts';
import type { Process, Prospect, Settings } from '../../shared/schemas.ts';

/** getContext accepts at most this many addresses per message. */
const CHUNK = 200;

export class ContextCache {
  /** null: asked, not tracked. Absent: never asked. */
  private readonly prospects = new Map<string, Prospect | null>();
  process: Process | null = null;
  settings: Settings | null = null;
  private generation = 0;

  prospect(email: string): Prospect | null {
    return this.prospects.get(email) ?? null;
  }

  isTracked(email: string): boolean {
    return Boolean(this.prospects.get(email));
  }

  /** Resolves once every address has an answer; true if anything new was learnt. */
  async ensure(emails: Iterable<string>): Promise<boolean> {
    const unknown = [...new Set(emails)].filter((email) => !this.prospects.has(email));
    const generation = this.generation;
    let learnt = false;
    if (!this.settings) {
      const { settings } = await send('getSettings', {});
      if (generation === this.generation) this.settings = settings;
      learnt = true;
    }
    if (unknown.length === 0 && this.process) return learnt;
    for (let start = 0; start < Math.max(1, unknown.length); start += CHUNK) {
      const batch = unknown.slice(start, start + CHUNK);
      const { process, prospects } = await send('getContext', { emails: batch });
      // A change arrived while this was in flight: its answer may be stale, ask again later.
      if (generation !== this.generation) return true;
      this.process = process;
      for (const email of batch) this.prospects.set(email, null);
      for (const { prospect } of prospects) {
        for (const email of prospect.emails) {
          if (this.prospects.has(email)) this.prospects.set(email, prospect);
        }
      }
    }
    return true;
  }

  /** After a change elsewhere (a stage moved, a prospect created, settings saved). */
  forget(what: { settings?: boolean } = {}): void {
    this.generation++;
    this.prospects.clear();
    this.process = null;
    if (what.settings) this.settings = null;
  }
}
