import { describe, expect, it } from 'vitest';
import { makeService } from '../test-helpers.ts';

describe('page context per tab', () => {
  it('keeps what a tab shows and answers the tracked people among it', async () => {
    const { service } = makeService();
    const { prospect } = await service.handlers.trackContact({
      name: 'Ana',
      emails: ['ana@lima.example'],
    });
    const report = await service.handle(
      {
        type: 'reportPageContext',
        site: 'gmail',
        participants: [{ email: 'ANA@lima.example', name: 'Ana' }, { email: 'bob@else.example' }],
      },
      { tabId: 7 },
    );
    expect(report).toEqual({ ok: true, data: { stored: true } });
    const context = await service.handlers.getTabContext({ tabId: 7 });
    expect(context.page?.participants).toHaveLength(2);
    expect(context.prospects.map((entry) => entry.prospect.id)).toEqual([prospect.id]);
    expect((await service.handlers.getTabContext({ tabId: 8 })).page).toBeNull();
  });

  it('refuses a report that does not come from a tab', async () => {
    const { service } = makeService();
    const reply = await service.handle({
      type: 'reportPageContext',
      site: 'gmail',
      participants: [],
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'refused' } });
  });
});
