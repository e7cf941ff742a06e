import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRetry } from './retry.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('createRetry', () => {
  it('re-runs after a growing delay, once per failure burst, and resets on success', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const retry = createRetry(run, 4000);
    retry.failed();
    retry.failed(); // already scheduled: not twice
    vi.advanceTimersByTime(499);
    expect(run).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    retry.failed();
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(2);
    retry.failed();
    vi.advanceTimersByTime(2000);
    retry.failed();
    vi.advanceTimersByTime(4000);
    retry.failed();
    vi.advanceTimersByTime(4000); // capped
    expect(run).toHaveBeenCalledTimes(5);
    retry.succeeded();
    retry.failed();
    vi.advanceTimersByTime(500);
    expect(run).toHaveBeenCalledTimes(6);
    retry.failed();
    retry.cancel();
    vi.advanceTimersByTime(60_000);
    expect(run).toHaveBeenCalledTimes(6);
  });
});
