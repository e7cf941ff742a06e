import { describe, expect, it } from 'vitest';
import { buildHistories, computeDashboard, RETRO_DEALS_SHOWN } from '../../shared/analytics.ts';
import { DAY_MS } from '../../shared/timing.ts';
import { call, makeService } from '../test-helpers.ts';

// Seeding ~3,000 records into fake-indexeddb takes seconds on a busy machine.
const SLOW = { timeout: 60_000 };

describe('sample data', () => {
  it(
    'loads into an empty database only, and is removed without touching real data',
    SLOW,
    async () => {
      const { service, db, events } = makeService({ now: Date.UTC(2026, 5, 1) });
      const loaded = await call(service, { type: 'loadSampleData' });
      expect(loaded.prospects).toBe(200);
      expect(await db.touchpoints.count()).toBe(loaded.touchpoints);
      expect(await db.stageChanges.count()).toBe(loaded.stageChanges);
      expect(events.at(-1)?.what).toBe('prospect');

      const again = await service.handle({ type: 'loadSampleData' });
      expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(await db.prospects.count()).toBe(200);

      // Real work done meanwhile: a prospect, a move and a touchpoint.
      const { prospect } = await call(service, {
        type: 'trackContact',
        name: 'Real Person',
        emails: ['real@customer.example'],
      });
      await call(service, { type: 'advanceStage', prospectId: prospect.id });
      await call(service, {
        type: 'logTouchpoints',
        touchpoints: [
          { prospectId: prospect.id, channel: 'manual', kind: 'call', at: 5, key: 'real:1' },
        ],
      });

      const removed = await call(service, { type: 'removeSampleData' });
      expect(removed).toEqual({
        prospects: 200,
        touchpoints: loaded.touchpoints,
        stageChanges: loaded.stageChanges,
      });
      expect((await db.prospects.toArray()).map((item) => item.id)).toEqual([prospect.id]);
      expect(await db.stageChanges.count()).toBe(2);
      expect((await db.touchpoints.toArray()).map((item) => item.key)).toEqual(['real:1']);
    },
  );

  it('refuses unknown fields like every message', SLOW, async () => {
    const { service } = makeService();
    expect(await service.handle({ type: 'removeSampleData', all: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});

describe('getDashboard', () => {
  it(
    'computes the figures the pure functions give for the stored records, and refreshes after writes',
    SLOW,
    async () => {
      const { service, db, clock } = makeService({ now: Date.UTC(2026, 5, 1) });
      await call(service, { type: 'loadSampleData' });
      const period = { start: clock.now - 30 * DAY_MS, end: clock.now };
      const first = await call(service, { type: 'getDashboard', ...period });
      expect(first.prospects).toBe(200);
      expect(first.sampleProspects).toBe(200);
      expect(first.currency).toBe('EUR');

      // The same computation straight from every stored record, touchpoints included.
      const touchCounts = (await db.touchpoints.toArray()).map((touchpoint) => ({
        prospectId: touchpoint.prospectId,
        stageId: touchpoint.stageId,
        kind: touchpoint.kind,
        count: 1,
      }));
      const histories = buildHistories({
        prospects: await db.prospects.toArray(),
        changes: (await db.stageChanges.toArray()).sort((a, b) => (a.id ?? 0) - (b.id ?? 0)),
        touchCounts,
      });
      const want = computeDashboard({
        histories,
        process: first.process,
        period,
        now: clock.now,
        dealsListed: RETRO_DEALS_SHOWN,
      });
      expect(first.dashboard).toEqual(want);
      expect(first.dashboard.won.count).toBeGreaterThan(0);

      // A write is seen by the next call: a new prospect, then a touchpoint on a won deal.
      const { prospect } = await call(service, { type: 'trackContact', name: 'New One' });
      // A deal the reply lists (it lists the first RETRO_DEALS_SHOWN of them).
      const wonId = first.dashboard.won.deals[0]?.prospectId as string;
      await call(service, {
        type: 'logTouchpoints',
        touchpoints: [{ prospectId: wonId, channel: 'manual', kind: 'note', at: 1, key: 'n:1' }],
      });
      const second = await call(service, { type: 'getDashboard', ...period });
      expect(second.prospects).toBe(201);
      const deal = (dashboard: typeof first.dashboard) =>
        dashboard.won.deals.find((item) => item.prospectId === wonId)?.touchCount ?? 0;
      expect(deal(second.dashboard)).toBe(deal(first.dashboard) + 1);
      expect(prospect.id).toBeTruthy();
    },
  );

  it('refuses a period that ends before it starts', async () => {
    const { service } = makeService();
    expect(await service.handle({ type: 'getDashboard', start: 10, end: 5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});

describe('getTimeline', () => {
  it('returns every stage change and touchpoint of a prospect, oldest first', SLOW, async () => {
    const { service } = makeService({ now: Date.UTC(2026, 5, 1) });
    const { prospect } = await call(service, { type: 'trackContact', name: 'Tim Line' });
    const touchpoints = Array.from({ length: 60 }, (_, index) => ({
      prospectId: prospect.id,
      channel: 'manual',
      kind: 'note',
      at: 1000 + index,
      key: `t:${index}`,
    }));
    await call(service, { type: 'logTouchpoints', touchpoints });
    await call(service, { type: 'advanceStage', prospectId: prospect.id });
    const timeline = await call(service, { type: 'getTimeline', prospectId: prospect.id });
    expect(timeline.touchpoints).toHaveLength(60);
    expect(timeline.touchpointCount).toBe(60);
    expect(timeline.touchpoints[0]?.key).toBe('t:0');
    expect(timeline.stageChanges.map((change) => change.to)).toEqual(['prospect', 'contacted']);
    expect(await service.handle({ type: 'getTimeline', prospectId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
