/**
 * Upgrade tests: for every past schema version, open the database as that version with records
 * in every store, close it, open it with the current schema, and check every record is intact.
 * A new version(n) adds its fixture records to FIXTURES and, if it moves data, its own
 * expectations below.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, openDb, SCHEMA_HISTORY } from './db.ts';

const FIXTURES: Record<string, unknown[]> = {
  prospects: [
    {
      id: 'p1',
      name: 'Ana Lima',
      emails: ['ana@lima.example'],
      linkedinUrl: 'https://www.linkedin.com/in/ana-lima/',
      stageId: 'contacted',
      stageEnteredAt: 20,
      status: 'open',
      createdAt: 10,
      updatedAt: 20,
    },
  ],
  touchpoints: [
    {
      id: 1,
      prospectId: 'p1',
      channel: 'gmail',
      kind: 'email_sent',
      at: 15,
      stageId: 'prospect',
      key: 'gmail:a:ana',
    },
  ],
  stageChanges: [
    { id: 1, prospectId: 'p1', from: null, to: 'prospect', at: 10 },
    { id: 2, prospectId: 'p1', from: 'prospect', to: 'contacted', at: 20 },
  ],
  actionChecks: [{ prospectId: 'p1', stageId: 'prospect', actionId: 'research', doneAt: 12 }],
  processes: [{ id: 'default', savedAt: 1, stages: [], lostReasons: [] }],
  settings: [
    {
      key: 'app',
      value: {
        autoTrackRecipients: true,
        ignoredDomains: [],
        passiveLinkedin: false,
        remindersEnabled: false,
      },
    },
  ],
  // Derived from the touchpoints above, from version 7 on.
  touchTallies: [
    { prospectId: 'p1', counts: [{ stageId: 'prospect', kind: 'email_sent', count: 1 }] },
  ],
  // Written from version 3 on (the upgrade test for 3 opens a v3 database holding it).
  snapshots: [{ id: 'dashboard-stamp', token: 't1' }],
  health: [
    {
      id: 'gmail:conversation',
      site: 'gmail',
      detector: 'conversation',
      ok: true,
      at: 5,
      failures: 0,
    },
  ],
};

describe('database schema', () => {
  it('is named etape with the contract stores', async () => {
    const db = openDb(`etape-names-${Math.random()}`);
    await db.open();
    expect(db.tables.map((table) => table.name).sort()).toEqual(
      [
        'actionChecks',
        'health',
        'processes',
        'prospectWords',
        'prospects',
        'settings',
        'snapshots',
        'stageChanges',
        'touchTallies',
        'touchpoints',
      ].sort(),
    );
    expect(openDb().name).toBe('etape');
    db.close();
  });

  it('refuses a second touchpoint with the same key at the database level', async () => {
    const db = openDb(`etape-unique-${Math.random()}`);
    const touchpoint = FIXTURES.touchpoints?.[0] as Record<string, unknown>;
    const add = () =>
      db.transaction('rw', [db.touchpoints, db.touchTallies], () =>
        db.touchpoints.add({ ...touchpoint, id: undefined } as never),
      );
    await add();
    await expect(add()).rejects.toThrow();
    expect(await db.touchpoints.count()).toBe(1);
    // The refused copy is not counted either.
    expect(await db.touchTallies.toArray()).toEqual(FIXTURES.touchTallies);
    db.close();
  });

  it.each(SCHEMA_HISTORY.map((step) => step.version))(
    'upgrades a version %i database to the current one keeping every record',
    async (version) => {
      const name = `etape-upgrade-${version}-${Math.random()}`;
      const old = openDb(
        name,
        SCHEMA_HISTORY.filter((step) => step.version <= version),
      );
      await old.open();
      await old.transaction('rw', old.tables, async () => {
        for (const table of old.tables) {
          // Written by the touchpoint writes themselves (store/touch-tallies.ts).
          if (table.name === 'touchTallies') continue;
          await table.bulkAdd((FIXTURES[table.name] ?? []) as never[]);
        }
      });
      // Stores a later version added start empty; every store the old version had keeps its records.
      const stores = old.tables.map((table) => table.name);
      old.close();

      const current = openDb(name);
      await current.open();
      expect(current.verno).toBe(CURRENT_VERSION);
      for (const store of stores) {
        expect(await current.table(store).toArray(), store).toEqual(FIXTURES[store] ?? []);
      }
      current.close();
    },
  );

  it('version 2 indexes prospects written under version 1 by [stageId+stageEnteredAt]', async () => {
    const name = `etape-upgrade-stage-index-${Math.random()}`;
    const old = openDb(
      name,
      SCHEMA_HISTORY.filter((step) => step.version === 1),
    );
    await old.open();
    await old.prospects.bulkAdd(FIXTURES.prospects as never[]);
    old.close();
    const current = openDb(name);
    await current.open();
    const found = await current.prospects
      .where('[stageId+stageEnteredAt]')
      .between(['contacted', 0], ['contacted', 20], true, true)
      .toArray();
    expect(found.map((prospect) => prospect.id)).toEqual(['p1']);
    current.close();
  });

  it('version 4 finds prospects written under version 3 by member id, and keeps legacy URLs', async () => {
    const name = `etape-upgrade-member-id-${Math.random()}`;
    const old = openDb(
      name,
      SCHEMA_HISTORY.filter((step) => step.version <= 3),
    );
    await old.open();
    const member = 'ACoAACxYz12AbCdEfGhIjKlMnOpQrStUvWxYz_-9';
    const records = [
      ...(FIXTURES.prospects as Array<Record<string, unknown>>),
      // What the old code stored for a member-id URL: lower-cased (its case is lost for good).
      {
        ...(FIXTURES.prospects?.[0] as Record<string, unknown>),
        id: 'legacy',
        emails: [],
        linkedinUrl: `https://www.linkedin.com/in/${member.toLowerCase()}/`,
      },
      // A field the version-3 schema did not index (e.g. written by a newer build, then downgraded).
      {
        ...(FIXTURES.prospects?.[0] as Record<string, unknown>),
        id: 'with-id',
        emails: [],
        linkedinUrl: undefined,
        linkedinMemberId: member,
      },
    ];
    await old.prospects.bulkAdd(records as never[]);
    old.close();
    const current = openDb(name);
    await current.open();
    // In primary-key order, as the store gives them.
    const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      String(a.id).localeCompare(String(b.id));
    expect(await current.prospects.toArray()).toEqual([...records].sort(byId));
    expect(
      (await current.prospects.where('linkedinMemberId').equals(member).toArray()).map((p) => p.id),
    ).toEqual(['with-id']);
    expect(
      (
        await current.prospects
          .where('linkedinUrl')
          .equals(`https://www.linkedin.com/in/${member.toLowerCase()}/`)
          .toArray()
      ).map((p) => p.id),
    ).toEqual(['legacy']);
    current.close();
  });

  it('version 5 gives every prospect written under version 4 its search words', async () => {
    const name = `etape-upgrade-words-${Math.random()}`;
    const old = openDb(
      name,
      SCHEMA_HISTORY.filter((step) => step.version <= 4),
    );
    await old.open();
    const prospects = [
      ...(FIXTURES.prospects as Array<Record<string, unknown>>),
      {
        ...(FIXTURES.prospects?.[0] as Record<string, unknown>),
        id: 'p2',
        name: 'Chloé Martin-Durand',
        emails: ['chloe@northwind.example'],
        company: 'Northwind SAS',
      },
    ];
    await old.prospects.bulkAdd(prospects as never[]);
    old.close();
    const current = openDb(name);
    await current.open();
    expect(await current.prospects.toArray()).toEqual(prospects);
    expect((await current.prospectWords.toArray()).map((record) => record.id)).toEqual([
      'p1',
      'p2',
    ]);
    // A prospect with two words starting alike comes twice from a multi-entry range.
    const find = async (word: string) => [
      ...new Set(await current.prospectWords.where('words').startsWith(word).primaryKeys()),
    ];
    expect(await find('chloe')).toEqual(['p2']);
    expect(await find('durand')).toEqual(['p2']);
    expect(await find('lima')).toEqual(['p1']);
    expect(await find('northwind')).toEqual(['p2']);
    current.close();
  });

  it('version 6 keeps every record written under version 5 and finds them by rep', async () => {
    const name = `etape-upgrade-owner-${Math.random()}`;
    const old = openDb(
      name,
      SCHEMA_HISTORY.filter((step) => step.version <= 5),
    );
    await old.open();
    const prospects = [
      ...(FIXTURES.prospects as Array<Record<string, unknown>>),
      // Written by a newer build (or synced), then opened by this upgrade: the field stays.
      { ...(FIXTURES.prospects?.[0] as Record<string, unknown>), id: 'p2', ownerRep: 'Bea' },
    ];
    const changes = [
      ...(FIXTURES.stageChanges as Array<Record<string, unknown>>),
      { id: 3, prospectId: 'p2', from: null, to: 'prospect', at: 10, ownerRep: 'Bea' },
    ];
    await old.prospects.bulkAdd(prospects as never[]);
    await old.stageChanges.bulkAdd(changes as never[]);
    await old.touchpoints.bulkAdd(FIXTURES.touchpoints as never[]);
    old.close();
    const current = openDb(name);
    await current.open();
    expect(await current.prospects.toArray()).toEqual(prospects);
    expect(await current.stageChanges.toArray()).toEqual(changes);
    expect(await current.touchpoints.toArray()).toEqual(FIXTURES.touchpoints);
    expect(await current.prospects.where('ownerRep').equals('Bea').primaryKeys()).toEqual(['p2']);
    expect(await current.stageChanges.where('ownerRep').equals('Bea').primaryKeys()).toEqual([3]);
    current.close();
  });
  it('version 7 counts every touchpoint written under version 6 by prospect, stage and kind', async () => {
    const name = `etape-upgrade-tallies-${Math.random()}`;
    const old = openDb(
      name,
      SCHEMA_HISTORY.filter((step) => step.version <= 6),
    );
    await old.open();
    const touchpoint = FIXTURES.touchpoints?.[0] as Record<string, unknown>;
    // More than one page of the upgrade's reads (20,000), and ids with gaps.
    const touchpoints = Array.from({ length: 20_003 }, (_, index) => ({
      ...touchpoint,
      id: index < 3 ? index + 1 : index * 2,
      prospectId: index % 3 === 0 ? 'p1' : 'p2',
      stageId: index % 5 === 0 ? 'prospect' : 'contacted',
      kind: index === 20_002 ? 'call' : 'email_sent',
      key: `gmail:${index}`,
    }));
    await old.touchpoints.bulkAdd(touchpoints as never[]);
    old.close();
    const current = openDb(name);
    await current.open();
    const expected = new Map<string, number>();
    for (const item of touchpoints) {
      const slot = `${item.prospectId} ${item.stageId} ${item.kind}`;
      expected.set(slot, (expected.get(slot) ?? 0) + 1);
    }
    const counted = new Map<string, number>();
    for (const tally of await current.touchTallies.toArray())
      for (const row of tally.counts)
        counted.set(`${tally.prospectId} ${row.stageId} ${row.kind}`, row.count);
    expect(counted).toEqual(expected);
    expect(await current.touchpoints.count()).toBe(touchpoints.length);
    current.close();
  });
});
