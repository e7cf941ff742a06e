/**
 * "Load sample data": a realistic 120-day pipeline so a new user sees every dashboard figure at
 * once. Deterministic (seeded PRNG): the same seed and `now` give the same records, which the
 * tests rely on. Every record is marked so removal never touches real data: prospects carry
 * `sample: true` and an id starting with SAMPLE_ID_PREFIX; touchpoint keys start with
 * SAMPLE_KEY_PREFIX; stage changes belong to those prospects. People and companies are invented
 * (`.example` domains).
 */
import { outcomeStage } from './process.ts';
import type { Process, Prospect, StageChange, Touchpoint, TouchpointKind } from './schemas.ts';
import { KIND_CHANNEL } from './schemas.ts';
import { DAY_MS } from './timing.ts';

export const SAMPLE_ID_PREFIX = 'sample-';
export const SAMPLE_KEY_PREFIX = 'sample:';
export const SAMPLE_DAYS = 120;
export const SAMPLE_PROSPECTS = 200;

export interface SampleData {
  prospects: Prospect[];
  stageChanges: StageChange[];
  touchpoints: Touchpoint[];
}

export function isSampleProspectId(id: string): boolean {
  return id.startsWith(SAMPLE_ID_PREFIX);
}

export function generateSampleData(
  process: Process,
  now: number,
  options: { seed?: number; prospects?: number; days?: number } = {},
): SampleData {
  const random = mulberry32(options.seed ?? 20260105);
  const count = options.prospects ?? SAMPLE_PROSPECTS;
  const days = options.days ?? SAMPLE_DAYS;
  const open = process.stages.filter((stage) => stage.kind === 'open' && !stage.archived);
  const won = outcomeStage(process, 'won');
  const lost = outcomeStage(process, 'lost');
  if (open.length === 0 || !won || !lost) throw new Error('The process has no open/won/lost stage');
  const reasons = process.lostReasons.length > 0 ? process.lostReasons : [{ id: 'other' }];
  const origin = now - days * DAY_MS;

  const prospects: Prospect[] = [];
  const stageChanges: StageChange[] = [];
  const touchpoints: Touchpoint[] = [];

  for (let n = 0; n < count; n++) {
    const id = `${SAMPLE_ID_PREFIX}${String(n + 1).padStart(4, '0')}`;
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const company = pick(random, COMPANIES);
    // Spread over the window, a little denser recently (the pipeline grows).
    const createdAt = Math.floor(origin + Math.sqrt(random()) * (days - 2) * DAY_MS);
    const path: Array<{ to: string; at: number; lostReason?: string }> = [
      { to: open[0]?.id ?? '', at: createdAt },
    ];
    let index = 0;
    let at = createdAt;
    let outcome: 'open' | 'won' | 'lost' = 'open';
    let reentered = false;
    while (outcome === 'open') {
      const stage = open[index];
      if (!stage) break;
      // Time in stage: around the target, with a long tail; one stage in the middle runs slow
      // so "where to accelerate" has something to say.
      const target = stage.targetDays ?? 7;
      const slow = index === Math.min(3, open.length - 1) ? 1.6 : 1;
      const stay = Math.max(0.2, target * slow * (0.3 + random() * 0.9 + random() ** 4 * 1.5));
      const leaveAt = Math.floor(at + stay * DAY_MS);
      if (leaveAt >= now) break;
      at = leaveAt;
      const lossChance = index === 0 ? 0.18 : index === 1 ? 0.2 : 0.15;
      if (random() < lossChance) {
        const reason = pick(random, reasons).id;
        path.push({ to: lost.id, at, lostReason: reason });
        outcome = 'lost';
      } else if (!reentered && index >= 2 && random() < 0.08) {
        // A deal sent back a step (new decision maker, reworked proposal): a re-entered stage.
        reentered = true;
        index -= 1;
        path.push({ to: open[index]?.id ?? stage.id, at });
      } else if (index === open.length - 1) {
        path.push({ to: won.id, at });
        outcome = 'won';
      } else {
        index += 1;
        path.push({ to: open[index]?.id ?? stage.id, at });
      }
    }

    path.forEach((step, position) => {
      stageChanges.push({
        prospectId: id,
        from: position === 0 ? null : (path[position - 1]?.to ?? null),
        to: step.to,
        at: step.at,
        ...(step.lostReason ? { lostReason: step.lostReason } : {}),
      });
    });

    // Touchpoints during each visit, by the kind of work each stage involves.
    let lastTouch: number | undefined;
    let seq = 0;
    path.forEach((step, position) => {
      const rank = open.findIndex((stage) => stage.id === step.to);
      if (rank < 0) return;
      const end = path[position + 1]?.at ?? now;
      for (const [kind, min, max] of touchMix(rank, open.length)) {
        const times = min + Math.floor(random() * (max - min + 1));
        for (let k = 0; k < times; k++) {
          const touchAt = Math.floor(step.at + random() * Math.max(1, end - step.at - 1));
          touchpoints.push({
            prospectId: id,
            channel: KIND_CHANNEL[kind],
            kind,
            at: touchAt,
            stageId: step.to,
            key: `${SAMPLE_KEY_PREFIX}${id}:${seq++}`,
          });
          lastTouch = Math.max(lastTouch ?? 0, touchAt);
        }
      }
    });

    const current = path.at(-1) ?? { to: open[0]?.id ?? '', at: createdAt };
    const slug = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    prospects.push({
      id,
      name: `${first} ${last}`,
      emails: [`${slug}@${company.toLowerCase().replace(/[^a-z]/g, '')}.example`],
      linkedinUrl: `https://www.linkedin.com/in/${slug.replace('.', '-')}-${n + 1}/`,
      company,
      title: pick(random, TITLES),
      dealValue: 500 * (2 + Math.floor(random() * 40)),
      currency: 'EUR',
      stageId: current.to,
      stageEnteredAt: current.at,
      status: outcome,
      ...(current.lostReason ? { lostReason: current.lostReason } : {}),
      ...(lastTouch === undefined ? {} : { lastTouchAt: lastTouch }),
      createdAt,
      updatedAt: current.at,
      sample: true,
    });
  }
  return { prospects, stageChanges, touchpoints };
}

