import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type Backup } from '../../shared/backup.ts';
import { makeService, snapshot } from '../test-helpers.ts';

/** A database with a bit of everything: two prospects, history, touchpoints, checks, settings. */
async function populated() {
  const ctx = makeService();
  const { service, clock } = ctx;
  const { prospect: ana } = await service.handlers.trackContact({
    name: 'Ana Lima',
    emails: ['ana@lima.example'],
    company: 'Lima',
  });
  const { prospect: bob } = await service.handlers.trackContact({
    name: 'Bob <b>Bold</b>',
    emails: [],
    linkedinUrl: 'https://www.linkedin.com/in/bob/',
  });
  clock.now += 1000;
  await service.handlers.advanceStage({ prospectId: ana.id });
  await service.handlers.markLost({ prospectId: bob.id, reason: 'Price' });
  await service.handlers.logTouchpoints({
    touchpoints: [
      {
        email: 'ana@lima.example',
        channel: 'gmail',
        kind: 'email_sent',
        at: clock.now,
        key: 'gmail:1:ana',
        summary: 'Hello',
      },
      {
        linkedinUrl: 'https://www.linkedin.com/in/bob/',
        channel: 'linkedin',
        kind: 'linkedin_profile_view',
        at: clock.now,
        key: 'li:bob',
      },
    ],
  });
  await service.handlers.checkAction({
    prospectId: ana.id,
    stageId: 'contacted',
    actionId: 'connect',
    done: true,
  });
  await service.handlers.updateSettings({ settings: { ignoredDomains: ['noise.example'] } });
  return { ...ctx, ana, bob };
}

async function backupText(service: ReturnType<typeof makeService>['service']): Promise<string> {
  return JSON.stringify((await service.handlers.exportBackup({ appVersion: '0.1.0' })).backup);
}

const WITHOUT_HEALTH = (all: Record<string, unknown[]>) => {
  const { health: _health, ...rest } = all;
  return rest;
};

describe('backup and restore', () => {
  it('round trip: backup → delete everything → restore gives identical stores', async () => {
    const { service, db } = await populated();
    const before = WITHOUT_HEALTH(await snapshot(db));
    const text = await backupText(service);
    const backup = JSON.parse(text) as Backup;
    expect(backup).toMatchObject({
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: '0.1.0',
    });

    await service.handlers.deleteEverything({ confirm: 'delete everything' });
    expect(await db.prospects.count()).toBe(0);
    expect(await db.touchpoints.count()).toBe(0);

    const restored = await service.handlers.restoreBackup({ text, mode: 'replace' });
    expect(restored.counts).toMatchObject({
      prospects: 2,
      touchpoints: 2,
      stageChanges: 4,
      actionChecks: 1,
    });
    expect(WITHOUT_HEALTH(await snapshot(db))).toEqual(before);
  });

  const refusals: Array<[string, (text: string) => string, RegExp]> = [
    ['corrupt JSON', (text) => text.replace('"prospects"', '"prospects" oops'), /not valid JSON/],
    ['a truncated file', (text) => text.slice(0, Math.floor(text.length / 2)), /cut short/],
    ['a foreign JSON file', () => JSON.stringify({ hello: 'world' }), /not an Etape backup/],
    [
      'a newer format',
      (text) => text.replace(`"formatVersion":${BACKUP_FORMAT_VERSION}`, '"formatVersion":99'),
      /newer Etape/,
    ],
    [
      'a record that breaks the schema',
      (text) => text.replace('"ana@lima.example"', '"not an email"'),
      /Invalid backup.*at data\.prospects\.0\.emails\.0/,
    ],
    [
      'a touchpoint of nobody',
      (text) => text.replace(/"prospectId":"p1"/, '"prospectId":"ghost"'),
      /belongs to no prospect/,
    ],
  ];

  it.each(refusals)(
    'refuses %s with a message and leaves the database exactly as it was',
    async (_label, spoil, message) => {
      const { service, db } = await populated();
      const text = await backupText(service);
      // Make the database differ from the backup, so a partial restore would show.
      await service.handlers.trackContact({ name: 'Only Here', emails: ['only@here.example'] });
      const before = await snapshot(db);
      for (const mode of ['replace', 'merge'] as const) {
        const reply = await service.handle({ type: 'restoreBackup', text: spoil(text), mode });
        expect(reply.ok).toBe(false);
        if (!reply.ok) expect(reply.error.message).toMatch(message);
      }
      expect(await snapshot(db)).toEqual(before);
    },
  );

  it('merge: same people and touchpoints are not doubled, new ones are added, nothing here is lost', async () => {
    const source = await populated();
    const text = await backupText(source.service);

    const target = makeService();
    // Ana already exists here under another id, with another address and a touchpoint.
    const { prospect: localAna } = await target.service.handlers.trackContact({
      name: 'Ana L.',
      emails: ['ana@lima.example', 'ana@perso.example'],
    });
    await target.service.handlers.logTouchpoints({
      touchpoints: [
        {
          email: 'ana@lima.example',
          channel: 'gmail',
          kind: 'email_sent',
          at: target.clock.now,
          key: 'gmail:1:ana',
        },
        {
          email: 'ana@perso.example',
          channel: 'gmail',
          kind: 'email_received',
          at: target.clock.now,
          key: 'gmail:local',
        },
      ],
    });

    const { counts } = await target.service.handlers.restoreBackup({ text, mode: 'merge' });
    expect(counts.prospects).toBe(1); // Bob only
    const prospects = await target.db.prospects.toArray();
    expect(prospects).toHaveLength(2);
    const ana = prospects.find((prospect) => prospect.id === localAna.id);
    expect(ana?.emails.sort()).toEqual(['ana@lima.example', 'ana@perso.example']);
    // The same touchpoint key is stored once; the local one is kept.
    expect((await target.db.touchpoints.toArray()).map((t) => t.key).sort()).toEqual([
      'gmail:1:ana',
      'gmail:local',
      'li:bob',
    ]);
    // Ana's history from the backup now belongs to the local Ana, and her stage follows it.
    expect(ana?.stageId).toBe('contacted');
    expect((await target.db.actionChecks.toArray())[0]?.prospectId).toBe(localAna.id);
    // Merging the same file again changes nothing.
    const again = await snapshot(target.db);
    await target.service.handlers.restoreBackup({ text, mode: 'merge' });
    expect(await snapshot(target.db)).toEqual(again);
  });
});

