import { describe, expect, it } from 'vitest';
import {
  type AnalyticsDataset,
  type AnalyticsProspect,
  buildHistories,
  computeDashboard,
  customPeriod,
  presetPeriod,
  previousPeriod,
  stats,
  touchIndex,
} from './analytics.ts';
import type { Process, Stage } from './schemas.ts';
import { DAY_MS } from './timing.ts';

const D = DAY_MS;

function stage(
  id: string,
  kind: Stage['kind'],
  targetDays: number | null,
  archived = false,
): Stage {
  return { id, name: id.toUpperCase(), kind, targetDays, archived, actions: [] };
}

const baseStages = [
  stage('a', 'open', 2),
  stage('b', 'open', 3),
  stage('c', 'open', 5),
  stage('won', 'won', null),
  stage('lost', 'lost', null),
];

function processOf(stages: Stage[]): Process {
  return { id: 'p', savedAt: 0, stages, lostReasons: [{ id: 'price', label: 'Price' }] };
}

function prospect(id: string, stageId: string, at: number, status: AnalyticsProspect['status']) {
  return { id, name: id, stageId, stageEnteredAt: at, status, dealValue: 1000 };
}

/** Changes of one prospect as [stageId, day] steps; `from` is the previous step. */
function path(prospectId: string, steps: Array<[string, number, string?]>) {
  return steps.map(([to, day, lostReason], index) => ({
    prospectId,
    from: index === 0 ? null : (steps[index - 1]?.[0] ?? null),
    to,
    at: day * D,
    ...(lostReason ? { lostReason } : {}),
  }));
}

/**
 * Period under test: days [10, 20). Hand-computed expectations are in the comments.
 * P1 won in the period, P2 lost in it (from b, "price"), P3 re-enters b, P4 still open and idle,
 * P5 created after the period, P6 won in the previous period [0, 10).
 */
const dataset: AnalyticsDataset = {
  prospects: [
    prospect('P1', 'won', 15 * D, 'won'),
    prospect('P2', 'lost', 13 * D, 'lost'),
    prospect('P3', 'c', 18 * D, 'open'),
    prospect('P4', 'a', 1 * D, 'open'),
    prospect('P5', 'a', 25 * D, 'open'),
    prospect('P6', 'won', 9 * D, 'won'),
  ],
  changes: [
    ...path('P1', [
      ['a', 0],
      ['b', 2],
      ['c', 12],
      ['won', 15],
    ]),
    ...path('P2', [
      ['a', 5],
      ['b', 11],
      ['lost', 13, 'price'],
    ]),
    ...path('P3', [
      ['a', 8],
      ['b', 11],
      ['c', 13],
      ['b', 16],
      ['c', 18],
    ]),
    ...path('P4', [['a', 1]]),
    ...path('P5', [['a', 25]]),
    ...path('P6', [
      ['a', 0],
      ['b', 3],
      ['c', 6],
      ['won', 9],
    ]),
  ],
  touchCounts: [
    { prospectId: 'P1', stageId: 'a', kind: 'email_sent', count: 3 },
    { prospectId: 'P1', stageId: 'a', kind: 'linkedin_message_sent', count: 1 },
    { prospectId: 'P1', stageId: 'b', kind: 'email_sent', count: 1 },
    { prospectId: 'P1', stageId: 'b', kind: 'call', count: 1 },
    { prospectId: 'P1', stageId: 'c', kind: 'meeting', count: 2 },
    { prospectId: 'P2', stageId: 'a', kind: 'email_sent', count: 1 },
  ],
};

const period = { start: 10 * D, end: 20 * D };
const now = 30 * D;

