/**
 * The sync host with a recording engine (the engine itself runs against a real server in
 * e2e/sync.e2e.ts): settings kept in extension storage, never in the database; what changed is
 * kept across a worker stop and a failed run; refused credentials are not retried by the alarm;
 * the store stamps the connected rep on what it writes.
 */
import { describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../shared/sync-status.ts';
import { openDb } from '../db.ts';
import { createService } from '../service.ts';
import {
  createSyncHost,
  type DirtySet,
  type RunResult,
  SYNC_ALARM,
  SYNC_CONFIG_KEY,
  SYNC_DIRTY_KEY,
  type SyncEngine,
} from './host.ts';

function setup(
  options: { check?: RunResult | null; results?: RunResult[]; gate?: Promise<void> } = {},
) {
  const items = new Map<string, unknown>();
  const storage = {
    async get(key: string) {
      return items.has(key) ? { [key]: structuredClone(items.get(key)) } : {};
    },
    async set(values: Record<string, unknown>) {
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
    async remove(key: string) {
      items.delete(key);
    },
  };
  const alarms = new Set<string>();
  const runs: DirtySet[] = [];
  const forgotten: string[] = [];
  const results = [...(options.results ?? [])];
  const engine: SyncEngine = {
    async check() {
      return options.check ?? null;
    },
    async run(_config, dirty) {
      runs.push(structuredClone(dirty));
      await options.gate;
      return results.shift() ?? { state: 'synced', pending: 0 };
    },
    async forget(config) {
      forgotten.push(config.url);
    },
  };
  const timers: Array<() => void> = [];
  const makeHost = () =>
    createSyncHost({
      storage,
      alarms: {
        create: (name) => {
          alarms.add(name);
        },
        clear: async (name) => alarms.delete(name),
      },
      keepAlive: async () => undefined,
      loadEngine: async () => engine,
      now: () => 1000,
      setTimer: (run) => timers.push(run),
      clearTimer: () => undefined,
    });
  const host = makeHost();
  const db = openDb(`etape-sync-host-${Math.random()}`);
  let ids = 0;
  const service = createService({
    db,
    now: () => 500,
    locale: 'en',
    newId: () => `p${++ids}`,
    notify: (event) => host.noteChange(event),
    sync: host,
  });
  const fire = async () => {
    for (const run of timers.splice(0)) run();
    await host.idle();
  };
  return { host, makeHost, service, db, items, alarms, runs, forgotten, fire };
}

const CONNECT = {
  type: 'syncConnect',
  url: 'https://couch.example.com/acme-sales/',
  user: 'ana',
  password: 's3cret',
  repName: 'Ana',
};

async function send<T>(service: ReturnType<typeof setup>['service'], message: object): Promise<T> {
  const reply = await service.handle(message);
  if (!reply.ok)
    throw Object.assign(new Error(reply.error.message), { reason: reply.error.reason });
  return reply.data as T;
}

describe('sync host', () => {
  it('is off until connected, and refuses an address that is not https (loopback aside)', async () => {
    const { service, items, runs } = setup();
    expect(await send(service, { type: 'syncStatus' })).toEqual({ state: 'off' });
    for (const url of [
      'not a url',
      'http://couch.example.com/team',
      'https://ana:pw@couch.example.com/team',
      'https://couch.example.com/',
      'https://couch.example.com/team?x=1',
      'ftp://couch.example.com/team',
    ]) {
      const refused = { state: 'error', reason: 'syncBadUrl' };
      expect(await send(service, { ...CONNECT, url }), url).toEqual(refused);
      // Shown until the next Connect or a Disconnect (the form polls the status).
      expect(await send(service, { type: 'syncStatus' })).toEqual(refused);
    }
    expect(items.has(SYNC_CONFIG_KEY)).toBe(false);
    expect(runs).toEqual([]);
    expect(await send(service, { type: 'syncDisconnect' })).toEqual({ state: 'off' });
    await expect(send(service, { type: 'syncNow' })).rejects.toMatchObject({
      reason: 'syncNotConnected',
    });
  });

  it('connects: credentials in extension storage only, earlier records claimed, a full first run', async () => {
    const { service, host, db, items, alarms, runs } = setup();
    await send(service, { type: 'trackContact', name: 'Dara Okafor', emails: [] });
    const status = await send<SyncStatus>(service, CONNECT);
    expect(status).toMatchObject({
      url: 'https://couch.example.com/acme-sales',
      user: 'ana',
      repName: 'Ana',
    });
    expect(JSON.stringify(status)).not.toContain('s3cret');
    await host.idle();
    expect(runs[0]).toEqual({ ids: [], all: true, process: true });
    expect(await send(service, { type: 'syncStatus' })).toMatchObject({
      state: 'synced',
      lastSyncAt: 1000,
      pending: 0,
    });
    expect((items.get(SYNC_CONFIG_KEY) as { password: string }).password).toBe('s3cret');
    expect(alarms.has(SYNC_ALARM)).toBe(true);
    // Nothing of it in any table (backups read the tables).
    for (const table of db.tables)
      expect(JSON.stringify(await table.toArray())).not.toContain('s3cret');
    expect((await db.prospects.toArray()).map((p) => p.ownerRep)).toEqual(['Ana']);
    // Written while connected: the rep's from the start (the history made before keeps no
    // owner, which means this browser's rep: store/sync.ts claimUnowned).
    await send(service, { type: 'trackContact', name: 'Eli Moreau', emails: [] });
    expect((await db.stageChanges.toArray()).map((c) => c.ownerRep)).toEqual([undefined, 'Ana']);
  });

  it('pushes changes after a pause; a failed run keeps them, a stopped worker too', async () => {
    const { service, host, makeHost, items, runs, fire } = setup({
      results: [
        { state: 'synced', pending: 0 },
        { state: 'offline', reason: 'syncUnreachable', pending: 3 },
      ],
    });
    await send(service, CONNECT);
    await host.idle();
    const { prospect } = await send<{ prospect: { id: string } }>(service, {
      type: 'trackContact',
      name: 'Ana Lima',
      emails: [],
    });
    expect(items.get(SYNC_DIRTY_KEY)).toEqual({ ids: [prospect.id], all: false, process: false });
    await fire();
    expect(runs[1]?.ids).toEqual([prospect.id]);
    expect(await host.status()).toMatchObject({ state: 'offline', reason: 'syncUnreachable' });
    // The worker stops; a new one reads what is still to push.
    const restarted = makeHost();
    await restarted.start();
    expect(await restarted.status()).toMatchObject({ state: 'offline', pending: 1 });
    expect(items.get(SYNC_DIRTY_KEY)).toEqual({ ids: [prospect.id], all: false, process: false });
  });

  it('does not retry refused credentials on the alarm, and forgets everything on disconnect', async () => {
    const { service, host, items, alarms, runs, forgotten } = setup({
      check: { state: 'error', reason: 'syncWrongPassword', pending: 0 },
    });
    expect(await send(service, CONNECT)).toMatchObject({
      state: 'error',
      reason: 'syncWrongPassword',
    });
    await host.onAlarm(SYNC_ALARM);
    expect(runs).toEqual([]);
    expect(await send(service, { type: 'syncDisconnect' })).toEqual({ state: 'off' });
    expect(items.has(SYNC_CONFIG_KEY)).toBe(false);
    expect(alarms.has(SYNC_ALARM)).toBe(false);
    expect(forgotten).toEqual(['https://couch.example.com/acme-sales']);
    expect(host.repName()).toBeUndefined();
  });

  it('keeps what a run took stored until it is pushed (the worker may stop mid-run)', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { service, items, runs, fire } = setup({ gate });
    await send(service, CONNECT);
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    // Mid-run, a change: what is stored is still everything the run took, and the change.
    const { prospect } = await send<{ prospect: { id: string } }>(service, {
      type: 'trackContact',
      name: 'Ana Lima',
      emails: [],
    });
    expect(items.get(SYNC_DIRTY_KEY)).toEqual({ ids: [prospect.id], all: true, process: true });
    open();
    // The first run pushed what it took; the change goes with the next one.
    await vi.waitFor(() =>
      expect(items.get(SYNC_DIRTY_KEY)).toEqual({ ids: [prospect.id], all: false, process: false }),
    );
    await fire();
    expect(runs[1]?.ids).toEqual([prospect.id]);
    expect(items.get(SYNC_DIRTY_KEY)).toEqual({ ids: [], all: false, process: false });
  });
});
