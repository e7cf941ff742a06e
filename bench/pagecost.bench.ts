/**
 * What Etape costs Gmail and LinkedIn as a page loads (issue #20): big pages the size of the
 * real ones (bench/big-pages.ts, ≥ 10,000 elements) loaded in the same Chromium with the
 * extension (the real origin, where the content scripts run) and without it (the same bytes on
 * a host no content script matches), alternating, the same settle time each, then the page's
 * CDP `Performance.getMetrics` after a forced garbage collection: ScriptDuration and
 * JSHeapUsedSize. Figures are medians of the paired differences. A do-nothing extension (a
 * content script that does nothing on the same pages) gives the floor any extension pays, and a
 * minimal one that talks to its worker the floor of an extension that does what Etape must.
 * Then one DevTools trace per site breaks the start down (bench/page-trace.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type Harness, launch } from '../e2e/harness.ts';
import {
  GMAIL_TRACKED,
  gmailThreadPage,
  LINKEDIN_PROFILE_URL,
  linkedinProfilePage,
} from './big-pages.ts';
import { type StartBreakdown, traceStart } from './page-trace.ts';
import { line, summarize } from './stats.ts';

export const name = 'page cost: Etape on big Gmail and LinkedIn pages (Performance.getMetrics)';

/** Pairs (with, without) per site; the issue asks for medians of at least 5. */
const PAIRS = 7;
/** Long enough for the first scan, its background round trip and first render to be done. */
const SETTLE_MS = 2000;
const TRACES = 3;

interface Site {
  id: 'gmail' | 'linkedin';
  url: string;
  mirror: string;
  html: string;
}

const SITES: Site[] = [
  {
    id: 'gmail',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzBenchThread',
    mirror: 'https://mail.etape-bench.invalid/mail/u/0/#inbox/FMfcgzBenchThread',
    html: gmailThreadPage(),
  },
  {
    id: 'linkedin',
    url: LINKEDIN_PROFILE_URL,
    mirror: LINKEDIN_PROFILE_URL.replace('www.linkedin.com', 'www.etape-bench.invalid'),
    html: linkedinProfilePage(),
  },
];

interface Sample {
  scriptMs: number;
  /**
   * RecalcStyleCount + LayoutCount: the page's own first layout (~150 ms here) swamps what
   * Etape adds to style/layout time, but the extra passes it causes are counted exactly.
   */
  passes: number;
  heapMb: number;
  elements: number;
  etapeElements: number;
}

