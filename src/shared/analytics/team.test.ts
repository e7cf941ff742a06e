import { describe, expect, it } from 'vitest';
import {
  type AnalyticsChange,
  type AnalyticsProspect,
  buildHistories,
  computeFigures,
  historiesOfRep,
  repsOf,
  stageOrder,
  teamFigures,
} from '../analytics.ts';
import type { Process, Stage } from '../schemas.ts';
import { DAY_MS } from '../timing.ts';

const D = DAY_MS;

function stage(id: string, kind: Stage['kind'], targetDays: number | null): Stage {
  return { id, name: id.toUpperCase(), kind, targetDays, archived: false, actions: [] };
}

const process: Process = {
  id: 'p',
  savedAt: 0,
  stages: [
    stage('a', 'open', 2),
    stage('b', 'open', 3),
    stage('won', 'won', null),
    stage('lost', 'lost', null),
  ],
  lostReasons: [],
};
const order = stageOrder(process);
/** Days [10, 20). */
const period = { start: 10 * D, end: 20 * D };
const now = 30 * D;

function prospect(
  id: string,
  stageId: string,
  ownerRep: string | undefined,
  dealValue = 100,
): AnalyticsProspect {
  return {
    id,
    name: id,
    stageId,
    stageEnteredAt: 0,
    status: stageId === 'won' ? 'won' : stageId === 'lost' ? 'lost' : 'open',
    dealValue,
    ...(ownerRep ? { ownerRep } : {}),
  };
}

function path(prospectId: string, steps: Array<[string, number]>): AnalyticsChange[] {
  return steps.map(([to, day], index) => ({
    prospectId,
    from: index === 0 ? null : (steps[index - 1]?.[0] ?? null),
    to,
    at: day * D,
  }));
}

/**
 * Ana: A1 won on day 15 (a 2 d, b 10 d), A2 open in b (a 4 d, ended day 12).
 * Bruno: B1 lost on day 14 (a 6 d), B2 won on day 18 (a 2 d, b 4 d), B3 open in a.
 * Own (no ownerRep): O1 open in a, O2 won before the period (day 5).
 */
const histories = buildHistories({
  prospects: [
    prospect('A1', 'won', 'Ana', 500),
    prospect('A2', 'b', 'Ana'),
    prospect('B1', 'lost', 'Bruno'),
    prospect('B2', 'won', 'Bruno', 300),
    prospect('B3', 'a', 'Bruno'),
    prospect('O1', 'a', undefined),
    prospect('O2', 'won', undefined),
  ],
  changes: [
    ...path('A1', [
      ['a', 3],
      ['b', 5],
      ['won', 15],
    ]),
    ...path('A2', [
      ['a', 8],
      ['b', 12],
    ]),
    ...path('B1', [
      ['a', 8],
      ['lost', 14],
    ]),
    ...path('B2', [
      ['a', 12],
      ['b', 14],
      ['won', 18],
    ]),
    ...path('B3', [['a', 11]]),
    ...path('O1', [['a', 2]]),
    ...path('O2', [
      ['a', 1],
      ['won', 5],
    ]),
  ],
  touchCounts: [],
});

describe('repsOf', () => {
  it('puts this browser’s rep first, unnamed until sync names it, then the others by name', () => {
    expect(repsOf(histories, undefined)).toEqual([
      { rep: null, self: true },
      { rep: 'Ana', self: false },
      { rep: 'Bruno', self: false },
    ]);
  });

  it('counts the own records as the named rep’s once sync has a name', () => {
    // Bruno's browser: his synced records and his own not yet named are one rep.
    expect(repsOf(histories, 'Bruno')).toEqual([
      { rep: 'Bruno', self: true },
      { rep: 'Ana', self: false },
    ]);
  });

  it('shows this browser’s rep even with no prospect at all', () => {
    expect(repsOf([], undefined)).toEqual([{ rep: null, self: true }]);
  });

  it('orders names the same way whatever their case', () => {
    const mixed = buildHistories({
      prospects: [prospect('X', 'a', 'bea'), prospect('Y', 'a', 'Ana'), prospect('Z', 'a', 'Carl')],
      changes: [],
      touchCounts: [],
    });
    expect(repsOf(mixed, 'Zoé').map((key) => key.rep)).toEqual(['Zoé', 'Ana', 'bea', 'Carl']);
  });
});

