/**
 * The tallies stay what counting the touchpoints gives, through every path that writes
 * touchpoints: the log (and its retries), a merge, a deletion, the sample data, a restore
 * (replace and merge), team sync's apply and delete everything.
 */
import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../../shared/schemas.ts';
import type { EtapeDb } from '../db.ts';
import { makeService } from '../test-helpers.ts';
import { type TouchTallyRecord, tallyRecords } from './touch-tallies.ts';

const URL = 'https://www.linkedin.com/in/camille-durand/';

function sorted(records: readonly TouchTallyRecord[]): TouchTallyRecord[] {
  const slot = (row: { stageId: string; kind: string }) => `${row.stageId} ${row.kind}`;
  return [...records]
    .map((record) => ({
      prospectId: record.prospectId,
      counts: [...record.counts].sort((a, b) => slot(a).localeCompare(slot(b))),
    }))
    .sort((a, b) => a.prospectId.localeCompare(b.prospectId));
}

/** The tallies, checked against a count of the touchpoints; returned for further checks. */
async function expectTallied(db: EtapeDb): Promise<TouchTallyRecord[]> {
  const tallies = sorted(await db.touchTallies.toArray());
  expect(tallies).toEqual(sorted(tallyRecords(await db.touchpoints.toArray())));
  return tallies;
}

async function camille() {
  const env = makeService();
  const { service, clock } = env;
  const { prospect } = await service.handlers.trackContact({
    name: 'Camille Durand',
    emails: ['camille@northwind.example'],
  });
  const email = (key: string, kind: Touchpoint['kind'] = 'email_sent') => ({
    email: 'camille@northwind.example',
    channel: 'gmail' as const,
    kind,
    at: clock.now,
    key,
  });
  return { ...env, id: prospect.id, email };
}

