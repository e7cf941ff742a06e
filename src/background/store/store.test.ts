/**
 * The store's write rules and read paths: every record through its schema, `updatedAt` kept
 * moving forward (the dashboard snapshot's contract), search words kept with each prospect.
 */
import { describe, expect, it } from 'vitest';
import type { Prospect } from '../../shared/schemas.ts';
import { makeService, snapshot } from '../test-helpers.ts';
import { COUNTED } from './search.ts';

function person(id: string, overrides: Partial<Prospect> = {}): Prospect {
  return {
    id,
    name: `Person ${id}`,
    emails: [],
    stageId: 'prospect',
    stageEnteredAt: 1000,
    status: 'open',
    createdAt: 1000,
    updatedAt: 1000,
    ...overrides,
  };
}

describe('prospect writes', () => {
  it('refuses an invalid record and writes nothing', async () => {
    const { store, db } = makeService();
    await store.prospects.add(person('a'));
    const before = await snapshot(db);
    await expect(store.prospects.put(person('a', { name: '' }))).rejects.toThrow();
    await expect(
      store.prospects.put(person('a', { emails: ['not an address'] })),
    ).rejects.toThrow();
    await expect(
      store.prospects.addMany([person('b'), person('c', { status: 'x' as never })]),
    ).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
  });

  it('moves updatedAt forward with every change, never backwards', async () => {
    const { store, clock } = makeService();
    await store.prospects.add(person('a'));
    const put = await store.prospects.put(person('a', { company: 'Acme' }));
    expect(put.updatedAt).toBe(clock.now);
    const ahead = clock.now + 5000;
    await store.prospects.put(person('a', { updatedAt: ahead }));
    expect((await store.prospects.put(person('a', { updatedAt: 1 }))).updatedAt).toBe(clock.now);
    expect((await store.prospects.put(person('a', { updatedAt: ahead }))).updatedAt).toBe(ahead);
  });

  it('leaves updatedAt and the words alone for the denormalized last touch', async () => {
    const { store } = makeService();
    const a = await store.prospects.add(person('a'));
    await store.prospects.setLastTouch(a, 5000);
    await store.prospects.setLastTouch({ ...a, lastTouchAt: 5000 }, 4000);
    expect(await store.prospects.get('a')).toEqual({ ...a, lastTouchAt: 5000 });
  });

  it('keeps the search words with the record: renamed, found by the new name only; deleted, gone', async () => {
    const { store } = makeService();
    await store.prospects.add(person('a', { name: 'Ana Lima' }));
    const ids = async (query: string) =>
      (await store.prospects.search(query, { limit: 10 })).prospects.map((p) => p.id);
    expect(await ids('lima')).toEqual(['a']);
    await store.prospects.put(person('a', { name: 'Ana Souza' }));
    expect(await ids('lima')).toEqual([]);
    expect(await ids('souza')).toEqual(['a']);
    await store.prospects.delete(['a']);
    expect(await ids('souza')).toEqual([]);
  });
});