describe('historiesOfRep (the dashboard’s rep filter)', () => {
  it('keeps the prospects of one rep, own records under the own name', () => {
    const ids = (rep: string | null, own: string | undefined) =>
      historiesOfRep(histories, rep, own).map((history) => history.prospect.id);
    expect(ids('Ana', undefined)).toEqual(['A1', 'A2']);
    expect(ids(null, undefined)).toEqual(['O1', 'O2']);
    expect(ids('Bruno', 'Bruno')).toEqual(['B1', 'B2', 'B3', 'O1', 'O2']);
    expect(ids(null, 'Bruno')).toEqual([]);
    expect(ids('Nobody', undefined)).toEqual([]);
  });

  it('gives the figures of that rep’s prospects only', () => {
    const ana = computeFigures(historiesOfRep(histories, 'Ana', undefined), order, period, now);
    expect(ana.won).toBe(1);
    expect(ana.lost).toBe(0);
    expect(ana.wonValue).toBe(500);
    const bruno = computeFigures(historiesOfRep(histories, 'Bruno', undefined), order, period, now);
    expect(bruno.won).toBe(1);
    expect(bruno.lost).toBe(1);
    expect(bruno.wonValue).toBe(300);
  });
});

describe('teamFigures', () => {
  const figures = teamFigures(histories, order, period, now, undefined);
  const rep = (name: string | null) => figures.reps.find((row) => row.rep === name);

  it('counts per rep: open at the period end, won and lost in the period', () => {
    expect(
      figures.reps.map((row) => [row.rep, row.prospects, row.open, row.won, row.lost]),
    ).toEqual([
      [null, 2, 1, 0, 0],
      ['Ana', 2, 1, 1, 0],
      ['Bruno', 3, 1, 1, 1],
    ]);
    expect(rep('Ana')?.conversion).toBe(1);
    expect(rep('Bruno')?.conversion).toBe(0.5);
    expect(rep(null)?.conversion).toBeNull();
    expect(rep(null)?.self).toBe(true);
  });

  it('gives the median time per open stage, null where no visit ended in the period', () => {
    // Ana: a ← A2's visit (8→12, 4 d) only (A1 left a on day 5); b ← A1's (5→15, 10 d).
    expect(rep('Ana')?.stages).toEqual([
      { stageId: 'a', median: 4 * D, n: 1 },
      { stageId: 'b', median: 10 * D, n: 1 },
    ]);
    // Bruno: a ← B1 (6 d), B2 (2 d) → 4 d; b ← B2 (4 d).
    expect(rep('Bruno')?.stages).toEqual([
      { stageId: 'a', median: 4 * D, n: 2 },
      { stageId: 'b', median: 4 * D, n: 1 },
    ]);
    expect(rep(null)?.stages).toEqual([
      { stageId: 'a', median: null, n: 0 },
      { stageId: 'b', median: null, n: 0 },
    ]);
  });

  it('computes the team over every prospect, and each rep’s share of it', () => {
    // a: 4, 6, 2 d → 4 d; b: 10, 4 d → 7 d (mean of the two middles).
    expect(figures.team).toEqual({
      prospects: 7,
      open: 3,
      won: 2,
      lost: 1,
      wonValue: 800,
      conversion: 2 / 3,
      stages: [
        { stageId: 'a', median: 4 * D, n: 3 },
        { stageId: 'b', median: 7 * D, n: 2 },
      ],
    });
    expect(figures.team).toMatchObject(computeFiguresSummary());
    expect(rep('Ana')?.share).toEqual({ open: 1 / 3, won: 1 / 2, lost: 0 });
    expect(rep('Bruno')?.share).toEqual({ open: 1 / 3, won: 1 / 2, lost: 1 });
    expect(rep(null)?.share).toEqual({ open: 1 / 3, won: 0, lost: 0 });
    const sum = (key: 'open' | 'won' | 'lost') =>
      figures.reps.reduce((total, row) => total + row[key], 0);
    expect([sum('open'), sum('won'), sum('lost')]).toEqual([3, 2, 1]);
  });

  it('has no share where the team has nothing (a quiet period)', () => {
    const quiet = teamFigures(histories, order, { start: 40 * D, end: 50 * D }, 60 * D, 'Ana');
    expect(quiet.team.won).toBe(0);
    expect(quiet.reps.find((row) => row.rep === 'Ana')?.share.won).toBeNull();
  });

  it('shows this browser’s rep alone, named or not, when nobody else owns anything', () => {
    const alone = buildHistories({
      prospects: [prospect('O1', 'a', undefined)],
      changes: path('O1', [['a', 2]]),
      touchCounts: [],
    });
    expect(teamFigures(alone, order, period, now, undefined).reps).toMatchObject([
      { rep: null, self: true, prospects: 1, open: 1 },
    ]);
    expect(teamFigures(alone, order, period, now, 'Ana').reps).toMatchObject([
      { rep: 'Ana', self: true, prospects: 1, open: 1 },
    ]);
  });
});

/** The team's counts are the dashboard's own figures over every prospect. */
function computeFiguresSummary() {
  const all = computeFigures(histories, order, period, now);
  return { won: all.won, lost: all.lost, wonValue: all.wonValue, conversion: all.conversion };
}