export async function run(h: Harness): Promise<Record<string, number>> {
  await routeSites(h);
  // A rep's usual state: the thread's main contact and the profile are tracked prospects.
  await h.send({ type: 'trackContact', name: GMAIL_TRACKED.name, emails: [GMAIL_TRACKED.email] });
  await h.send({ type: 'trackContact', name: 'Camille Durand', linkedinUrl: LINKEDIN_PROFILE_URL });

  // The pagecost.* figures of the bench's `# summary` (run.ts prints them in its own order).
  const summary: Record<string, number> = {};
  for (const site of SITES) {
    // One unmeasured load of each warms the browser's caches (compiled code, fonts) alike.
    await measure(h, site.url);
    await measure(h, site.mirror);
    const withEtape: Sample[] = [];
    const without: Sample[] = [];
    for (let i = 0; i < PAIRS; i++) {
      // Alternate which goes first, so drift on a loaded machine hits both sides alike.
      if (i % 2 === 0) {
        withEtape.push(await measure(h, site.url));
        without.push(await measure(h, site.mirror));
      } else {
        without.push(await measure(h, site.mirror));
        withEtape.push(await measure(h, site.url));
      }
    }
    if (withEtape.some((sample) => sample.etapeElements === 0))
      throw new Error(`${site.id}: Etape's UI did not appear within the settle time`);
    if (without.some((sample) => sample.etapeElements > 0))
      throw new Error(`${site.id}: a content script ran on the mirror host`);
    const script = medianDiff(withEtape, without, (sample) => sample.scriptMs);
    const heap = medianDiff(withEtape, without, (sample) => sample.heapMb);
    const passes = medianDiff(withEtape, without, (sample) => sample.passes);
    line(
      `${site.id}: page of ${withEtape[0]?.elements} elements, script with / without`,
      `${med(withEtape, (s) => s.scriptMs).toFixed(1)} / ${med(without, (s) => s.scriptMs).toFixed(1)} ms, heap ${med(withEtape, (s) => s.heapMb).toFixed(2)} / ${med(without, (s) => s.heapMb).toFixed(2)} MB (n=${PAIRS})`,
    );
    line(
      `${site.id}: Etape adds (median of paired differences)`,
      `${script.toFixed(1)} ms script, ${heap.toFixed(2)} MB heap, ${passes} extra style/layout passes`,
    );
    summary[`pagecost.${site.id}.script.ms`] = round(script, 1);
    summary[`pagecost.${site.id}.heap.mb`] = round(heap, 2);
  }

  await baselines();

  for (const site of SITES) {
    // One trace is one noisy sample: the median of TRACES per phase.
    const traces: StartBreakdown[] = [];
    for (let i = 0; i < TRACES; i++) traces.push(await traceStart(h, site.url, SETTLE_MS));
    const m = (pick: (trace: StartBreakdown) => number) => summarize(traces.map(pick)).median;
    line(
      `${site.id} trace: load / evaluate / first scan / first render`,
      `${m((t) => t.loadMs).toFixed(1)} / ${m((t) => t.evaluateMs).toFixed(1)} / ${m((t) => t.firstScanMs).toFixed(1)} / ${m((t) => t.firstRenderMs).toFixed(1)} ms (medians of ${TRACES})`,
    );
    line(
      `${site.id} trace, thread time: load / evaluate / first scan / first render / later`,
      `${m((t) => t.cpu.loadMs).toFixed(1)} / ${m((t) => t.cpu.evaluateMs).toFixed(1)} / ${m((t) => t.cpu.firstScanMs).toFixed(1)} / ${m((t) => t.cpu.firstRenderMs).toFixed(1)} / ${m((t) => t.cpu.laterMs).toFixed(1)} ms (medians of ${TRACES}; what to compare changes by)`,
    );
    line(
      `${site.id} trace: Etape's script, thread CPU / wall`,
      `${m((t) => t.scriptCpuMs).toFixed(1)} / ${m((t) => t.scriptWallMs).toFixed(1)} ms (wall counts waiting for a CPU on a busy machine)`,
    );
    line(
      `${site.id} trace: later / forced style+layout / next frame`,
      `${m((t) => t.laterMs).toFixed(1)} / ${m((t) => t.forcedStyleLayoutMs).toFixed(1)} / ${m((t) => t.frameMs).toFixed(1)} ms (the frame is page-wide)`,
    );
    const files = Object.keys(traces[0]?.perFile ?? {})
      .map((file) => [file, m((t) => t.perFile[file] ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([file, ms]) => `${file.replace(/^.*\//, '')} ${ms.toFixed(2)}`);
    line(`${site.id} trace: compile/evaluate per file (ms)`, files.join(', ') || 'none');
  }
  return summary;
}

async function routeSites(h: Harness): Promise<void> {
  for (const site of SITES) {
    const origin = new URL(site.url).origin;
    const mirror = new URL(site.mirror).origin;
    await h.route(`${origin}/**`, site.html);
    await h.route(`${mirror}/**`, site.html);
  }
}

/** One load in a fresh tab: settle, collect garbage, read the page's metrics, close. */
async function measure(h: Harness, url: string): Promise<Sample> {
  const page: Page = await h.context.newPage();
  try {
    // Enabled before the navigation: the durations count from here.
    const cdp = await h.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(SETTLE_MS);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (key: string) =>
      metrics.find((entry) => entry.name === key)?.value ?? Number.NaN;
    const counts = await page.evaluate(() => ({
      elements: document.getElementsByTagName('*').length,
      etape: document.querySelectorAll('[data-etape]').length,
    }));
    return {
      scriptMs: metric('ScriptDuration') * 1000,
      passes: metric('RecalcStyleCount') + metric('LayoutCount'),
      heapMb: metric('JSHeapUsedSize') / 1024 / 1024,
      elements: counts.elements,
      etapeElements: counts.etape,
    };
  } finally {
    await page.close();
  }
}

/**
 * The same measure with two minimal extensions on the same pages: one whose content script does
 * nothing (what any extension with a content script costs, so the rest is Etape's own), and one
 * that does the least an extension like Etape must do on a page: read its settings, listen for
 * their changes, open a port to its worker and trade a few messages, put one shadow-DOM badge
 * in. The second is a floor for talking to a background, not a goal; it tells which part of
 * Etape's figure is code of ours.
 */
async function baselines(): Promise<void> {
  await baseline('a do-nothing extension', [], {
    'worker.js': '// does nothing\n',
    'content.js': 'document.documentElement.dataset.noop = "1";\n',
  });
  await baseline('a minimal talking extension', ['storage'], {
    'worker.js': `chrome.runtime.onConnect.addListener((port) => {
  port.onMessage.addListener((message) => port.postMessage({ id: message.id, reply: { ok: true } }));
});
`,
    'content.js': `(() => {
  const api = globalThis.chrome;
  api.storage.local.get(['settings']).then(() => undefined);
  api.storage.onChanged.addListener(() => undefined);
  const port = api.runtime.connect({ name: 'floor' });
  port.onMessage.addListener(() => undefined);
  for (let id = 1; id <= 8; id++) port.postMessage({ id, message: { type: 'ping' } });
  const host = document.createElement('span');
  host.setAttribute('data-floor', 'badge');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = ':host { display: inline-block } span { font: 12px sans-serif }';
  const label = document.createElement('span');
  label.textContent = '3 d';
  shadow.append(style, label);
  (document.querySelector('[role=main]') ?? document.body).prepend(host);
})();
`,
  });
}

/** `permissions` per extension: the do-nothing one keeps the bare manifest its earlier figures had. */
async function baseline(
  label: string,
  permissions: string[],
  files: Record<string, string>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'etape-floor-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: label,
      version: '1.0.0',
      permissions,
      background: { service_worker: 'worker.js' },
      content_scripts: [
        {
          matches: ['https://mail.google.com/*', 'https://www.linkedin.com/*'],
          js: ['content.js'],
          run_at: 'document_idle',
        },
      ],
    }),
  );
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const floor = await launch({ dist: dir });
  try {
    await routeSites(floor);
    for (const site of SITES) {
      await measure(floor, site.url);
      const withFloor: Sample[] = [];
      const without: Sample[] = [];
      for (let i = 0; i < 5; i++) {
        withFloor.push(await measure(floor, site.url));
        without.push(await measure(floor, site.mirror));
      }
      line(
        `${site.id}: ${label} adds`,
        `${medianDiff(withFloor, without, (s) => s.scriptMs).toFixed(1)} ms script, ${medianDiff(withFloor, without, (s) => s.heapMb).toFixed(2)} MB heap (n=5)`,
      );
    }
  } finally {
    await floor.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function medianDiff(a: Sample[], b: Sample[], pick: (sample: Sample) => number): number {
  return summarize(a.map((sample, i) => pick(sample) - pick(b[i] as Sample))).median;
}

function med(samples: Sample[], pick: (sample: Sample) => number): number {
  return summarize(samples.map(pick)).median;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
