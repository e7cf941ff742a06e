/**
 * Team sync against a real CouchDB-protocol server (pouchdb-server, e2e/couch-server.ts), two
 * reps in two browser profiles (issue #17): nothing leaves while sync is off; A imports and
 * connects, B connects and receives A's prospects; B adds some, A receives them; a wrong
 * password is an `error` that receives nothing; with the server down both move the same
 * prospect (B's worker stopped meanwhile, as Chrome does), and once it is back both browsers
 * agree on its stage and hold both moves; the team view lists both reps.
 * Connect goes through the message API from an extension page (the Settings form sends the
 * same message).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CouchServer, startCouch } from './couch-server.ts';
import { DIST_FIREFOX, firefoxPath, launchFirefox } from './firefox/harness.ts';
import { type Harness, launch, waitFor } from './harness.ts';

interface Status {
  state: string;
  reason?: string;
  lastSyncAt?: number;
  pending?: number;
  repName?: string;
}
interface Prospect {
  id: string;
  name: string;
  stageId: string;
  status: string;
  ownerRep?: string;
}
interface StageChange {
  prospectId: string;
  from: string | null;
  to: string;
  at: number;
  ownerRep?: string;
}

const ANA = { name: 'ana', password: 'ana-secret-1' };
const BEA = { name: 'bea', password: 'bea-secret-2' };

let couch: CouchServer;
let a: Harness;
let b: Harness;

async function open(): Promise<Harness> {
  const h = await launch();
  // The harness refuses every request it does not serve; the team server is let through.
  await h.context.route(`${couch.origin}/**`, (route) => route.continue());
  return h;
}

async function status(h: Harness): Promise<Status> {
  const reply = await h.send<Status>({ type: 'syncStatus' });
  if (!reply.ok || !reply.data) throw new Error(JSON.stringify(reply.error));
  return reply.data;
}

/** Waits for the sync that is running (or scheduled) to end, then runs one more to the end. */
async function syncNow(h: Harness): Promise<Status> {
  const reply = await h.send<Status>({ type: 'syncNow' });
  if (!reply.ok || !reply.data) throw new Error(JSON.stringify(reply.error));
  return reply.data;
}

function firefoxTooOld(): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(DIST_FIREFOX, 'manifest.json'), 'utf8')) as {
      browser_specific_settings?: { gecko?: { strict_min_version?: string } };
    };
    const needed = Number.parseInt(
      manifest.browser_specific_settings?.gecko?.strict_min_version ?? '0',
      10,
    );
    const version = execFileSync(firefoxPath(), ['--version'], { encoding: 'utf8' });
    return Number.parseInt(/(\d+)\./.exec(version)?.[1] ?? '0', 10) < needed;
  } catch {
    return false;
  }
}

const prospects = (h: Harness) => h.records<Prospect>('prospects');
const names = async (h: Harness) => (await prospects(h)).map((p) => p.name).sort();

beforeAll(async () => {
  couch = await startCouch({ members: [ANA, BEA] });
  a = await open();
  b = await open();
}, 90_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await couch?.close();
});

