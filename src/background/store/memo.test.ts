/** Reads kept until the next write: never a stale answer, whoever writes. */
import { describe, expect, it } from 'vitest';
import { makeService } from '../test-helpers.ts';

const someone = {
  id: 'a',
  name: 'Ana Lima',
  emails: ['ana@lima.example'],
  stageId: 'prospect',
  stageEnteredAt: 1,
  status: 'open' as const,
  createdAt: 1,
  updatedAt: 1,
};

describe('memo', () => {
  it('keeps a read until any write, the database told of writes at its lowest layer', async () => {
    const { store, db } = makeService();
    let reads = 0;
    const read = () => store.memo.get('k', async () => ++reads);
    expect(await read()).toBe(1);
    expect(await read()).toBe(1);
    await store.prospects.add(someone);
    expect(await read()).toBe(2);
    // Even a write that bypasses the store (only tests do that) is heard.
    await db.stageChanges.clear();
    expect(await read()).toBe(3);
    // Detection health and the dashboard's copy change nothing the memo keeps.
    await store.health.put({
      id: 'gmail:x',
      site: 'gmail',
      detector: 'x',
      ok: true,
      at: 1,
      failures: 0,
    });
    expect(await read()).toBe(3);
  });

  it('does not keep a read that a write overtook', async () => {
    const { store } = makeService();
    let reads = 0;
    await store.memo.get('k', async () => {
      await store.prospects.add(someone);
      return ++reads;
    });
    expect(await store.memo.get('k', async () => ++reads)).toBe(2);
  });

  it('answers the popup fresh after each kind of write', async () => {
    const { service, clock } = makeService();
    const { prospect } = await service.handlers.trackContact({
      name: 'Ana',
      emails: ['a@x.example'],
    });
    const attention = async () =>
      (await service.handlers.needsAttention({ limit: 10 })).prospects.map(
        (entry) => entry.prospect.stageId,
      );
    expect(await attention()).toEqual(['prospect']);
    await service.handlers.advanceStage({ prospectId: prospect.id });
    expect(await attention()).toEqual(['contacted']);
    const detail = () => service.handlers.getProspect({ prospectId: prospect.id });
    expect((await detail()).touchpointCount).toBe(0);
    await service.handlers.logTouchpoints({
      touchpoints: [
        { email: 'a@x.example', channel: 'gmail', kind: 'email_sent', at: clock.now, key: 'k1' },
      ],
    });
    expect((await detail()).touchpointCount).toBe(1);
    expect(
      (await service.handlers.firstTouches({ prospectIds: [prospect.id] })).firstTouchAt,
    ).toEqual({ [prospect.id]: clock.now });
    await service.handlers.checkAction({
      prospectId: prospect.id,
      stageId: 'contacted',
      actionId: (await detail()).process.stages[1]?.actions[0]?.id ?? '',
      done: true,
    });
    expect((await detail()).actionChecks).toHaveLength(1);
    await service.handlers.deleteProspect({ prospectId: prospect.id });
    expect(await attention()).toEqual([]);
  });
});
