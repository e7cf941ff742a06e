import { describe, expect, it } from 'vitest';
import { createService } from '../service.ts';
import { makeService } from '../test-helpers.ts';

describe('popupHome', () => {
  it('answers a tab showing a tracked prospect with its context and details, as the parts do', async () => {
    const { service, clock } = makeService();
    const { prospect } = await service.handlers.trackContact({
      name: 'Ana',
      emails: ['ana@lima.example'],
    });
    await service.handlers.logTouchpoints({
      touchpoints: [
        {
          prospectId: prospect.id,
          channel: 'manual',
          kind: 'call',
          at: clock.now - 5000,
          key: 'c1',
        },
      ],
    });
    const report = await service.handle(
      {
        type: 'reportPageContext',
        site: 'gmail',
        participants: [{ email: 'ana@lima.example', name: 'Ana' }, { email: 'bob@else.example' }],
      },
      { tabId: 3 },
    );
    expect(report.ok).toBe(true);

    const reply = await service.handle({ type: 'popupHome', tabId: 3, limit: 30 });
    expect(reply.ok).toBe(true);
    const home = (reply as { data: Awaited<ReturnType<typeof service.handlers.popupHome>> }).data;
    expect(home.attention).toBeNull();
    expect(home.context).toEqual(await service.handlers.getTabContext({ tabId: 3 }));
    expect(home.details[prospect.id]).toEqual({
      ...(await service.handlers.getProspect({ prospectId: prospect.id })),
      firstTouchAt: clock.now - 5000,
    });
  });

  it('answers the needs-attention list for a tab showing nobody, and for no tab', async () => {
    const { service } = makeService();
    await service.handlers.trackContact({ name: 'Ana', emails: ['ana@lima.example'] });
    const attention = await service.handlers.needsAttention({ limit: 30 });
    expect(attention.prospects).toHaveLength(1);
    for (const tabId of [42, null]) {
      const home = await service.handlers.popupHome({ tabId, limit: 30 });
      expect(home).toEqual({ tabId, context: null, details: {}, attention });
    }
  });

  it("describes the focused window's active tab when asked for 'active'", async () => {
    const { db } = makeService();
    let active: number | null = 3;
    const service = createService({
      db,
      now: () => Date.now(),
      locale: 'en',
      newId: () => crypto.randomUUID(),
      notify: () => undefined,
      activeTab: async () => active,
    });
    const { prospect } = await service.handlers.trackContact({
      name: 'Ana',
      emails: ['ana@lima.example'],
    });
    await service.handle(
      { type: 'reportPageContext', site: 'gmail', participants: [{ email: 'ana@lima.example' }] },
      { tabId: 3 },
    );
    const home = await service.handlers.popupHome({ tabId: 'active', limit: 30 });
    expect(home.tabId).toBe(3);
    expect(Object.keys(home.details)).toEqual([prospect.id]);
    active = null;
    const none = await service.handlers.popupHome({ tabId: 'active', limit: 30 });
    expect(none).toMatchObject({ tabId: null, context: null });
    expect(none.attention?.prospects).toHaveLength(1);
  });

  it('refuses what its schema refuses', async () => {
    const { service } = makeService();
    for (const bad of [
      { tabId: -1 },
      { tabId: 'x' },
      { tabId: 1, limit: 0 },
      { tabId: 1, extra: 1 },
    ]) {
      const reply = await service.handle({ type: 'popupHome', ...bad });
      expect(reply, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
  });
});