describe('computeDashboard on a hand-computed dataset', () => {
  const result = computeDashboard({
    histories: buildHistories(dataset),
    process: processOf(baseStages),
    period,
    now,
  });
  const { current } = result;

  it('counts won and lost in the period, conversion and the value won', () => {
    expect(current.won).toBe(1);
    expect(current.lost).toBe(1);
    expect(current.wonIds).toEqual(['P1']);
    expect(current.lostIds).toEqual(['P2']);
    expect(current.conversion).toBe(0.5);
    expect(current.wonValue).toBe(1000);
  });

  it('compares with the previous period of the same length', () => {
    expect(result.previous.period).toEqual({ start: 0, end: 10 * D });
    expect(result.previous.won).toBe(1);
    expect(result.previous.wonIds).toEqual(['P6']);
    expect(result.previous.lost).toBe(0);
    expect(result.previous.conversion).toBe(1);
  });

  it('gives lost reasons with the stage they were lost at', () => {
    expect(current.lostReasons).toEqual([{ reason: 'price', stageId: 'b', count: 1 }]);
  });

  it('shows the open pipeline at the period end, without prospects created later', () => {
    // At day 20: P3 in c, P4 in a; P5 only arrives on day 25; P1, P2, P6 are closed.
    expect(current.pipeline).toEqual([
      { stageId: 'a', count: 1, value: 1000 },
      { stageId: 'c', count: 1, value: 1000 },
    ]);
  });

  it('times each stage by the visits that ended in the period, re-entries added up', () => {
    const byStage = Object.fromEntries(current.speed.map((row) => [row.stageId, row]));
    // a: P2 6 d, P3 3 d (P1 left a on day 2, before the period).
    expect(byStage.a?.stats).toEqual({ n: 2, avg: 4.5 * D, median: 4.5 * D, p90: 6 * D });
    // b: P1 10 d, P2 2 d, P3 2 d + 2 d (re-entered) = 4 d.
    expect(byStage.b?.stats).toEqual({ n: 3, avg: (16 / 3) * D, median: 4 * D, p90: 10 * D });
    expect(byStage.b?.totalMs).toBe(16 * D);
    // c: P1 3 d, P3 3 d; P3's second visit is still open and does not count yet.
    expect(byStage.c?.stats).toEqual({ n: 2, avg: 3 * D, median: 3 * D, p90: 3 * D });
    expect(Object.keys(byStage)).toEqual(['a', 'b', 'c']);
  });

  it('times the steps between stages and the cycle of won deals', () => {
    expect(
      current.between.map((row) => [row.fromStageId, row.toStageId, row.stats.n, row.stats.median]),
    ).toEqual([
      ['a', 'b', 2, 4.5 * D],
      ['b', 'c', 2, 6 * D],
      ['c', 'won', 1, 3 * D],
    ]);
    expect(current.cycle).toEqual({ n: 1, avg: 15 * D, median: 15 * D, p90: 15 * D });
  });

  it('builds the funnel from the prospects active in the period', () => {
    // Active: P1 (reached won), P2 (reached b, then lost), P3 (reached c).
    expect(current.funnel).toEqual([
      { stageId: 'a', reached: 3, conversion: 1 },
      { stageId: 'b', reached: 3, conversion: 2 / 3 },
      { stageId: 'c', reached: 2, conversion: 0.5 },
      { stageId: 'won', reached: 1, conversion: null },
    ]);
  });

  it('points at the stage furthest over its target, with the prospects stuck there now', () => {
    expect(result.accelerate).toEqual({
      stageId: 'a',
      reason: 'overTarget',
      medianMs: 4.5 * D,
      targetDays: 2,
      targetRatio: 2.25,
      share: 9 / 31,
      totalMs: 9 * D,
      stuck: [
        { prospectId: 'P4', name: 'P4', enteredAt: 1 * D, elapsedMs: 29 * D, overTarget: true },
        { prospectId: 'P5', name: 'P5', enteredAt: 25 * D, elapsedMs: 5 * D, overTarget: true },
      ],
    });
  });

  it('falls back to the stage holding the most time when none is over target', () => {
    const relaxed = processOf([
      stage('a', 'open', 30),
      stage('b', 'open', 30),
      stage('c', 'open', 30),
      stage('won', 'won', null),
      stage('lost', 'lost', null),
    ]);
    const relaxedResult = computeDashboard({
      histories: buildHistories(dataset),
      process: relaxed,
      period,
      now,
    });
    expect(relaxedResult.accelerate?.stageId).toBe('b');
    expect(relaxedResult.accelerate?.reason).toBe('mostTime');
    expect(relaxedResult.accelerate?.share).toBeCloseTo(16 / 31);
    // P3 is in c, not b: nobody is stuck in b now.
    expect(relaxedResult.accelerate?.stuck).toEqual([]);
  });

  it('retraces the won deals: steps, touchpoints by stage, duration and the common pattern', () => {
    const { won } = result;
    expect(won.count).toBe(1);
    expect(won.deals[0]).toMatchObject({
      prospectId: 'P1',
      startedAt: 0,
      closedAt: 15 * D,
      totalMs: 15 * D,
      touchCount: 8,
      steps: [
        { stageId: 'a', enteredAt: 0, durationMs: 2 * D },
        { stageId: 'b', enteredAt: 2 * D, durationMs: 10 * D },
        { stageId: 'c', enteredAt: 12 * D, durationMs: 3 * D },
      ],
    });
    const stageB = won.stages.find((row) => row.stageId === 'b');
    expect(stageB?.totalByChannel).toEqual({ gmail: 1, linkedin: 0, manual: 1 });
    expect(stageB?.medianByKind).toEqual({ email_sent: 1, call: 1 });
    expect(won.between.map((row) => [row.fromStageId, row.toStageId, row.stats.median])).toEqual([
      ['a', 'b', 2 * D],
      ['b', 'c', 10 * D],
      ['c', 'won', 3 * D],
    ]);
    // "Won deals: median 4 emails and 1 LinkedIn message before C, 10 days in B."
    expect(won.pattern).toEqual({
      beforeStageId: 'c',
      before: [
        { family: 'email', median: 4 },
        { family: 'linkedinMessage', median: 1 },
      ],
      longestStageId: 'b',
      longestMedianMs: 10 * D,
    });
  });

  it('puts the lost deals side by side', () => {
    expect(result.lost.count).toBe(1);
    expect(result.lost.deals[0]?.steps.map((step) => [step.stageId, step.durationMs])).toEqual([
      ['a', 6 * D],
      ['b', 2 * D],
    ]);
    expect(result.lost.duration.median).toBe(8 * D);
    // P2 had 1 email in a, before c.
    expect(result.lost.pattern.before).toEqual([{ family: 'email', median: 1 }]);
  });
});