describe('touch tallies', () => {
  it('count each logged touchpoint once, in the stage it was logged in; a retry adds nothing', async () => {
    const { service, db, clock, id, email } = await camille();
    await service.handlers.logTouchpoints({
      touchpoints: [email('gmail:1'), email('gmail:2', 'email_received')],
    });
    // The same message seen again (a rescan, a retry after a lost reply).
    await service.handlers.logTouchpoints({ touchpoints: [email('gmail:1')] });
    clock.now += 3_600_000;
    await service.handlers.advanceStage({ prospectId: id });
    await service.handlers.logTouchpoints({ touchpoints: [email('gmail:3'), email('gmail:4')] });
    const [first, second] = (await service.handlers.getProcess({})).process.stages.map(
      (stage) => stage.id,
    );
    expect(await expectTallied(db)).toEqual(
      sorted([
        {
          prospectId: id,
          counts: [
            { stageId: first ?? '', kind: 'email_received', count: 1 },
            { stageId: first ?? '', kind: 'email_sent', count: 1 },
            { stageId: second ?? '', kind: 'email_sent', count: 2 },
          ],
        },
      ]),
    );
  });

  it('count one add for several prospects, and not the rows a bulk add refused', async () => {
    const { service, db, id, email } = await camille();
    await service.handlers.logTouchpoints({ touchpoints: [email('gmail:1')] });
    const { prospect: other } = await service.handlers.trackContact({
      name: 'Léa Martin',
      emails: ['lea@contoso.example'],
    });
    const [logged] = await db.touchpoints.toArray();
    if (!logged) throw new Error('the log wrote nothing');
    const { id: _, ...fields } = logged;
    const row = (key: string, prospectId: string) => ({ ...fields, key, prospectId });
    // The tallies are read beside the add (touch-tallies.ts `added`): a row the add refuses
    // (here a dedupe key already held) must not be counted from that early read.
    await db.transaction('rw', db.touchpoints, db.touchTallies, async () => {
      const refused = await db.touchpoints
        .bulkAdd([row('gmail:2', id), row('gmail:1', id), row('other:1', other.id)])
        .then(
          () => 0,
          (error: { failures?: unknown[] }) => error.failures?.length ?? -1,
        );
      expect(refused).toBe(1);
    });
    expect(await db.touchpoints.count()).toBe(3);
    const tallies = await expectTallied(db);
    const counted = (prospectId: string) =>
      tallies
        .find((record) => record.prospectId === prospectId)
        ?.counts.reduce((total, row) => total + row.count, 0);
    expect([counted(id), counted(other.id)]).toEqual([2, 1]);
  });

  it('go to the kept prospect in a merge', async () => {
    const { service, db, id, email } = await camille();
    await service.handlers.logTouchpoints({ touchpoints: [email('gmail:1'), email('gmail:2')] });
    const linkedin = await service.handlers.trackContact({
      name: 'Camille Durand',
      emails: [],
      linkedinUrl: URL,
    });
    await service.handlers.logTouchpoints({
      touchpoints: [
        {
          linkedinUrl: URL,
          channel: 'linkedin',
          kind: 'linkedin_profile_view',
          at: 5,
          key: 'li:view:1',
        },
      ],
    });
    await service.handlers.mergeProspects({ keepId: linkedin.prospect.id, mergeId: id });
    const tallies = await expectTallied(db);
    expect(tallies.map((tally) => tally.prospectId)).toEqual([linkedin.prospect.id]);
    expect(tallies[0]?.counts.reduce((sum, row) => sum + row.count, 0)).toBe(3);
  });

  it('go with a deleted prospect, the sample data, and everything', async () => {
    const { service, db } = makeService();
    await service.handlers.loadSampleData({});
    expect((await expectTallied(db)).length).toBeGreaterThan(0);
    const real = await service.handlers.trackContact({
      name: 'Real Person',
      emails: ['real@customer.example'],
    });
    await service.handlers.logTouchpoints({
      touchpoints: [
        {
          prospectId: real.prospect.id,
          channel: 'manual',
          kind: 'call',
          at: 5,
          key: 'real:1',
        },
      ],
    });
    await service.handlers.removeSampleData({});
    expect((await expectTallied(db)).map((tally) => tally.prospectId)).toEqual([real.prospect.id]);
    await service.handlers.deleteProspect({ prospectId: real.prospect.id });
    expect(await expectTallied(db)).toEqual([]);

    await service.handlers.loadSampleData({});
    await service.handlers.deleteEverything({ confirm: 'delete everything' });
    expect(await db.touchTallies.count()).toBe(0);
  });

  it('are rebuilt by a restore, and a merge of the same backup adds nothing', async () => {
    const source = await camille();
    await source.service.handlers.logTouchpoints({
      touchpoints: [source.email('gmail:1'), source.email('gmail:2')],
    });
    const { backup } = await source.service.handlers.exportBackup({ appVersion: '0.1.0' });
    const text = JSON.stringify(backup);

    const target = await camille();
    await target.service.handlers.logTouchpoints({ touchpoints: [target.email('gmail:9')] });
    await target.service.handlers.restoreBackup({ text, mode: 'replace' });
    expect(await expectTallied(target.db)).toEqual(await expectTallied(source.db));
    await target.service.handlers.restoreBackup({ text, mode: 'merge' });
    expect(await expectTallied(target.db)).toEqual(await expectTallied(source.db));
  });

  it("follow team sync's apply: deleted and added touchpoints, a prospect gone", async () => {
    const { service, store, db, id, email } = await camille();
    await service.handlers.logTouchpoints({ touchpoints: [email('gmail:1'), email('gmail:2')] });
    const other = await service.handlers.trackContact({
      name: 'Bea Rossi',
      emails: ['bea@rossi.example'],
    });
    await service.handlers.logTouchpoints({
      touchpoints: [
        { prospectId: other.prospect.id, channel: 'manual', kind: 'call', at: 5, key: 'b:1' },
      ],
    });
    const prospect = await store.prospects.require(id);
    const [first] = await store.touchpoints.of(id);
    await store.sync.apply(
      new Map([
        [
          id,
          {
            prospect,
            deleteStageChanges: [],
            addStageChanges: [],
            deleteTouchpoints: [first?.id ?? -1],
            addTouchpoints: [
              { ...email('gmail:remote'), prospectId: id, stageId: prospect.stageId },
              { ...email('gmail:remote-2', 'email_received'), prospectId: id, stageId: 'won' },
            ].map(({ email: _email, ...touchpoint }) => touchpoint),
            changed: true,
          },
        ],
        [
          other.prospect.id,
          {
            prospect: null,
            deleteStageChanges: [],
            addStageChanges: [],
            deleteTouchpoints: [],
            addTouchpoints: [],
            changed: true,
          },
        ],
      ]),
    );
    const tallies = await expectTallied(db);
    expect(tallies.map((tally) => tally.prospectId)).toEqual([id]);
    expect(tallies[0]?.counts.reduce((sum, row) => sum + row.count, 0)).toBe(3);
  });

  it('refuse a touchpoint write whose transaction leaves them out, and nothing is written', async () => {
    const { db, id } = await camille();
    const write = db.transaction('rw', db.touchpoints, () =>
      db.touchpoints.add({
        prospectId: id,
        channel: 'manual',
        kind: 'call',
        at: 1,
        stageId: 'prospect',
        key: 'bypass:1',
      }),
    );
    await expect(write).rejects.toThrow(/without touchTallies/);
    expect(await db.touchpoints.count()).toBe(0);
  });
});
