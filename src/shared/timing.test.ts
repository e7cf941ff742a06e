import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  durationParts,
  lastTouchAt,
  stageAt,
  stageDurations,
  stageVisits,
  targetStatus,
  timeInCurrentStage,
  timeSinceLastTouch,
} from './timing.ts';

const d = (days: number) => days * DAY_MS;

describe('stage timing from the StageChange history', () => {
  it('counts a prospect still in its first stage from its entry to now', () => {
    const changes = [{ to: 'prospect', at: d(10) }];
    expect(timeInCurrentStage(changes, d(13))).toBe(d(3));
    expect(stageDurations(changes, d(13))).toEqual(new Map([['prospect', d(3)]]));
  });

  it('adds up the visits of a re-entered stage', () => {
    // prospect 0→2, contacted 2→5, qualified 5→6, back to contacted 6→9, qualified 9→now(12)
    const changes = [
      { to: 'prospect', at: d(0) },
      { to: 'contacted', at: d(2) },
      { to: 'qualified', at: d(5) },
      { to: 'contacted', at: d(6) },
      { to: 'qualified', at: d(9) },
    ];
    const durations = stageDurations(changes, d(12));
    expect(durations.get('prospect')).toBe(d(2));
    expect(durations.get('contacted')).toBe(d(3) + d(3));
    expect(durations.get('qualified')).toBe(d(1) + d(3));
    // Time in stage is since the last entry, not the first.
    expect(timeInCurrentStage(changes, d(12))).toBe(d(3));
  });

  it('orders changes by time whatever order they are given in', () => {
    const visits = stageVisits([
      { to: 'b', at: 20 },
      { to: 'a', at: 10 },
    ]);
    expect(visits).toEqual([
      { stageId: 'a', enteredAt: 10, leftAt: 20 },
      { stageId: 'b', enteredAt: 20, leftAt: null },
    ]);
  });

  it('finds the stage a prospect was in at a moment, first stage before tracking', () => {
    const changes = [
      { to: 'prospect', at: 100 },
      { to: 'contacted', at: 200 },
    ];
    expect(stageAt(changes, 50)).toBe('prospect');
    expect(stageAt(changes, 150)).toBe('prospect');
    expect(stageAt(changes, 200)).toBe('contacted');
    expect(stageAt(changes, 999)).toBe('contacted');
    expect(stageAt([], 5)).toBeUndefined();
  });

  it('never returns negative durations when the clock is behind the last change', () => {
    expect(timeInCurrentStage([{ to: 'a', at: 1000 }], 500)).toBe(0);
    expect(stageDurations([{ to: 'a', at: 1000 }], 500).get('a')).toBe(0);
  });
});

describe('target status', () => {
  it('grades time against the stage target', () => {
    expect(targetStatus(d(1), 10).level).toBe('fresh');
    expect(targetStatus(d(8), 10).level).toBe('due');
    expect(targetStatus(d(12), 10)).toMatchObject({ level: 'over', overMs: d(2), ratio: 1.2 });
    expect(targetStatus(d(20), 10).level).toBe('late');
  });

  it('has no target for outcomes', () => {
    expect(targetStatus(d(100), null)).toEqual({
      targetMs: null,
      ratio: 0,
      overMs: 0,
      level: 'none',
    });
  });
});

describe('touches', () => {
  it('finds the last touch and the time since it', () => {
    const touchpoints = [{ at: 5 }, { at: 30 }, { at: 12 }];
    expect(lastTouchAt(touchpoints)).toBe(30);
    expect(timeSinceLastTouch(touchpoints, 100)).toBe(70);
    expect(timeSinceLastTouch([], 100)).toBeNull();
  });
});

describe('durationParts', () => {
  it('reduces a duration to one unit', () => {
    expect(durationParts(59_000)).toEqual({ n: 0, unit: 'minutes' });
    expect(durationParts(3 * 3_600_000)).toEqual({ n: 3, unit: 'hours' });
    expect(durationParts(d(6) + 5)).toEqual({ n: 6, unit: 'days' });
    expect(durationParts(d(70))).toEqual({ n: 10, unit: 'weeks' });
  });
});
