/**
 * Team sync's first sync of a year of data (issue #17): rep A's browser holds the speed
 * dataset (bench/seed.ts: 10,000 prospects, 200,000 touchpoints, 40,000 stage changes) and
 * connects to an empty team database (a real pouchdb-server on 127.0.0.1, e2e/couch-server.ts);
 * rep B's empty browser then connects and receives everything. Times from Connect to the
 * status `synced` (B: and every prospect stored). Writes, so it gets browsers of its own.
 * Figures: sync.first.push.s, sync.first.pull.s (outside SUMMARY_ORDER).
 */
import { type CouchServer, startCouch } from '../e2e/couch-server.ts';
import { type Harness, launch } from '../e2e/harness.ts';
import { LARGE_DATASET } from './run.ts';
import { seedLargeDataset } from './seed.ts';
import { line, type Summary } from './stats.ts';

export const name = 'sync: first sync of the large dataset, push then pull';

const ANA = { name: 'ana', password: 'bench-ana' };
const BEA = { name: 'bea', password: 'bench-bea' };

interface Status {
  state: string;
  lastSyncAt?: number;
  reason?: string;
}

export async function run(a: Harness): Promise<Summary> {
  const couch = await startCouch({ members: [ANA, BEA] });
  let b: Harness | undefined;
  try {
    await a.context.route(`${couch.origin}/**`, (route) => route.continue());
    // ETAPE_SYNC_BENCH_DIVIDE=10: a tenth of the dataset (profiling the phases quickly).
    const divide = Number(process.env.ETAPE_SYNC_BENCH_DIVIDE ?? 1);
    const size = {
      prospects: Math.round(LARGE_DATASET.prospects / divide),
      touchpoints: Math.round(LARGE_DATASET.touchpoints / divide),
      stageChanges: Math.round(LARGE_DATASET.stageChanges / divide),
    };
    const seed = await seedLargeDataset(a, size);
    line('seeded A', `${(seed.ms / 1000).toFixed(1)} s`);

    const push = await firstSync(a, couch, ANA, 'Ana', async () => true);
    const docs = (await couch.request('GET', new URL(couch.dbUrl).pathname)).body as {
      doc_count?: number;
    };
    line('first push (A → server)', `${push.toFixed(1)} s, ${docs.doc_count} documents`);
    line('  its phases (ms)', await phases(a));

    b = await launch();
    const bHarness = b;
    await b.context.route(`${couch.origin}/**`, (route) => route.continue());
    const pull = await firstSync(b, couch, BEA, 'Bea', async () => {
      const count = await bHarness.send<number>({ type: 'attentionCounts' });
      return count.ok && (count.data as unknown as { open: number }).open > 0;
    });
    line('  its phases (ms)', await phases(b));
    const prospects = (await b.records('prospects')).length;
    const touchpoints = (await b.records('touchpoints')).length;
    line(
      'first pull (server → B)',
      `${pull.toFixed(1)} s, ${prospects} prospects, ${touchpoints} touchpoints`,
    );
    return { 'sync.first.push.s': push, 'sync.first.pull.s': pull };
  } finally {
    await b?.close();
    await couch.close();
  }
}

/** The phases of the worker's last sync runs (host.ts keeps five in storage.local). */
async function phases(h: Harness): Promise<string> {
  const page = await h.extensionPage('manifest.json');
  try {
    const stored = await page.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
        }
      ).chrome;
      return (await api.storage.local.get('etape:sync-last-run'))['etape:sync-last-run'];
    });
    return JSON.stringify(stored);
  } finally {
    await page.close();
  }
}

/** Connect, then wait for `synced` (polled once a second: a poll is a message, not a sync). */
async function firstSync(
  h: Harness,
  couch: CouchServer,
  user: { name: string; password: string },
  repName: string,
  done: () => Promise<boolean>,
): Promise<number> {
  const started = performance.now();
  const reply = await h.send<Status>({
    type: 'syncConnect',
    url: couch.dbUrl,
    user: user.name,
    password: user.password,
    repName,
  });
  if (!reply.ok) throw new Error(`connect: ${JSON.stringify(reply.error)}`);
  const end = Date.now() + 20 * 60_000;
  let slowest = 0;
  for (;;) {
    const asked = performance.now();
    const status = (await h.send<Status>({ type: 'syncStatus' })).data;
    slowest = Math.max(slowest, performance.now() - asked);
    if (status?.state === 'synced' && (await done())) break;
    if (status?.state === 'error') throw new Error(`sync error: ${status.reason}`);
    if (Date.now() > end) throw new Error(`first sync did not end: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  // What a page waits for the worker meanwhile (its own thread is never blocked).
  line('  slowest status answer meanwhile', `${slowest.toFixed(0)} ms`);
  return (performance.now() - started) / 1000;
}