describe('prospect search', () => {
  it('needs every query word, newest first, with the total of matches', async () => {
    const { store } = makeService();
    await store.prospects.putVerbatim([
      person('a', { name: 'Ana Lima', company: 'Northwind', updatedAt: 3 }),
      person('b', { name: 'Bo Lima', emails: ['bo@quarry.example'], updatedAt: 5 }),
      person('c', { name: 'Cy Stone', company: 'Northwind', updatedAt: 4, status: 'won' }),
    ]);
    const search = (query: string, status?: Prospect['status']) =>
      store.prospects.search(query, { limit: 10, status, withTotal: true });
    expect((await search('lima')).prospects.map((p) => p.id)).toEqual(['b', 'a']);
    expect((await search('lima north')).prospects.map((p) => p.id)).toEqual(['a']);
    expect((await search('quarry lima')).prospects.map((p) => p.id)).toEqual(['b']);
    expect(await search('northwind', 'won')).toMatchObject({ total: 1, prospects: [{ id: 'c' }] });
    expect(await search('nobody')).toEqual({ prospects: [], total: 0 });
  });

  it('gives the same answer when matches are too many to read one by one', async () => {
    const { store } = makeService();
    const many = Array.from({ length: 2100 }, (_, i) =>
      person(`p${String(i).padStart(4, '0')}`, {
        name: `Seed ${i % 2 === 0 ? 'Even' : 'Odd'} ${i}`,
        updatedAt: 1000 + (i % 50),
      }),
    );
    await store.prospects.putVerbatim(many);
    const even = many
      .filter((_, i) => i % 2 === 0)
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
    const found = await store.prospects.search('seed even', { limit: 25, withTotal: true });
    // Matches abound: counted up to COUNTED, not by reading every matching key.
    expect(found.total).toBe(COUNTED);
    // Counted up to the limit asked for when that is more.
    expect((await store.prospects.search('seed even', { limit: 500, withTotal: true })).total).toBe(
      500,
    );
    expect(await store.prospects.search('even seed', { limit: 25 })).toEqual({
      prospects: found.prospects,
      total: 25,
    });
    expect(found.prospects.map((p) => p.id)).toEqual(even.slice(0, 25).map((p) => p.id));
    // "10" is rare enough (111 prospects): the candidates path, counted exactly.
    const few = await store.prospects.search('even 10', { limit: 20, withTotal: true });
    const ones = even.filter((p) => p.name.split(' ')[2]?.startsWith('10'));
    expect(few.total).toBe(ones.length);
    expect(few.prospects.map((p) => p.id)).toEqual(ones.slice(0, 20).map((p) => p.id));
  });

  it('ends a query with a word nobody has without reading a common word beside it', async () => {
    const { store, db } = makeService();
    await store.prospects.putVerbatim(
      Array.from({ length: 1200 }, (_, i) => person(`p${i}`, { name: `Seed ${i}` })),
    );
    // Keys the word index hands back, counted where Dexie reads them (its DBCore layer).
    let keysRead = 0;
    db.use({
      stack: 'dbcore',
      name: 'count-word-keys',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'prospectWords') return table;
          return {
            ...table,
            query: async (request) => {
              const response = await table.query(request);
              keysRead += response.result.length;
              return response;
            },
          };
        },
      }),
    });
    // The stack is built when the database opens.
    db.close();
    await db.open();
    expect(await store.prospects.search('seed nobody', { limit: 20, withTotal: true })).toEqual({
      prospects: [],
      total: 0,
    });
    // One key for "seed", none for "nobody": not the 1,001 a range read of "seed" costs.
    expect(keysRead).toBe(1);
    keysRead = 0;
    expect((await store.prospects.search('seed 1199', { limit: 20 })).prospects).toEqual([
      expect.objectContaining({ id: 'p1199' }),
    ]);
    expect(keysRead).toBeGreaterThan(1);
  });

  it('lists without a query: newest first, total from the index', async () => {
    const { store } = makeService();
    await store.prospects.putVerbatim([
      person('a', { updatedAt: 3 }),
      person('b', { updatedAt: 5, status: 'won' }),
      person('c', { updatedAt: 4 }),
    ]);
    expect(await store.prospects.list({ limit: 2 })).toMatchObject({
      total: 3,
      prospects: [{ id: 'b' }, { id: 'c' }],
    });
    expect(await store.prospects.list({ limit: 5, status: 'open' })).toMatchObject({
      total: 2,
      prospects: [{ id: 'c' }, { id: 'a' }],
    });
  });
});

describe('history writes', () => {
  it('validates touchpoints, stage changes and action checks', async () => {
    const { store, db } = makeService();
    await store.prospects.add(person('a'));
    const before = await snapshot(db);
    const touchpoint = {
      prospectId: 'a',
      channel: 'gmail' as const,
      kind: 'email_sent' as const,
      at: 1,
      stageId: 'prospect',
      key: 'k',
    };
    await expect(
      store.touchpoints.addMany([touchpoint, { ...touchpoint, key: '', at: 2 }]),
    ).rejects.toThrow();
    await expect(
      store.stageChanges.add({ prospectId: 'a', from: null, to: '', at: 1 }),
    ).rejects.toThrow();
    await expect(
      store.actionChecks.add({ prospectId: 'a', stageId: 's', actionId: 'x', doneAt: -1 }),
    ).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
  });

  it('reads one prospect through its range, oldest first, newest first, first, count', async () => {
    const { store } = makeService();
    const at = [30, 10, 20];
    await store.touchpoints.addMany(
      at.map((time, i) => ({
        prospectId: 'a',
        channel: 'manual',
        kind: 'note',
        at: time,
        stageId: 'prospect',
        key: `a${i}`,
      })),
    );
    await store.touchpoints.addMany([
      { prospectId: 'b', channel: 'manual', kind: 'note', at: 5, stageId: 'prospect', key: 'b' },
    ]);
    expect((await store.touchpoints.of('a')).map((t) => t.at)).toEqual([10, 20, 30]);
    expect((await store.touchpoints.newest('a', 2)).map((t) => t.at)).toEqual([30, 20]);
    expect(await store.touchpoints.firstAt('a')).toBe(10);
    expect(await store.touchpoints.count('a')).toBe(3);
    expect((await store.touchpoints.between('a', 15, 30)).map((t) => t.at)).toEqual([20, 30]);
    expect(await store.touchpoints.existingKeys(['a1', 'zz', 'b'])).toEqual(new Set(['a1', 'b']));
  });
});