/** A small, fast, seedable PRNG (mulberry32): same seed, same sequence, on every engine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** [kind, min, max] touchpoints per visit, by how far along the process the stage sits. */
function touchMix(rank: number, stages: number): Array<[TouchpointKind, number, number]> {
  if (rank === 0) {
    return [
      ['linkedin_profile_view', 1, 2],
      ['linkedin_connect_sent', 0, 1],
      ['email_sent', 1, 2],
    ];
  }
  if (rank === 1) {
    return [
      ['email_sent', 1, 4],
      ['email_received', 0, 2],
      ['linkedin_message_sent', 0, 2],
      ['linkedin_message_received', 0, 1],
    ];
  }
  if (rank < stages - 1) {
    return [
      ['email_sent', 1, 3],
      ['email_received', 1, 2],
      ['call', 0, 1],
      ['meeting', 0, 1],
      ['note', 0, 1],
    ];
  }
  return [
    ['email_sent', 1, 3],
    ['email_received', 1, 3],
    ['call', 0, 2],
  ];
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

const FIRST_NAMES = [
  'Alice',
  'Bruno',
  'Camille',
  'David',
  'Elodie',
  'Farid',
  'Gaëlle',
  'Hugo',
  'Inès',
  'Julien',
  'Karim',
  'Léa',
  'Manon',
  'Nicolas',
  'Océane',
  'Pierre',
  'Quentin',
  'Rose',
  'Sofia',
  'Thomas',
  'Ursula',
  'Victor',
  'Wendy',
  'Yanis',
  'Zoé',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Lefèvre',
  'Moreau',
  'Laurent',
  'Garcia',
  'Roux',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Nguyen',
  'Schmidt',
  'Okafor',
  'Rossi',
];
const COMPANIES = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Wingtip',
  'Adatum',
  'Litware',
  'Proseware',
  'Lucerne',
  'Margie',
  'Alpine Ski',
  'Coho Vineyard',
  'Fourth Coffee',
  'Blue Yonder',
  'Woodgrove',
  'Humongous',
  'Trey Research',
  'Wide World',
];
const TITLES = [
  'Head of Sales',
  'Operations Manager',
  'CEO',
  'CTO',
  'Procurement Lead',
  'Marketing Director',
  'Office Manager',
];
