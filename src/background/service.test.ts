import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../shared/timing.ts';
import { makeService, snapshot } from './test-helpers.ts';

const jane = { name: 'Jane Roe', emails: ['Jane@Acme.example'] };

async function tracked(options?: Parameters<typeof makeService>[0]) {
  const ctx = makeService(options);
  const reply = await ctx.service.handle({ type: 'trackContact', ...jane });
  if (!reply.ok) throw new Error(reply.error.message);
  const { prospect } = reply.data as { prospect: { id: string } };
  return { ...ctx, prospectId: prospect.id };
}

describe('the message boundary', () => {
  const invalid: Array<[string, unknown]> = [
    ['not an object', 'hello'],
    ['no type', { name: 'x' }],
    ['an unknown type', { type: 'dropDatabase' }],
    ['a missing field', { type: 'trackContact' }],
    ['a wrong type', { type: 'trackContact', name: 42 }],
    ['an unknown field', { type: 'trackContact', name: 'A', admin: true }],
    ['an oversized name', { type: 'trackContact', name: 'x'.repeat(201) }],
    ['a bad email', { type: 'trackContact', name: 'A', emails: ['nope'] }],
    [
      'a non-LinkedIn URL',
      { type: 'trackContact', name: 'A', linkedinUrl: 'https://evil.example/in/a/' },
    ],
    [
      'an unknown touchpoint kind',
      {
        type: 'logTouchpoints',
        touchpoints: [{ email: 'a@b.co', channel: 'gmail', kind: 'fax', at: 1, key: 'k' }],
      },
    ],
    [
      'a kind from the wrong channel',
      {
        type: 'logTouchpoints',
        touchpoints: [{ email: 'a@b.co', channel: 'gmail', kind: 'call', at: 1, key: 'k' }],
      },
    ],
    [
      'a touchpoint with no one to attach to',
      {
        type: 'logTouchpoints',
        touchpoints: [{ channel: 'manual', kind: 'call', at: 1, key: 'k' }],
      },
    ],
    [
      'an oversized summary',
      {
        type: 'logTouchpoints',
        touchpoints: [
          {
            email: 'a@b.co',
            channel: 'gmail',
            kind: 'email_sent',
            at: 1,
            key: 'k',
            summary: 's'.repeat(301),
          },
        ],
      },
    ],
    [
      'a negative time',
      {
        type: 'logTouchpoints',
        touchpoints: [{ email: 'a@b.co', channel: 'gmail', kind: 'email_sent', at: -5, key: 'k' }],
      },
    ],
    ['an empty batch', { type: 'logTouchpoints', touchpoints: [] }],
  ];

  it.each(invalid)('refuses %s with a clear error and writes nothing', async (_label, message) => {
    const { service, db, prospectId } = await tracked();
    const before = await snapshot(db);
    const reply = await service.handle(message);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid');
    expect(reply.error.message).toMatch(/message|Invalid/);
    expect(await snapshot(db)).toEqual(before);
    expect(prospectId).toBeTruthy();
  });

  it('names the offending field', async () => {
    const { service } = makeService();
    const reply = await service.handle({ type: 'trackContact', name: 'A', emails: ['nope'] });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.issues?.[0]?.path).toBe('emails.0');
  });

  it('refuses a whole batch when one item is invalid', async () => {
    const { service, db } = await tracked();
    const before = await snapshot(db);
    const reply = await service.handle({
      type: 'logTouchpoints',
      touchpoints: [
        {
          email: 'jane@acme.example',
          channel: 'gmail',
          kind: 'email_received',
          at: 1,
          key: 'ok-1',
        },
        {
          email: 'jane@acme.example',
          channel: 'gmail',
          kind: 'email_received',
          at: 'yesterday',
          key: 'bad',
        },
      ],
    });
    expect(reply.ok).toBe(false);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('tracking', () => {
  it('creates a prospect at the first stage with lower-cased emails and an entry change', async () => {
    const { db, prospectId, clock } = await tracked();
    const prospect = await db.prospects.get(prospectId);
    expect(prospect).toMatchObject({
      name: 'Jane Roe',
      emails: ['jane@acme.example'],
      stageId: 'prospect',
      status: 'open',
      stageEnteredAt: clock.now,
    });
    expect(await db.stageChanges.toArray()).toMatchObject([
      { prospectId, from: null, to: 'prospect' },
    ]);
  });

  it('returns the existing prospect for a known address and only adds what is new', async () => {
    const { service, db, prospectId } = await tracked();
    const reply = await service.handlers.trackContact({
      name: 'J. Roe',
      emails: ['jane@acme.example', 'jane.roe@home.example'],
      linkedinUrl: 'https://www.linkedin.com/in/jane-roe/',
    });
    expect(reply.created).toBe(false);
    expect(reply.prospect.id).toBe(prospectId);
    expect(await db.prospects.count()).toBe(1);
    expect(await db.prospects.get(prospectId)).toMatchObject({
      name: 'Jane Roe',
      emails: ['jane@acme.example', 'jane.roe@home.example'],
      linkedinUrl: 'https://www.linkedin.com/in/jane-roe/',
    });
  });

  it('stores markup in a name as text, exactly as given', async () => {
    const { service, db } = makeService();
    const name = '<script>alert(1)</script><b>Bob</b>';
    const { prospect } = await service.handlers.trackContact({ name, emails: [] });
    expect((await db.prospects.get(prospect.id))?.name).toBe(name);
  });

  it('creates the default process once, in the UI language', async () => {
    const { service, db } = makeService({ locale: 'fr' });
    const [a, b] = await Promise.all([
      service.handlers.getProcess({}),
      service.handlers.getProcess({}),
    ]);
    expect(a.process.stages[1]?.name).toBe('Contacté');
    expect(b.process.savedAt).toBe(a.process.savedAt);
    expect(await db.processes.count()).toBe(1);
  });
});

describe('touchpoints', () => {
  it('stores the same touchpoint once, however often it is sent', async () => {
    const { service, db, prospectId } = await tracked();
    const touchpoint = {
      email: 'JANE@acme.example',
      channel: 'gmail',
      kind: 'email_received',
      at: Date.UTC(2026, 0, 5, 10),
      key: 'gmail:msg-f:1',
      summary: 'Re: pricing',
    } as const;
    const first = await service.handle({ type: 'logTouchpoints', touchpoints: [touchpoint] });
    const again = await service.handle({
      type: 'logTouchpoints',
      touchpoints: [touchpoint, touchpoint],
    });
    expect(first).toMatchObject({
      ok: true,
      data: { results: [{ status: 'created', prospectId }] },
    });
    expect(again).toMatchObject({
      ok: true,
      data: { results: [{ status: 'duplicate' }, { status: 'duplicate' }] },
    });
    expect(await db.touchpoints.count()).toBe(1);
    expect(await db.touchpoints.toArray()).toMatchObject([
      {
        prospectId,
        channel: 'gmail',
        kind: 'email_received',
        stageId: 'prospect',
        key: 'gmail:msg-f:1',
        summary: 'Re: pricing',
      },
    ]);
  });

  it('finds the stored ones in a conversation-sized batch as in a single message', async () => {
    const { service, db } = await tracked();
    const touchpoint = (i: number) =>
      ({
        email: 'jane@acme.example',
        channel: 'gmail',
        kind: 'email_received',
        at: Date.UTC(2026, 0, 5, 10, i),
        key: `gmail:msg-f:${i}`,
      }) as const;
    // One key (a request per key) then a batch of twelve, five of them stored (one cursor walk).
    await service.handlers.logTouchpoints({ touchpoints: [touchpoint(0)] });
    await service.handlers.logTouchpoints({ touchpoints: [1, 3, 5, 7].map(touchpoint) });
    const reply = await service.handlers.logTouchpoints({
      touchpoints: Array.from({ length: 12 }, (_, i) => touchpoint(i)),
    });
    expect(reply.results.map((result) => result.status)).toEqual(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 1 && i < 8) || i === 0 ? 'duplicate' : 'created',
      ),
    );
    expect(await db.touchpoints.count()).toBe(12);
  });

  it('does not store touchpoints of people who are not tracked', async () => {
    const { service, db } = await tracked();
    const reply = await service.handlers.logTouchpoints({
      touchpoints: [
        {
          email: 'stranger@else.example',
          channel: 'gmail',
          kind: 'email_received',
          at: 1,
          key: 'k1',
        },
      ],
    });
    expect(reply.results).toEqual([{ key: 'k1', status: 'untracked' }]);
    expect(await db.touchpoints.count()).toBe(0);
  });

  it('files a touchpoint under the stage the prospect was in at that time', async () => {
    const { service, db, prospectId, clock } = await tracked();
    const trackedAt = clock.now;
    clock.now += DAY_MS;
    await service.handlers.advanceStage({ prospectId });
    await service.handlers.logTouchpoints({
      touchpoints: [
        { prospectId, channel: 'manual', kind: 'call', at: trackedAt - DAY_MS, key: 'old' },
        { prospectId, channel: 'manual', kind: 'call', at: trackedAt + 1000, key: 'mid' },
        { prospectId, channel: 'manual', kind: 'call', at: clock.now + 1000, key: 'new' },
      ],
    });
    const byKey = Object.fromEntries(
      (await db.touchpoints.toArray()).map((t) => [t.key, t.stageId]),
    );
    expect(byKey).toEqual({ old: 'prospect', mid: 'prospect', new: 'contacted' });
    expect((await db.prospects.get(prospectId))?.lastTouchAt).toBe(clock.now + 1000);
  });

  it('answers context for addresses and profiles in one call', async () => {
    const { service, prospectId } = await tracked();
    const reply = await service.handlers.getContext({
      emails: ['jane@acme.example', 'other@x.example'],
      linkedinUrls: [],
    });
    expect(reply.prospects.map((entry) => entry.prospect.id)).toEqual([prospectId]);
    expect(reply.process.stages.length).toBe(7);
  });
});

describe('stage changes', () => {
  it('advances, sets, wins and loses with history and status kept consistent', async () => {
    const { service, db, prospectId, clock, events } = await tracked();
    clock.now += 1000;
    const advanced = await service.handlers.advanceStage({ prospectId, fromStageId: 'prospect' });
    expect(advanced.prospect).toMatchObject({
      stageId: 'contacted',
      status: 'open',
      stageEnteredAt: clock.now,
    });
    clock.now += 1000;
    await service.handlers.setStage({ prospectId, stageId: 'negotiation' });
    clock.now += 1000;
    const won = await service.handlers.markWon({ prospectId });
    expect(won.prospect).toMatchObject({ stageId: 'won', status: 'won' });
    const history = await db.stageChanges.orderBy('at').toArray();
    expect(history.map((change) => [change.from, change.to])).toEqual([
      [null, 'prospect'],
      ['prospect', 'contacted'],
      ['contacted', 'negotiation'],
      ['negotiation', 'won'],
    ]);
    expect(events.filter((event) => event.what === 'stage')).toHaveLength(3);
  });

  it('records the lost reason, and undo restores the previous stage and its entry time', async () => {
    const { service, db, prospectId, clock } = await tracked();
    const enteredAt = clock.now;
    clock.now += 5000;
    const lost = await service.handlers.markLost({
      prospectId,
      reason: 'Price',
      note: 'Too expensive',
    });
    expect(lost.prospect).toMatchObject({ status: 'lost', stageId: 'lost', lostReason: 'Price' });
    expect(lost.change).toMatchObject({ lostReason: 'Price', note: 'Too expensive' });
    const undone = await service.handlers.undoStageChange({ prospectId });
    expect(undone.prospect).toMatchObject({
      stageId: 'prospect',
      status: 'open',
      stageEnteredAt: enteredAt,
    });
    expect(undone.prospect.lostReason).toBeUndefined();
    expect(await db.stageChanges.count()).toBe(1);
  });

  it('refuses to undo the entry into the first stage', async () => {
    const { service, prospectId } = await tracked();
    const reply = await service.handle({ type: 'undoStageChange', prospectId });
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses a move from a stale view and keeps one winner when two race', async () => {
    const { service, db, prospectId } = await tracked();
    const [a, b] = await Promise.all([
      service.handle({ type: 'advanceStage', prospectId, fromStageId: 'prospect' }),
      service.handle({ type: 'advanceStage', prospectId, fromStageId: 'prospect' }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect((await db.prospects.get(prospectId))?.stageId).toBe('contacted');
    expect(await db.stageChanges.count()).toBe(2);
  });

  it('has nothing to advance to from an outcome, and setStage refuses the lost outcome', async () => {
    const { service, prospectId } = await tracked();
    await service.handlers.markWon({ prospectId });
    expect(await service.handle({ type: 'advanceStage', prospectId })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await service.handle({ type: 'setStage', prospectId, stageId: 'lost' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('answers not_found for an unknown prospect or stage', async () => {
    const { service, prospectId } = await tracked();
    expect(await service.handle({ type: 'advanceStage', prospectId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await service.handle({ type: 'setStage', prospectId, stageId: 'nowhere' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('action checks, prospect detail, health, settings', () => {
  it('checks and unchecks a next-step action idempotently', async () => {
    const { service, db, prospectId } = await tracked();
    await service.handlers.checkAction({
      prospectId,
      stageId: 'prospect',
      actionId: 'research',
      done: true,
    });
    const again = await service.handlers.checkAction({
      prospectId,
      stageId: 'prospect',
      actionId: 'research',
      done: true,
    });
    expect(again.checks).toHaveLength(1);
    await service.handlers.checkAction({
      prospectId,
      stageId: 'prospect',
      actionId: 'research',
      done: false,
    });
    expect(await db.actionChecks.count()).toBe(0);
    expect(
      await service.handle({
        type: 'checkAction',
        prospectId,
        stageId: 'prospect',
        actionId: 'nope',
        done: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('returns a prospect with its history and newest touchpoints first', async () => {
    const { service, prospectId } = await tracked();
    await service.handlers.logTouchpoints({
      touchpoints: [1, 3, 2].map((n) => ({
        prospectId,
        channel: 'manual' as const,
        kind: 'note' as const,
        at: n,
        key: `n${n}`,
      })),
    });
    const detail = await service.handlers.getProspect({ prospectId });
    expect(detail.touchpoints.map((t) => t.at)).toEqual([3, 2, 1]);
    expect(detail.touchpointCount).toBe(3);
    expect(detail.stageChanges).toHaveLength(1);
  });

  it('lists and searches prospects by name, company or email', async () => {
    const { service } = await tracked();
    await service.handlers.trackContact({
      name: 'Marc Dupont',
      emails: ['marc@dupont.example'],
      company: 'Dupont SA',
    });
    expect((await service.handlers.listProspects({ query: 'dupont', limit: 10 })).total).toBe(1);
    expect((await service.handlers.listProspects({ query: 'ACME', limit: 10 })).total).toBe(1);
    expect((await service.handlers.listProspects({ status: 'open', limit: 1 })).total).toBe(2);
    expect((await service.handlers.listProspects({ status: 'won', limit: 10 })).total).toBe(0);
  });

  it('records detector health and writes a steady "ok" only once per period', async () => {
    const { service, db, clock } = makeService();
    await service.handlers.reportHealth({
      site: 'gmail',
      detector: 'conversation',
      ok: false,
      selector: 'gmail.sender',
      message: 'x',
    });
    expect(await db.health.get('gmail:conversation')).toMatchObject({
      ok: false,
      failures: 1,
      selector: 'gmail.sender',
    });
    await service.handlers.reportHealth({ site: 'gmail', detector: 'conversation', ok: true });
    const okAt = clock.now;
    clock.now += 1000;
    await service.handlers.reportHealth({ site: 'gmail', detector: 'conversation', ok: true });
    expect(await db.health.get('gmail:conversation')).toMatchObject({
      ok: true,
      at: okAt,
      failures: 1,
    });
  });

  it('merges settings updates and keeps defaults', async () => {
    const { service } = makeService();
    expect((await service.handlers.getSettings({})).settings.autoTrackRecipients).toBe(false);
    await service.handlers.updateSettings({ settings: { ignoredDomains: ['acme.example'] } });
    const { settings } = await service.handlers.updateSettings({
      settings: { passiveLinkedin: true },
    });
    expect(settings).toEqual({
      autoTrackRecipients: false,
      ignoredDomains: ['acme.example'],
      passiveLinkedin: true,
      remindersEnabled: false,
      ownAddresses: [],
    });
  });

  it("remembers the user's own Gmail accounts once each, whichever tab reports them first", async () => {
    const { service, events } = makeService();
    await Promise.all([
      service.handle({ type: 'addOwnAddress', email: 'Me@Work.example' }),
      service.handle({ type: 'addOwnAddress', email: 'me@home.example' }),
      service.handle({ type: 'addOwnAddress', email: 'me@work.example' }),
    ]);
    const { settings } = await service.handlers.getSettings({});
    expect(settings.ownAddresses.sort()).toEqual(['me@home.example', 'me@work.example']);
    expect(events.filter((event) => event.what === 'settings')).toHaveLength(2);
    expect(await service.handle({ type: 'addOwnAddress', email: 'not-an-address' })).toMatchObject({
      ok: false,
    });
  });
});

describe('storage failures', () => {
  it('turns a full disk into a clear "storage" error and keeps what was there', async () => {
    const { service, db, prospectId } = await tracked();
    const before = await snapshot(db);
    // What Chrome throws when the origin's quota is used up.
    db.touchpoints.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const reply = await service.handle({
      type: 'logTouchpoints',
      touchpoints: [{ prospectId, channel: 'manual', kind: 'call', at: 1, key: 'full-disk' }],
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/quota/i);
    expect(await snapshot(db)).toEqual(before);
  });
});
