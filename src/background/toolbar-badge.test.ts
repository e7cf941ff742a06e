import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../shared/timing.ts';
import { advanceProspectInTab } from './commands.ts';
import { makeService } from './test-helpers.ts';
import { BADGE_COLORS, createToolbarBadge } from './toolbar-badge.ts';

function setup() {
  const ctx = makeService();
  const calls: Array<[string, Record<string, unknown>]> = [];
  const active = { ids: [1] };
  const badge = createToolbarBadge({
    handlers: ctx.service.handlers,
    action: {
      setBadgeText: async (details) => void calls.push(['text', details]),
      setBadgeBackgroundColor: async (details) => void calls.push(['color', details]),
      setTitle: async (details) => void calls.push(['title', details]),
    },
    activeTabIds: async () => active.ids,
    now: () => ctx.clock.now,
    shortDuration: (ms) => `${Math.floor(ms / DAY_MS)}d`,
    title: (focus) => (focus ? `Etape: ${focus.prospect.name}` : 'Etape'),
  });
  const report = (tabId: number, emails: string[]) =>
    ctx.service.handle(
      {
        type: 'reportPageContext',
        site: 'gmail',
        participants: emails.map((email) => ({ email })),
      },
      { tabId },
    );
  const last = (kind: string, tabId: number) =>
    calls.filter(([what, details]) => what === kind && details.tabId === tabId).at(-1)?.[1];
  return { ...ctx, badge, calls, active, report, last };
}

describe('toolbar badge', () => {
  it('shows the time in stage of the prospect in the tab, coloured by staleness', async () => {
    const { service, clock, badge, report, last } = setup();
    await service.handlers.trackContact({ name: 'Ana', emails: ['ana@x.co'] });
    clock.now += 6 * DAY_MS; // 6 of 7 target days: "due"
    await report(1, ['ana@x.co']);
    const focus = await badge.refresh(1);
    expect(focus?.status.level).toBe('due');
    expect(last('text', 1)).toEqual({ tabId: 1, text: '6d' });
    expect(last('color', 1)).toEqual({ tabId: 1, color: BADGE_COLORS.due });
    expect(last('title', 1)).toEqual({ tabId: 1, title: 'Etape: Ana' });
  });

  it('is cleared on a tab that shows no tracked prospect', async () => {
    const { service, badge, report, last } = setup();
    await service.handlers.trackContact({ name: 'Ana', emails: ['ana@x.co'] });
    await report(2, ['someone@else.co']);
    expect(await badge.refresh(2)).toBeNull();
    expect(last('text', 2)).toEqual({ tabId: 2, text: '' });
    expect(await badge.refresh(9)).toBeNull();
    expect(last('text', 9)).toEqual({ tabId: 9, text: '' });
  });

  it('prefers the open prospect most over target when a page shows several', async () => {
    const { service, clock, badge, report } = setup();
    const { prospect: ana } = await service.handlers.trackContact({
      name: 'Ana',
      emails: ['a@x.co'],
    });
    clock.now += 3 * DAY_MS;
    await service.handlers.trackContact({ name: 'Bo', emails: ['b@x.co'] });
    const { prospect: cy } = await service.handlers.trackContact({
      name: 'Cy',
      emails: ['c@x.co'],
    });
    clock.now += DAY_MS;
    await service.handlers.markLost({ prospectId: cy.id, reason: 'Price' });
    clock.now += 30 * DAY_MS; // the lost one is oldest in its "stage" but has no target
    await report(1, ['a@x.co', 'b@x.co', 'c@x.co']);
    expect((await badge.refresh(1))?.prospect.id).toBe(ana.id);
  });

  it('refreshes the active tabs after stage and tracking changes only', async () => {
    const { service, clock, badge, report, calls, active, last } = setup();
    const { prospect } = await service.handlers.trackContact({ name: 'Ana', emails: ['a@x.co'] });
    await report(1, ['a@x.co']);
    await report(5, ['a@x.co']);
    active.ids = [1, 5];
    clock.now += 2 * DAY_MS;
    await service.handlers.advanceStage({ prospectId: prospect.id });
    calls.length = 0;
    await badge.onChange({ what: 'touchpoint' });
    expect(calls).toEqual([]);
    clock.now += 4 * DAY_MS;
    await badge.onChange({ what: 'stage' });
    expect(last('text', 1)).toEqual({ tabId: 1, text: '4d' });
    expect(last('text', 5)).toEqual({ tabId: 5, text: '4d' });
  });
});

describe('advance shortcut', () => {
  it('advances the prospect the badge shows, guarded by its stage', async () => {
    const { service, clock, report } = setup();
    const { prospect } = await service.handlers.trackContact({ name: 'Ana', emails: ['a@x.co'] });
    await report(1, ['a@x.co']);
    const move = await advanceProspectInTab(service.handlers, 1, clock.now);
    expect(move?.change).toMatchObject({ from: 'prospect', to: 'contacted' });
    expect((await service.handlers.getProspect({ prospectId: prospect.id })).prospect.stageId).toBe(
      'contacted',
    );
    expect(await advanceProspectInTab(service.handlers, 2, clock.now)).toBeNull();
    await service.handlers.markWon({ prospectId: prospect.id });
    expect(await advanceProspectInTab(service.handlers, 1, clock.now)).toBeNull();
  });
});
