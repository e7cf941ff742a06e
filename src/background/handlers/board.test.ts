import { describe, expect, it } from 'vitest';
import { parseCards } from '../../shared/board.ts';
import { defaultProcess } from '../../shared/default-process.ts';
import type { ResponseMap } from '../../shared/messages.ts';
import { processSchema, type Touchpoint } from '../../shared/schemas.ts';
import { DAY_MS } from '../../shared/timing.ts';
import { call, makeService } from '../test-helpers.ts';

/** The reply with its cards parsed, as the page reads it. */
function board(reply: ResponseMap['getBoard']) {
  return { ...reply, cards: parseCards(reply.cardsJson) };
}

type Kind = Touchpoint['kind'];
const CHANNEL: Record<string, Touchpoint['channel']> = {
  email_sent: 'gmail',
  email_received: 'gmail',
  linkedin_profile_view: 'linkedin',
  call: 'manual',
};

async function track(service: ReturnType<typeof makeService>['service'], name: string) {
  const { prospect } = await service.handlers.trackContact({
    name,
    emails: [`${name.toLowerCase()}@example.com`],
    company: 'Acme',
  });
  return prospect.id;
}

async function touch(
  service: ReturnType<typeof makeService>['service'],
  prospectId: string,
  kind: Kind,
  at: number,
) {
  await service.handlers.logTouchpoints({
    touchpoints: [
      {
        prospectId,
        channel: CHANNEL[kind] ?? 'gmail',
        kind,
        at,
        key: `${prospectId}:${kind}:${at}`,
      },
    ],
  });
}

describe('getBoard', () => {
  it('lists every open prospect as a card and follows every kind of write', async () => {
    const { service, clock } = makeService();
    const ana = await track(service, 'Ana');
    const bo = await track(service, 'Bo');
    let shown = await call(service, { type: 'getBoard' }).then(board);
    expect(shown.cards.map((card) => [card.id, card.stageId, card.nextActionId])).toEqual([
      [ana, 'prospect', 'research'],
      [bo, 'prospect', 'research'],
    ]);
    expect(shown.cards[0]).toMatchObject({ name: 'Ana', company: 'Acme' });

    // A checked step moves "next action" on; an advance, the stage; a win removes the card.
    await service.handlers.checkAction({
      prospectId: ana,
      stageId: 'prospect',
      actionId: 'research',
      done: true,
    });
    await service.handlers.advanceStage({ prospectId: bo });
    clock.now += 1000;
    await touch(service, ana, 'email_sent', clock.now);
    shown = await call(service, { type: 'getBoard' }).then(board);
    expect(shown.cards.find((card) => card.id === ana)).toMatchObject({
      nextActionId: 'channel',
      lastTouchAt: clock.now,
    });
    expect(shown.cards.find((card) => card.id === bo)?.stageId).toBe('contacted');

    await service.handlers.markWon({ prospectId: bo });
    shown = await call(service, { type: 'getBoard' }).then(board);
    expect(shown.cards.map((card) => card.id)).toEqual([ana]);
    await service.handlers.undoStageChange({ prospectId: bo });
    shown = await call(service, { type: 'getBoard' }).then(board);
    expect(shown.cards.map((card) => card.id).sort()).toEqual([ana, bo].sort());

    // A deletion, then a write that names no prospect (an import): read again whole.
    await service.handlers.deleteProspect({ prospectId: ana });
    await service.handlers.importProspects({
      prospects: [{ name: 'Cy', emails: ['cy@example.com'] }],
    });
    shown = await call(service, { type: 'getBoard' }).then(board);
    expect(shown.cards.map((card) => card.name).sort()).toEqual(['Bo', 'Cy']);
  });
});

describe('follow-up nudges', () => {
  it('flags an unanswered message past the stage delay, on the board and in followUps', async () => {
    const { service, clock } = makeService();
    const start = clock.now;
    const quiet = await track(service, 'Quiet');
    const replied = await track(service, 'Replied');
    const recent = await track(service, 'Recent');
    const viewed = await track(service, 'Viewed');
    const early = await track(service, 'Early');
    for (const id of [quiet, replied, recent, viewed])
      await service.handlers.advanceStage({ prospectId: id });
    // Early stays in "Prospect", which asks for no follow-up.
    await touch(service, quiet, 'email_sent', start - 5 * DAY_MS);
    await touch(service, replied, 'email_sent', start - 5 * DAY_MS);
    await touch(service, replied, 'email_received', start - 4 * DAY_MS);
    await touch(service, recent, 'email_sent', start - 2 * DAY_MS);
    await touch(service, viewed, 'email_sent', start - 6 * DAY_MS);
    // Looking at their profile is no answer.
    await touch(service, viewed, 'linkedin_profile_view', start - DAY_MS);
    await touch(service, early, 'email_sent', start - 9 * DAY_MS);

    const due = () =>
      call(service, { type: 'getBoard' })
        .then(board)
        .then((shown) =>
          Object.fromEntries(
            shown.cards
              .filter((card) => card.followUpSince)
              .map((card) => [card.name, card.followUpSince]),
          ),
        );
    expect(await due()).toEqual({ Quiet: start - 5 * DAY_MS, Viewed: start - 6 * DAY_MS });
    const list = await call(service, { type: 'followUps', limit: 10 });
    expect(list.total).toBe(2);
    expect(list.prospects.map((entry) => entry.prospect.name)).toEqual(['Viewed', 'Quiet']);

    // A day later the recent one is due too; a reply takes Quiet off.
    clock.now += DAY_MS;
    await touch(service, quiet, 'email_received', clock.now - 1000);
    expect(Object.keys(await due()).sort()).toEqual(['Recent', 'Viewed']);

    // The delay is the process's: a longer one for "Contacted" clears them.
    const { process } = await service.handlers.getProcess({});
    await service.handlers.saveProcess({
      stages: process.stages.map((stage) =>
        stage.id === 'contacted' ? { ...stage, followUpDays: 30 } : stage,
      ),
      lostReasons: process.lostReasons,
      moves: {},
    });
    expect(await due()).toEqual({});
  });

  it('reads a process stored before follow-ups existed: it parses and nudges nobody', async () => {
    const { service, db, clock } = makeService();
    const legacy = defaultProcess('en', clock.now - 100 * DAY_MS);
    // As a version of Etape without the field stored it.
    for (const stage of legacy.stages) delete stage.followUpDays;
    expect(processSchema.parse(legacy).stages.map((stage) => stage.followUpDays)).toEqual(
      legacy.stages.map(() => undefined),
    );
    await db.processes.add(legacy);
    const id = await track(service, 'Old');
    await service.handlers.advanceStage({ prospectId: id });
    await touch(service, id, 'email_sent', clock.now - 20 * DAY_MS);
    const shown = await call(service, { type: 'getBoard' }).then(board);
    expect(shown.process.stages.find((stage) => stage.id === 'contacted')?.followUpDays).toBe(
      undefined,
    );
    expect(shown.cards[0]?.followUpSince).toBeUndefined();
    expect((await call(service, { type: 'followUps', limit: 5 })).total).toBe(0);
    // A new install's process asks for a follow-up after 3 days in "Contacted".
    expect(
      defaultProcess('fr', 1).stages.find((stage) => stage.id === 'contacted')?.followUpDays,
    ).toBe(3);
  });
});