describe('team sync', () => {
  it('sends nothing while sync is off', async () => {
    await a.send({
      type: 'importProspects',
      prospects: [
        { name: 'Ana Lima', emails: ['ana@lima.example'], company: 'Lima SA' },
        { name: 'Bruno Costa', emails: ['bruno@costa.example'] },
        { name: 'Chloé Martin', emails: ['chloe@martin.example'] },
      ],
    });
    expect(await status(a)).toEqual({ state: 'off' });
    const own = `chrome-extension://${a.extensionId}/`;
    expect(a.workerRequests.filter((request) => !request.url.startsWith(own))).toEqual([]);
    expect(a.strayRequests).toEqual([]);
  });

  it('refuses a non-https address (http only on loopback) with a translated reason', async () => {
    const reply = await a.send({
      type: 'syncConnect',
      url: 'http://couch.example.com/team',
      user: ANA.name,
      password: ANA.password,
      repName: 'Ana',
    });
    expect(reply.data).toEqual({ state: 'error', reason: 'syncBadUrl' });
    expect(a.workerRequests.filter((request) => request.url.includes('couch.example.com'))).toEqual(
      [],
    );
  });

  it('A connects and pushes; B connects and receives A’s prospects', async () => {
    const connected = await a.send<Status>({
      type: 'syncConnect',
      url: couch.dbUrl,
      user: ANA.name,
      password: ANA.password,
      repName: 'Ana',
    });
    expect(connected.ok).toBe(true);
    expect(connected.data?.repName).toBe('Ana');
    expect((await syncNow(a)).state).toBe('synced');
    // Made before connecting: Ana's now.
    expect((await prospects(a)).map((p) => p.ownerRep)).toEqual(['Ana', 'Ana', 'Ana']);
    const ids = (await couch.docs()).map((doc) => String(doc._id));
    expect(ids.filter((id) => id.startsWith('p:'))).toHaveLength(3);
    expect(ids.filter((id) => id.startsWith('h:'))).toHaveLength(3);
    // Credentials live in the extension's storage, never in the database backups read.
    const backup = await a.send<{ backup: unknown }>({ type: 'exportBackup', appVersion: 'e2e' });
    expect(JSON.stringify(backup.data)).not.toContain(ANA.password);

    await b.send({
      type: 'syncConnect',
      url: couch.dbUrl,
      user: BEA.name,
      password: BEA.password,
      repName: 'Bea',
    });
    await waitFor(async () => (await prospects(b)).length === 3, 20_000);
    expect(await names(b)).toEqual(['Ana Lima', 'Bruno Costa', 'Chloé Martin']);
    expect((await prospects(b)).every((p) => p.ownerRep === 'Ana')).toBe(true);
    expect((await b.records<StageChange>('stageChanges')).length).toBe(3);
  });

  it('B adds prospects; A receives them', async () => {
    await b.send({
      type: 'importProspects',
      prospects: [
        { name: 'Dara Okafor', emails: ['dara@okafor.example'] },
        { name: 'Eli Moreau', emails: ['eli@moreau.example'] },
      ],
    });
    await waitFor(
      async () => (await syncNow(b)).pending === 0 && (await status(b)).state === 'synced',
    );
    await syncNow(a);
    await waitFor(async () => (await prospects(a)).length === 5, 20_000);
    const dara = (await prospects(a)).find((p) => p.name === 'Dara Okafor');
    expect(dara?.ownerRep).toBe('Bea');
    // The team view lists both reps.
    const team = await a.extensionPage('src/dashboard/index.html#/team');
    try {
      await team.locator('tbody [data-rep="Bea"]').waitFor();
      const reps = await team
        .locator('tbody [data-rep]')
        .evaluateAll((rows) =>
          rows.map((row) => [row.getAttribute('data-rep'), row.getAttribute('data-self')]),
        );
      expect(reps).toEqual([
        ['Ana', 'true'],
        ['Bea', null],
      ]);
    } finally {
      await team.close();
    }
  });

  it('a wrong password is an error that receives nothing', async () => {
    const c = await open();
    try {
      const reply = await c.send<Status>({
        type: 'syncConnect',
        url: couch.dbUrl,
        user: BEA.name,
        password: 'not-her-password',
        repName: 'Bea',
      });
      expect(reply.data).toMatchObject({ state: 'error', reason: 'syncWrongPassword' });
      expect(await syncNow(c)).toMatchObject({ state: 'error', reason: 'syncWrongPassword' });
      expect(await prospects(c)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('both move one prospect while the server is down; once back, both agree and keep both moves', async () => {
    const bruno = (await prospects(a)).find((p) => p.name === 'Bruno Costa') as Prospect;
    await couch.stop();
    const advanced = await a.send<{ prospect: Prospect }>({
      type: 'advanceStage',
      prospectId: bruno.id,
    });
    expect(advanced.ok).toBe(true);
    expect(await syncNow(a)).toMatchObject({ state: 'offline', reason: 'syncUnreachable' });
    // Later than A's move: B's is the last.
    await new Promise((resolveLater) => setTimeout(resolveLater, 20));
    const won = await b.send<{ prospect: Prospect }>({ type: 'markWon', prospectId: bruno.id });
    expect(won.ok).toBe(true);
    expect(await syncNow(b)).toMatchObject({ state: 'offline', reason: 'syncUnreachable' });

    await couch.start();
    // Chrome stops idle workers: B's resumes from its stored settings and pending changes.
    await b.stopWorker();
    expect((await syncNow(a)).state).toBe('synced');
    expect((await syncNow(b)).state).toBe('synced');
    expect((await syncNow(a)).state).toBe('synced');

    const inA = (await prospects(a)).find((p) => p.id === bruno.id) as Prospect;
    const inB = (await prospects(b)).find((p) => p.id === bruno.id) as Prospect;
    expect(inA.stageId).toBe(won.data?.prospect.stageId);
    expect(inA.status).toBe('won');
    expect({ stageId: inB.stageId, status: inB.status }).toEqual({
      stageId: inA.stageId,
      status: inA.status,
    });
    // A record without an owner is this browser's rep's (made before connecting).
    const history = async (h: Harness, me: string) =>
      (await h.records<StageChange>('stageChanges'))
        .filter((change) => change.prospectId === bruno.id)
        .map((change) => `${change.from ?? '-'}>${change.to}@${change.ownerRep ?? me}`)
        .sort();
    expect(await history(a, 'Ana')).toHaveLength(3);
    expect(await history(b, 'Bea')).toEqual(await history(a, 'Ana'));
    expect((await history(a, 'Ana')).filter((move) => move.endsWith('@Bea'))).toHaveLength(1);
  });

  // Firefox older than the manifest's strict_min_version refuses the add-on (Debian bookworm's
  // firefox-esr is 140; Etape needs 142 for data_collection_permissions): skipped there, with
  // this reason, rather than failing on the machine instead of on the code.
  it.skipIf(firefoxTooOld())(
    'works in Firefox too (an event page: the sync chunk is imported on connect)',
    async () => {
      const ff = await launchFirefox();
      try {
        expect((await ff.send<Status>({ type: 'syncStatus' })).data).toEqual({ state: 'off' });
        const reply = await ff.send<Status>({
          type: 'syncConnect',
          url: couch.dbUrl,
          user: ANA.name,
          password: ANA.password,
          repName: 'Ana',
        });
        expect(reply.ok).toBe(true);
        await waitFor(async () => (await ff.records<Prospect>('prospects')).length === 5, 30_000);
        const bruno = (await ff.records<Prospect>('prospects')).find(
          (p) => p.name === 'Bruno Costa',
        );
        expect(bruno?.status).toBe('won');
        expect((await ff.send<Status>({ type: 'syncNow' })).data?.state).toBe('synced');
      } finally {
        await ff.close();
      }
    },
  );
});
