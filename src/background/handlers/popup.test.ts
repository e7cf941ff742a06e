import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/timing.ts';
import { makeService } from '../test-helpers.ts';

/** Puts a prospect straight into a stage entered `days` ago (as history would have it). */
async function seed(
  { store }: Pick<ReturnType<typeof makeService>, 'store'>,
  now: number,
  id: string,
  stageId: string,
  days: number,
  extra: Record<string, unknown> = {},
) {
  const at = now - days * DAY_MS;
  await store.prospects.add({
    id,
    name: id,
    emails: [],
    stageId,
    stageEnteredAt: at,
    status: 'open',
    createdAt: at,
    updatedAt: at,
    ...extra,
  });
}

describe('needsAttention', () => {
  it('lists open prospects most over their stage target first, with counts', async () => {
    const env = makeService();
    const { service, clock } = env;
    const now = clock.now;
    await seed(env, now, 'a-fresh', 'prospect', 1); // 1/7
    await seed(env, now, 'b-late', 'contacted', 25); // 25/10
    await seed(env, now, 'c-over', 'qualified', 15); // 15/14
    await seed(env, now, 'd-due', 'proposal', 12); // 12/14
    await seed(env, now, 'e-won', 'won', 300, { status: 'won' });
    await seed(env, now, 'f-lost', 'lost', 300, { status: 'lost', lostReason: 'Price' });
    const answer = await service.handlers.needsAttention({ limit: 50 });
    expect(answer.prospects.map((entry) => entry.prospect.id)).toEqual([
      'b-late',
      'c-over',
      'd-due',
      'a-fresh',
    ]);
    expect(answer.process.stages[0]?.id).toBe('prospect');
    expect(await service.handlers.attentionCounts({})).toEqual({ overTarget: 2, open: 4 });
  });

  it('keeps the global order when each stage holds more than the limit', async () => {
    const env = makeService();
    const { service, clock } = env;
    for (let i = 0; i < 6; i++) {
      await seed(env, clock.now, `contacted-${i}`, 'contacted', 5 + i * 4); // 0.5 … 2.5
      await seed(env, clock.now, `qualified-${i}`, 'qualified', 3 + i * 6); // 0.21 … 2.36
    }
    const answer = await service.handlers.needsAttention({ limit: 3 });
    expect(answer.prospects.map((entry) => entry.prospect.id)).toEqual([
      'contacted-5',
      'qualified-5',
      'contacted-4',
    ]);
    expect(await service.handlers.attentionCounts({})).toEqual({ overTarget: 8, open: 12 });
  });

  it('breaks ties by the oldest last touch, and refuses a bad limit', async () => {
    const env = makeService();
    const { service, clock } = env;
    await seed(env, clock.now, 'recent', 'contacted', 12, { lastTouchAt: clock.now - DAY_MS });
    await seed(env, clock.now, 'silent', 'contacted', 12, { lastTouchAt: clock.now - 9 * DAY_MS });
    const answer = await service.handlers.needsAttention({ limit: 10 });
    expect(answer.prospects.map((entry) => entry.prospect.id)).toEqual(['silent', 'recent']);
    expect(answer.prospects[0]?.lastTouchAt).toBe(clock.now - 9 * DAY_MS);
    const reply = await service.handle({ type: 'needsAttention', limit: 0 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('firstTouches', () => {
  it('answers the oldest touchpoint per prospect, null when none', async () => {
    const { service } = makeService();
    const { prospect } = await service.handlers.trackContact({ name: 'Ana', emails: ['a@x.co'] });
    const { prospect: other } = await service.handlers.trackContact({ name: 'Bo', emails: [] });
    await service.handlers.logTouchpoints({
      touchpoints: [
        { prospectId: prospect.id, channel: 'gmail', kind: 'email_sent', at: 500, key: 'k2' },
        { prospectId: prospect.id, channel: 'gmail', kind: 'email_sent', at: 200, key: 'k1' },
        { prospectId: prospect.id, channel: 'manual', kind: 'call', at: 900, key: 'k3' },
      ],
    });
    const answer = await service.handlers.firstTouches({ prospectIds: [prospect.id, other.id] });
    expect(answer.firstTouchAt).toEqual({ [prospect.id]: 200, [other.id]: null });
  });
});

describe('searchProspects', () => {
  it('matches name, email or company, most recently updated first, up to the limit', async () => {
    const env = makeService();
    const { service, clock } = env;
    await seed(env, clock.now, 'old', 'prospect', 9, { name: 'Ana Lima', company: 'Northwind' });
    await seed(env, clock.now, 'new', 'prospect', 1, {
      name: 'Bo',
      emails: ['bo@northwind.example'],
    });
    await seed(env, clock.now, 'other', 'prospect', 2, { name: 'Cy', company: 'Quarry' });
    const search = (query: string, limit = 20) =>
      service.handlers
        .searchProspects({ query, limit })
        .then((answer) => answer.prospects.map((entry) => entry.prospect.id));
    expect(await search('NORTHWIND')).toEqual(['new', 'old']);
    expect(await search('northwind', 1)).toEqual(['new']);
    expect(await search('lima')).toEqual(['old']);
    expect(await search('nobody')).toEqual([]);
    const reply = await service.handle({ type: 'searchProspects', query: '' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
