/**
 * Unacknowledged touchpoints must be sent again even if the page never changes: when the
 * background worker is stopped mid-write (Chrome stops idle MV3 workers) the message fails,
 * the detector forgets the keys, and this re-runs its scan after a growing delay until a send
 * goes through. The background dedupes by key, so a retry can never double a touchpoint.
 */
export interface Retry {
  /** A send failed: run again later (0.5 s, 1 s, 2 s… up to 30 s). */
  failed(): void;
  /** A send went through: the next failure starts from the shortest delay again. */
  succeeded(): void;
  cancel(): void;
}

export function createRetry(run: () => void, maxDelayMs = 30_000): Retry {
  let delay = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    failed() {
      if (timer !== undefined) return;
      delay = Math.min(maxDelayMs, delay === 0 ? 500 : delay * 2);
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, delay);
    },
    succeeded() {
      delay = 0;
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
