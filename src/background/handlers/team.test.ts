/**
 * The team figures and the rep filter through the message boundary, on the sample pipeline
 * split between two reps by a restore (as a synced database holds them): getTeam equals the
 * pure functions, getDashboard with `rep` equals the dashboard computed on that rep's prospects,
 * and the owners survive the dashboard's stored copy (a worker restart). (Team sync's own
 * messages are tested with its host: src/background/sync/host.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  buildHistories,
  computeDashboard,
  historiesOfRep,
  RETRO_DEALS_SHOWN,
  stageOrder,
  teamFigures,
} from '../../shared/analytics.ts';
import { DAY_MS } from '../../shared/timing.ts';
import { call, makeService } from '../test-helpers.ts';

// Seeding ~3,000 records into fake-indexeddb takes seconds on a busy machine.
const SLOW = { timeout: 60_000 };

type Made = ReturnType<typeof makeService>;

/** The sample data, every other prospect Ana's, the rest Bruno's, except ten left unowned. */
async function seedTwoReps({ service }: Made): Promise<void> {
  await call(service, { type: 'loadSampleData' });
  const { backup } = await call(service, { type: 'exportBackup', appVersion: 'test' });
  const owner = new Map<string, string | undefined>();
  backup.data.prospects.forEach((prospect, index) => {
    const rep = index < 10 ? undefined : index % 2 === 0 ? 'Ana' : 'Bruno';
    owner.set(prospect.id, rep);
    if (rep) prospect.ownerRep = rep;
  });
  for (const record of [...backup.data.stageChanges, ...backup.data.touchpoints]) {
    const rep = owner.get(record.prospectId);
    if (rep) record.ownerRep = rep;
  }
  await call(service, { type: 'restoreBackup', text: JSON.stringify(backup), mode: 'replace' });
}

async function storedHistories({ db }: Made) {
  return buildHistories({
    prospects: await db.prospects.toArray(),
    changes: (await db.stageChanges.toArray()).sort((a, b) => (a.id ?? 0) - (b.id ?? 0)),
    touchCounts: (await db.touchpoints.toArray()).map((touchpoint) => ({
      prospectId: touchpoint.prospectId,
      stageId: touchpoint.stageId,
      kind: touchpoint.kind,
      count: 1,
    })),
  });
}

describe('getTeam', () => {
  it('gives each rep’s figures and the team’s, as the pure functions do', SLOW, async () => {
    const made = makeService({ now: Date.UTC(2026, 5, 1) });
    await seedTwoReps(made);
    const period = { start: made.clock.now - 90 * DAY_MS, end: made.clock.now };
    const reply = await call(made.service, { type: 'getTeam', ...period });
    expect(reply.syncState).toBe('off');
    expect(reply.team.reps.map((rep) => [rep.rep, rep.self])).toEqual([
      [null, true],
      ['Ana', false],
      ['Bruno', false],
    ]);
    const want = teamFigures(
      await storedHistories(made),
      stageOrder(reply.process),
      period,
      made.clock.now,
      undefined,
    );
    expect(reply.team).toEqual(want);
    expect(reply.team.team.prospects).toBe(200);
    // Both reps have closed deals in the sample's last 90 days: the split means something.
    for (const rep of reply.team.reps.slice(1)) expect(rep.won + rep.lost).toBeGreaterThan(0);

    // The owners survive the dashboard's stored copy (a worker restarting reads it back).
    await made.store.dashboard.flush();
    made.store.dashboard.forgetMemory();
    const again = await call(made.service, { type: 'getTeam', ...period });
    expect(made.store.dashboard.source).toBe('record');
    expect(again.team).toEqual(reply.team);
  });

  it('follows a prospect changing owner (a write that stamps updatedAt, as every write does)', async () => {
    const made = makeService();
    const { prospect } = await call(made.service, { type: 'trackContact', name: 'Moved Over' });
    const end = made.clock.now + DAY_MS;
    const before = await call(made.service, { type: 'getTeam', start: 0, end });
    expect(before.team.reps.map((rep) => rep.rep)).toEqual([null]);
    made.clock.now += 1000;
    await made.db.prospects.update(prospect.id, { ownerRep: 'Ana', updatedAt: made.clock.now });
    const after = await call(made.service, { type: 'getTeam', start: 0, end });
    expect(after.team.reps.map((rep) => [rep.rep, rep.prospects])).toEqual([
      [null, 0],
      ['Ana', 1],
    ]);
  });

  it('shows this browser’s rep alone before anyone else owns anything', async () => {
    const made = makeService();
    await call(made.service, { type: 'trackContact', name: 'Solo Prospect' });
    const end = made.clock.now + DAY_MS;
    const reply = await call(made.service, { type: 'getTeam', start: 0, end });
    expect(reply.team.reps).toMatchObject([{ rep: null, self: true, prospects: 1, open: 1 }]);
    expect(await made.service.handle({ type: 'getTeam', start: 10, end: 5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});

describe('getDashboard with a rep', () => {
  it('computes every figure on that rep’s prospects and lists every rep', SLOW, async () => {
    const made = makeService({ now: Date.UTC(2026, 5, 1) });
    await seedTwoReps(made);
    const period = { start: made.clock.now - 90 * DAY_MS, end: made.clock.now };
    const histories = await storedHistories(made);
    const all = await call(made.service, { type: 'getDashboard', ...period });
    expect(all.reps).toEqual([
      { rep: null, self: true },
      { rep: 'Ana', self: false },
      { rep: 'Bruno', self: false },
    ]);
    const won = { all: all.dashboard.current.won } as Record<string, number>;
    for (const rep of ['Ana', 'Bruno', null] as const) {
      const reply = await call(made.service, { type: 'getDashboard', ...period, rep });
      const want = computeDashboard({
        histories: historiesOfRep(histories, rep, undefined),
        process: reply.process,
        period,
        now: made.clock.now,
        dealsListed: RETRO_DEALS_SHOWN,
      });
      expect(reply.dashboard).toEqual(want);
      // The database is still all of it: the page offers no sample data to a rep with none.
      expect(reply.prospects).toBe(200);
      expect(reply.reps).toEqual(all.reps);
      won[String(rep)] = reply.dashboard.current.won;
    }
    expect((won.Ana ?? 0) + (won.Bruno ?? 0) + (won.null ?? 0)).toBe(won.all);
    expect(won.Ana).not.toBe(won.all);
  });

  it('refuses a rep that is not a name', async () => {
    const { service } = makeService();
    for (const rep of ['', 'x'.repeat(201), 3, '\u0007bell'])
      expect(await service.handle({ type: 'getDashboard', start: 0, end: 5, rep })).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
  });
});