describe('touch counts fetched apart (as the dashboard does)', () => {
  it('give the same retrospective as counts inside the histories', () => {
    const withCounts = computeDashboard({
      histories: buildHistories(dataset),
      process: processOf(baseStages),
      period,
      now,
    });
    const bare = buildHistories({ ...dataset, touchCounts: [] });
    const apart = computeDashboard({
      histories: bare,
      process: processOf(baseStages),
      period,
      now,
      touches: touchIndex(dataset.touchCounts),
    });
    expect(apart).toEqual(withCounts);
    // A deal whose counts were fetched and found empty has no touchpoints, not stale ones.
    const empty = computeDashboard({
      histories: buildHistories(dataset),
      process: processOf(baseStages),
      period,
      now,
      touches: new Map(),
    });
    expect(empty.won.deals[0]?.touchCount).toBe(0);
    expect(empty.won.pattern.before).toEqual([]);
  });
});

describe('edge cases', () => {
  it('an empty period gives zeros and no verdict, not errors', () => {
    const empty = computeDashboard({
      histories: buildHistories(dataset),
      process: processOf(baseStages),
      period: { start: 100 * D, end: 110 * D },
      now: 120 * D,
    });
    expect(empty.current.won).toBe(0);
    expect(empty.current.lost).toBe(0);
    expect(empty.current.conversion).toBeNull();
    expect(empty.current.speed).toEqual([]);
    expect(empty.current.cycle.n).toBe(0);
    expect(
      empty.current.funnel.every((step) => step.reached === 0 && step.conversion === null),
    ).toBe(true);
    expect(empty.accelerate).toBeNull();
    expect(empty.won.count).toBe(0);
    expect(empty.won.pattern).toEqual({
      beforeStageId: null,
      before: [],
      longestStageId: null,
      longestMedianMs: 0,
    });
    // Every prospect still open at day 110 is in the pipeline: P3 in c, P4 and P5 in a.
    expect(empty.current.pipeline.map((row) => [row.stageId, row.count])).toEqual([
      ['a', 2],
      ['c', 1],
    ]);
  });

  it('an empty database gives zeros', () => {
    const none = computeDashboard({
      histories: buildHistories({ prospects: [], changes: [], touchCounts: [] }),
      process: processOf(baseStages),
      period,
      now,
    });
    expect(none.current.won).toBe(0);
    expect(none.current.pipeline).toEqual([]);
    expect(none.accelerate).toBeNull();
  });

  it('a stage archived mid-period still shows its time, and leaves the funnel', () => {
    const archived = processOf([
      stage('a', 'open', 2),
      stage('b', 'open', 3, true),
      stage('c', 'open', 5),
      stage('won', 'won', null),
      stage('lost', 'lost', null),
    ]);
    const result = computeDashboard({
      histories: buildHistories(dataset),
      process: archived,
      period,
      now,
    });
    expect(result.current.speed.map((row) => row.stageId)).toEqual(['a', 'b', 'c']);
    expect(result.current.funnel.map((step) => [step.stageId, step.reached])).toEqual([
      ['a', 3],
      ['c', 2],
      ['won', 1],
    ]);
    // Between steps skip the archived stage: a → c for those who entered c in the period.
    expect(result.current.between[0]).toMatchObject({ fromStageId: 'a', toStageId: 'c' });
  });

  it('a stage added mid-period counts the prospects that went past it as having reached it', () => {
    const added = processOf([
      stage('a', 'open', 2),
      stage('n', 'open', 1),
      stage('b', 'open', 3),
      stage('c', 'open', 5),
      stage('won', 'won', null),
      stage('lost', 'lost', null),
    ]);
    const withNew: AnalyticsDataset = {
      ...dataset,
      prospects: [...dataset.prospects, prospect('P7', 'b', 14 * D, 'open')],
      changes: [
        ...dataset.changes,
        ...path('P7', [
          ['a', 10],
          ['n', 12],
          ['b', 14],
        ]),
      ],
    };
    const result = computeDashboard({
      histories: buildHistories(withNew),
      process: added,
      period,
      now,
    });
    expect(result.current.funnel.map((step) => [step.stageId, step.reached])).toEqual([
      ['a', 4],
      ['n', 4],
      ['b', 4],
      ['c', 2],
      ['won', 1],
    ]);
    const n = result.current.speed.find((row) => row.stageId === 'n');
    expect(n?.stats).toMatchObject({ n: 1, median: 2 * D });
    // P7's 2 days in a join P2's 6 and P3's 3.
    expect(result.current.speed.find((row) => row.stageId === 'a')?.stats).toMatchObject({
      n: 3,
      median: 3 * D,
    });
  });

  it('a deal won twice in a period (reopened) counts once, at its last win', () => {
    const reopened: AnalyticsDataset = {
      prospects: [prospect('R', 'won', 18 * D, 'won')],
      changes: path('R', [
        ['a', 10],
        ['won', 12],
        ['b', 14],
        ['won', 18],
      ]),
      touchCounts: [],
    };
    const result = computeDashboard({
      histories: buildHistories(reopened),
      process: processOf(baseStages),
      period,
      now,
    });
    expect(result.current.won).toBe(1);
    expect(result.current.cycle.median).toBe(8 * D);
  });
});

