/**
 * Bulk-writes a large, deterministic dataset straight into the extension's IndexedDB (from an
 * extension page, which shares the worker's origin) — 250,000 records through the message
 * boundary would measure zod, not the views being benchmarked. Records follow the schemas in
 * src/shared/schemas.ts and the default process; ids start with `seed-`.
 *
 * Chromium sends every IndexedDB request over IPC, so 250,000 records take a minute or more on
 * 2 cores: bench/run.ts seeds once and runs every `dataset: 'large'` bench on that browser.
 */
import type { Harness } from '../e2e/harness.ts';
import { prospectWordsRecord } from '../src/background/db.ts';
import { tallyRecords } from '../src/background/store/touch-tallies.ts';
import type { TouchpointKind } from '../src/shared/schemas.ts';

export interface SeedSize {
  prospects: number;
  touchpoints: number;
  stageChanges: number;
}

export interface SeedResult {
  ms: number;
  /** Milliseconds spent writing each store. */
  storeMs: Record<string, number>;
  prospectIds: string[];
}

export async function seedLargeDataset(h: Harness, size: SeedSize): Promise<SeedResult> {
  // Creates the database and the default process through the real path first.
  const ready = await h.send({ type: 'getProcess' });
  if (!ready.ok) throw new Error('background not ready');
  const page = await h.extensionPage('manifest.json');
  try {
    const { people, touched, ...seeded } = await page.evaluate(seedInPage, {
      ...size,
      now: Date.now(),
    });
    // What the store keeps beside the records, from the same shared rules, computed here and
    // written beside them: the search words of every prospect write (src/shared/search-words.ts)
    // and the touch tallies of every touchpoint write (src/background/store/touch-tallies.ts).
    let started = performance.now();
    const words = people.map(prospectWordsRecord);
    await page.evaluate(writeInPage, { store: 'prospectWords', records: words });
    const wordsMs = performance.now() - started;
    started = performance.now();
    const tallies = tallyRecords(
      touched.map(([prospectId, stageId, kind]) => ({ prospectId, stageId, kind })),
    );
    await page.evaluate(writeInPage, { store: 'touchTallies', records: tallies });
    const talliesMs = performance.now() - started;
    return {
      ...seeded,
      ms: seeded.ms + wordsMs + talliesMs,
      storeMs: { ...seeded.storeMs, prospectWords: wordsMs, touchTallies: talliesMs },
    };
  } finally {
    await page.close();
  }
}

interface Person {
  id: string;
  name: string;
  company: string;
  emails: string[];
  updatedAt: number;
}

/** Runs inside the extension page: self-contained, no imports. */
async function writeInPage(args: { store: string; records: unknown[] }): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('etape');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(args.store, 'readwrite', { durability: 'relaxed' });
    const objectStore = tx.objectStore(args.store);
    for (const record of args.records) objectStore.put(record);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** Runs inside the extension page: self-contained, no imports. */
