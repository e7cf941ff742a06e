/**
 * Touchpoints a content script sent (or was handed) and the background has not acknowledged
 * yet, by dedupe key. A failed one goes again with the next scan even when the page no longer
 * shows it, and to the script that replaces this one after an update. A tab is not expected to
 * owe more than a few; past the cap the oldest go first, so a dead background cannot make a
 * tab left open for days grow without bound.
 */
import type { TouchpointInput } from '../../shared/messages.ts';

export const MAX_OWED = 1000;

export class Owed {
  private readonly byKey = new Map<string, TouchpointInput>();

  constructor(private readonly max = MAX_OWED) {}

  /** Owes it (again): a touchpoint owed twice keeps its newest copy and counts as the newest. */
  add(touchpoint: TouchpointInput): void {
    this.byKey.delete(touchpoint.key);
    this.byKey.set(touchpoint.key, touchpoint);
    if (this.byKey.size > this.max) {
      const oldest = this.byKey.keys().next().value;
      if (oldest !== undefined) this.byKey.delete(oldest);
    }
  }

  /** Acknowledged, or refused for good. */
  delete(key: string): void {
    this.byKey.delete(key);
  }

  /** Oldest first. */
  values(): TouchpointInput[] {
    return [...this.byKey.values()];
  }

  /** Everything owed, emptied: what a script hands over when it is replaced. */
  takeAll(): TouchpointInput[] {
    const all = this.values();
    this.byKey.clear();
    return all;
  }

  get size(): number {
    return this.byKey.size;
  }
}