describe('stats', () => {
  it('computes avg, median (even count: mean of the middles) and p90 (nearest rank)', () => {
    expect(stats([])).toEqual({ n: 0, avg: 0, median: 0, p90: 0 });
    expect(stats([4, 1, 3, 2])).toEqual({ n: 4, avg: 2.5, median: 2.5, p90: 4 });
    expect(stats([5])).toEqual({ n: 1, avg: 5, median: 5, p90: 5 });
    const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(stats(ten).p90).toBe(90);
  });
});

describe('periods', () => {
  const may15 = new Date(2026, 4, 15, 12).getTime();

  it('this month and this quarter run to date; last month is the whole month', () => {
    expect(presetPeriod('thisMonth', may15)).toEqual({
      start: new Date(2026, 4, 1).getTime(),
      end: may15,
    });
    expect(presetPeriod('lastMonth', may15)).toEqual({
      start: new Date(2026, 3, 1).getTime(),
      end: new Date(2026, 4, 1).getTime(),
    });
    expect(presetPeriod('thisQuarter', may15)).toEqual({
      start: new Date(2026, 3, 1).getTime(),
      end: may15,
    });
    // January: last month is December of the year before.
    const jan10 = new Date(2027, 0, 10).getTime();
    expect(presetPeriod('lastMonth', jan10).start).toBe(new Date(2026, 11, 1).getTime());
  });

  it('a custom period includes both days; an inverted or malformed one is refused', () => {
    expect(customPeriod('2026-03-01', '2026-03-31')).toEqual({
      start: new Date(2026, 2, 1).getTime(),
      end: new Date(2026, 3, 1).getTime(),
    });
    expect(customPeriod('2026-03-31', '2026-03-01')).toBeNull();
    expect(customPeriod('31/03/2026', '2026-04-01')).toBeNull();
  });

  it('the previous period has the same length and ends where this one starts', () => {
    expect(previousPeriod({ start: 100, end: 150 })).toEqual({ start: 50, end: 100 });
  });
});