describe('import and deletion', () => {
  it('imports valid rows in one go, merging the same person instead of doubling', async () => {
    const { service, db } = await populated();
    // Through the boundary, which lower-cases addresses before the handler sees them.
    const reply = await service.handle({
      type: 'importProspects',
      prospects: [
        { name: 'Ana Lima', emails: ['ANA@lima.example'], title: 'CEO' },
        { name: 'Chloé Martin', emails: ['chloe@martin.example'], company: 'Martin' },
        { name: 'Chloé M.', emails: ['chloe@martin.example'] },
      ],
    });
    expect(reply).toEqual({ ok: true, data: { created: 1, merged: 2 } });
    expect(await db.prospects.count()).toBe(3);
    expect((await db.prospects.where('emails').equals('ana@lima.example').first())?.title).toBe(
      'CEO',
    );
  });

  it('refuses an import with an invalid row and writes nothing', async () => {
    const { service, db } = await populated();
    const before = await snapshot(db);
    const reply = await service.handle({
      type: 'importProspects',
      prospects: [
        { name: 'Fine', emails: ['fine@x.example'] },
        { name: '', emails: [] },
      ],
    });
    expect(reply.ok).toBe(false);
    expect(await snapshot(db)).toEqual(before);
  });

  it('deletes one prospect with all its records and nothing else', async () => {
    const { service, db, ana, bob } = await populated();
    const { removed } = await service.handlers.deleteProspect({ prospectId: ana.id });
    expect(removed).toEqual({ touchpoints: 1, stageChanges: 2, actionChecks: 1 });
    expect(await db.prospects.toArray()).toMatchObject([{ id: bob.id }]);
    expect((await db.touchpoints.toArray()).every((t) => t.prospectId === bob.id)).toBe(true);
    expect((await db.stageChanges.toArray()).every((c) => c.prospectId === bob.id)).toBe(true);
  });

  it('deletes everything only with the confirmation phrase', async () => {
    const { service, db } = await populated();
    const before = await snapshot(db);
    expect((await service.handle({ type: 'deleteEverything', confirm: 'yes' })).ok).toBe(false);
    expect(await snapshot(db)).toEqual(before);
    expect(
      (await service.handle({ type: 'deleteEverything', confirm: 'delete everything' })).ok,
    ).toBe(true);
    for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
  });
});