async function seedInPage(
  args: SeedSize & { now: number },
): Promise<SeedResult & { people: Person[]; touched: Array<[string, string, TouchpointKind]> }> {
  const started = performance.now();
  const DAY = 86_400_000;
  const open = ['prospect', 'contacted', 'qualified', 'proposal', 'negotiation'];
  const kinds: Array<[string, string]> = [
    ['gmail', 'email_sent'],
    ['gmail', 'email_received'],
    ['gmail', 'email_sent'],
    ['linkedin', 'linkedin_message_sent'],
    ['linkedin', 'linkedin_profile_view'],
    ['manual', 'call'],
    ['linkedin', 'linkedin_message_received'],
    ['manual', 'meeting'],
  ];
  const reasons = ['Price', 'Bad timing', 'Chose a competitor', 'No decision / went silent'];
  const prospects: Record<string, unknown>[] = [];
  const changes: Record<string, unknown>[] = [];
  const touchpoints: Record<string, unknown>[] = [];
  const perProspect = Math.floor(args.stageChanges / args.prospects);
  const extraChanges = args.stageChanges % args.prospects;
  const tpPer = Math.floor(args.touchpoints / args.prospects);
  const extraTp = args.touchpoints % args.prospects;

  for (let i = 0; i < args.prospects; i++) {
    const id = `seed-${i}`;
    const start = args.now - 365 * DAY + Math.floor((i / args.prospects) * 330 * DAY);
    const gap = (2 + ((i * 7) % 11)) * DAY;
    const count = Math.max(1, perProspect + (i < extraChanges ? 1 : 0));
    const path: Array<{ to: string; at: number; lostReason?: string }> = [];
    for (let c = 0; c < count; c++) {
      const at = Math.min(args.now - 1000, start + c * gap);
      let to = open[Math.min(c, open.length - 1)] as string;
      const last = c === count - 1 && c >= 2;
      if (last && i % 5 === 0) to = 'won';
      if (last && i % 5 === 1) to = 'lost';
      const previous = path.at(-1);
      // Past the last open stage, further changes re-enter earlier stages (as real deals do).
      if (previous && previous.to === to) to = open[c % 3] as string;
      path.push(
        to === 'lost' ? { to, at, lostReason: reasons[i % reasons.length] as string } : { to, at },
      );
    }
    path.forEach((step, index) => {
      changes.push({
        prospectId: id,
        from: index === 0 ? null : (path[index - 1]?.to ?? null),
        to: step.to,
        at: step.at,
        ...(step.lostReason ? { lostReason: step.lostReason } : {}),
      });
    });
    const current = path.at(-1) as { to: string; at: number; lostReason?: string };
    const end = Math.min(args.now - 1000, current.at + gap);
    const tpCount = tpPer + (i < extraTp ? 1 : 0);
    let lastTouch = 0;
    for (let j = 0; j < tpCount; j++) {
      const at = Math.floor(start + ((end - start) * j) / Math.max(1, tpCount));
      let stageId = path[0]?.to as string;
      for (const step of path) if (step.at <= at) stageId = step.to;
      const [channel, kind] = kinds[(i + j) % kinds.length] as [string, string];
      touchpoints.push({
        prospectId: id,
        channel,
        kind,
        at,
        stageId,
        key: `seed:${i}:${j}`,
        summary: `Seed subject ${j}`,
      });
      lastTouch = Math.max(lastTouch, at);
    }
    prospects.push({
      id,
      name: `Seed Prospect ${i}`,
      emails: [`seed${i}@seed-company-${i % 500}.example`],
      company: `Seed Company ${i % 500}`,
      stageId: current.to,
      stageEnteredAt: current.at,
      status: current.to === 'won' ? 'won' : current.to === 'lost' ? 'lost' : 'open',
      ...(current.lostReason ? { lostReason: current.lostReason } : {}),
      ...(tpCount > 0 ? { lastTouchAt: lastTouch } : {}),
      dealValue: 1000 + ((i * 37) % 50) * 500,
      currency: 'EUR',
      createdAt: start,
      updatedAt: current.at,
    });
  }

  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('etape');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const write = (store: string, records: Record<string, unknown>[]) =>
    new Promise<void>((resolve, reject) => {
      // One commit per batch; relaxed durability: a benchmark fixture, not user data.
      const tx = db.transaction(store, 'readwrite', { durability: 'relaxed' });
      const objectStore = tx.objectStore(store);
      for (const record of records) objectStore.add(record);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  const timings: Record<string, number> = {};
  let mark = performance.now();
  await write('prospects', prospects);
  timings.prospects = performance.now() - mark;
  mark = performance.now();
  await write('stageChanges', changes);
  timings.stageChanges = performance.now() - mark;
  mark = performance.now();
  for (let offset = 0; offset < touchpoints.length; offset += 50_000) {
    await write('touchpoints', touchpoints.slice(offset, offset + 50_000));
  }
  timings.touchpoints = performance.now() - mark;

  db.close();
  return {
    ms: performance.now() - started,
    storeMs: timings,
    prospectIds: prospects.map((prospect) => prospect.id as string),
    touched: touchpoints.map(
      (touchpoint) =>
        [touchpoint.prospectId, touchpoint.stageId, touchpoint.kind] as [
          string,
          string,
          TouchpointKind,
        ],
    ),
    people: prospects.map((prospect) => ({
      id: prospect.id as string,
      name: prospect.name as string,
      company: prospect.company as string,
      emails: prospect.emails as string[],
      updatedAt: prospect.updatedAt as number,
    })),
  };
}
