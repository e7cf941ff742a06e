/**
 * `npm run bench`: speed figures measured in headless Chromium on the built extension.
 * Prints median and p95; asserts nothing (tests assert behaviour, this measures it).
 * Each *.bench.ts file exports `name` and `run(harness)`; add yours to BENCHES. `run` returns
 * its summary figures (name → number); the run ends with them as a `# summary` block, the
 * names of SUMMARY_ORDER first in that order (outside checks read them), then any other.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, type Harness, launch } from '../e2e/harness.ts';
import * as board from './board.bench.ts';
import * as csvImport from './csv-import.bench.ts';
import * as dashboard from './dashboard.bench.ts';
import * as gmail from './gmail.bench.ts';
import * as linkedin from './linkedin.bench.ts';
import * as logTouchpoints from './log-touchpoints.bench.ts';
import * as pagecost from './pagecost.bench.ts';
import * as popup from './popup.bench.ts';
import * as processEditor from './process-editor.bench.ts';
import * as search from './search.bench.ts';
import { type SeedResult, seedLargeDataset } from './seed.ts';
import { line, type Summary } from './stats.ts';
import * as sync from './sync.bench.ts';

export interface Bench {
  name: string;
  /**
   * 'large': runs on one shared browser seeded with LARGE_DATASET (seeding is slow; benches of
   * this kind must not write). Otherwise the bench gets a fresh browser and empty database.
   */
  dataset?: 'large';
  run(h: Harness, seed?: SeedResult): Promise<Summary>;
}

/** The summary block's names, in the order the issues spell them (#14, then #20). */
export const SUMMARY_ORDER = [
  'popup.paint.ratio',
  'dashboard.warm.median.ms',
  'dashboard.cold.median.ms',
  'dashboard.first.ms',
  'board.warm.median.ms',
  'search.nomatch.p95.ms',
  'log.touchpoint.median.ms',
  'gmail.thread.scan.p95.ms',
  'linkedin.messaging.scan.p95.ms',
  'csv.preview.longest-task.ms',
  'content.gmail.gz.kb',
  'content.linkedin.gz.kb',
  // The page-cost bench (#20) returns these.
  'pagecost.gmail.script.ms',
  'pagecost.linkedin.script.ms',
  'pagecost.gmail.heap.mb',
  'pagecost.linkedin.heap.mb',
] as const;

/** A year of a busy team: the size the issues set for popup and dashboard figures. */
export const LARGE_DATASET = { prospects: 10_000, touchpoints: 200_000, stageChanges: 40_000 };

const BENCHES: Bench[] = [
  logTouchpoints,
  popup,
  gmail,
  linkedin,
  dashboard,
  board,
  search,
  csvImport,
  processEditor,
  pagecost,
  sync,
];

/** The content scripts' size, each with every file it loads. */
function bundleSizes(): Summary {
  const figures: Summary = {};
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
    content_scripts?: Array<{ js?: string[]; matches?: string[] }>;
  };
  const assets = join(DIST, 'assets');
  const files = readdirSync(assets).filter((file) => file.endsWith('.js'));
  for (const script of manifest.content_scripts ?? []) {
    // The loader imports the real chunk and its shared chunks; count the whole graph it loads.
    const seen = new Set<string>();
    const queue = [...(script.js ?? [])];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const code = readFileSync(join(DIST, file), 'utf8');
      for (const match of code.matchAll(/["'`](?:\.\/|\/)?((?:assets\/)?[\w.-]+\.js)["'`]/g)) {
        const name = (match[1] ?? '').replace(/^assets\//, '');
        if (files.includes(name)) queue.push(`assets/${name}`);
      }
    }
    let raw = 0;
    let gz = 0;
    for (const file of seen) {
      const code = readFileSync(join(DIST, file));
      raw += statSync(join(DIST, file)).size;
      gz += gzipSync(code).length;
    }
    line(
      `content script for ${script.matches?.join(', ')}`,
      `${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (${seen.size} files)`,
    );
    const site = script.matches?.some((match) => match.includes('mail.google.com'))
      ? 'gmail'
      : script.matches?.some((match) => match.includes('linkedin.com'))
        ? 'linkedin'
        : undefined;
    if (site) figures[`content.${site}.gz.kb`] = Number((gz / 1024).toFixed(1));
  }
  return figures;
}

/** The `# summary` block: one `name value` line per figure, known names in their order. */
function printSummary(figures: Summary): void {
  const known: readonly string[] = SUMMARY_ORDER;
  const names = [
    ...SUMMARY_ORDER.filter((name) => name in figures),
    ...Object.keys(figures).filter((name) => !known.includes(name)),
  ];
  console.log('\n# summary');
  for (const name of names) console.log(`${name} ${round(figures[name] ?? Number.NaN)}`);
}

function round(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(2))) : String(value);
}

async function main(): Promise<void> {
  const figures = bundleSizes();
  try {
    await runBenches(figures, process.argv[2]);
  } finally {
    printSummary(figures);
  }
}

async function runBenches(figures: Summary, only: string | undefined): Promise<void> {
  const selected = BENCHES.filter((bench) => !only || bench.name.includes(only));
  for (const bench of selected.filter((candidate) => !candidate.dataset)) {
    console.log(`\n# ${bench.name}`);
    // A fresh browser and database per bench: figures do not depend on the order they run in.
    const h = await launch();
    try {
      Object.assign(figures, await bench.run(h));
    } finally {
      await h.close();
    }
  }
  const large = selected.filter((candidate) => candidate.dataset === 'large');
  if (large.length === 0) return;
  const h = await launch();
  try {
    const seed = await seedLargeDataset(h, LARGE_DATASET);
    const perStore = Object.entries(seed.storeMs)
      .map(([store, ms]) => `${store} ${(ms / 1000).toFixed(1)} s`)
      .join(', ');
    console.log(
      `\n# large dataset: ${LARGE_DATASET.prospects} prospects, ${LARGE_DATASET.touchpoints} touchpoints, ${LARGE_DATASET.stageChanges} stage changes (seeded in ${(seed.ms / 1000).toFixed(1)} s: ${perStore})`,
    );
    for (const bench of large) {
      console.log(`\n# ${bench.name}`);
      Object.assign(figures, await bench.run(h, seed));
    }
  } finally {
    await h.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
