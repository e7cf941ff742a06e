/**
 * Where a content script's start goes, read from a DevTools trace (CDP `Tracing`) of one page
 * load: the page renderer's main-thread tasks that run Etape's code or load its files, grouped
 * into loading its files, evaluating them, the first scan, the first render (up to the first
 * frame painted after the scan), and what comes later; plus the style and layout Etape's own
 * script forces. The frames the browser renders anyway are reported apart (they are mostly the
 * page's own); the paired Performance metrics of pagecost.bench.ts measure what Etape adds to
 * style and layout overall.
 */
import type { Page } from 'playwright-core';
import type { Harness } from '../e2e/harness.ts';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time: what the task ran on a CPU, whatever else the machine was doing. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export interface StartBreakdown {
  /** Fetching and compiling the extension's files in the page (module loader, chunks). */
  loadMs: number;
  /** Evaluating them: the classic script or loader run, module graph evaluation. */
  evaluateMs: number;
  /** Compile (module) or evaluate (classic script) time per file, by file name. */
  perFile: Record<string, number>;
  /** The first scan: the first timer task after evaluation. */
  firstScanMs: number;
  /** From there to the first frame painted after it: answers, the second scan, the render. */
  firstRenderMs: number;
  /** That frame's style + layout + paint (page-wide: mostly the page's own first frames). */
  frameMs: number;
  /** Everything else of Etape's in the window (re-scans, observers, timers). */
  laterMs: number;
  /** Style recalculation and layout run inside Etape's own script (forced by its DOM reads). */
  forcedStyleLayoutMs: number;
  /**
   * Thread (CPU) time of Etape's script in those tasks, and their wall time: on a machine
   * shared with other work the wall time (what Performance.getMetrics adds up) also counts
   * the time the thread waited for a CPU; the thread time does not.
   */
  scriptCpuMs: number;
  scriptWallMs: number;
  /**
   * The same phases in thread time (what the main thread ran on a CPU), which waiting for a CPU
   * on a busy machine does not inflate: the figures to compare a change by.
   */
  cpu: {
    loadMs: number;
    evaluateMs: number;
    firstScanMs: number;
    firstRenderMs: number;
    laterMs: number;
  };
  /** Etape's tasks, in order, for debugging a figure. */
  tasks: Array<{ atMs: number; ms: number; cpuMs: number; phase: string; top: string }>;
}

const CATEGORIES = [
  '__metadata',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'loading',
];

const STYLE_LAYOUT = new Set(['UpdateLayoutTree', 'Layout']);
/** Events that run script: a style or layout inside one was forced by it. */
const SCRIPT = new Set([
  'FunctionCall',
  'v8.callFunction',
  'v8.run',
  'EvaluateScript',
  'v8.evaluateModule',
  'RunMicrotasks',
  'TimerFire',
  'EventDispatch',
]);
const RENDERING = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize']);

/** Traces one load of `url` (content scripts run), observed for `windowMs`, and breaks Etape's part down. */
export async function traceStart(
  h: Harness,
  url: string,
  windowMs: number,
): Promise<StartBreakdown> {
  const trace = await traceLoad(h, url, windowMs);
  return classify(ourTasks(trace.main, `chrome-extension://${h.extensionId}/`), trace.start);
}

async function traceLoad(
  h: Harness,
  url: string,
  windowMs: number,
): Promise<{ main: TraceEvent[]; start: number }> {
  const page: Page = await h.context.newPage();
  try {
    const cdp = await h.context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (event) => {
      events.push(...(event.value as unknown as TraceEvent[]));
    });
    const complete = new Promise<void>((resolve) =>
      cdp.once('Tracing.tracingComplete', () => resolve()),
    );
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: CATEGORIES },
      transferMode: 'ReportEvents',
    } as never);
    await page.goto(url);
    await page.waitForTimeout(windowMs);
    await cdp.send('Tracing.end');
    await complete;
    const navigation = events.find(
      (event) =>
        event.name === 'navigationStart' &&
        (event.args?.data as { documentLoaderURL?: string } | undefined)?.documentLoaderURL === url,
    );
    if (!navigation) throw new Error(`trace: no navigation to ${url}`);
    const main = events
      .filter(
        (event) =>
          event.pid === navigation.pid &&
          event.tid === navigation.tid &&
          event.ts >= navigation.ts &&
          (event.ph === 'X' || event.ph === 'I' || event.ph === 'R' || event.ph === 'b'),
      )
      .sort((a, b) => a.ts - b.ts);
    return { main, start: navigation.ts };
  } finally {
    await page.close();
  }
}

interface Task {
  task: TraceEvent;
  inside: TraceEvent[];
}

/**
 * Top-level tasks (RunTask) of the main thread in which any event names Etape's files or world,
 * or belongs to a request for one of its files (those events carry only the request id).
 */
function ourTasks(main: TraceEvent[], origin: string): Task[] {
  const requests = new Set<string>();
  for (const event of main) {
    const data = event.args?.data as { url?: string; requestId?: string } | undefined;
    if (event.name === 'ResourceSendRequest' && data?.url?.startsWith(origin) && data.requestId)
      requests.add(data.requestId);
  }
  const tasks: Task[] = [];
  let current: Task | null = null;
  for (const event of main) {
    const inCurrent = current && event.ts <= current.task.ts + (current.task.dur ?? 0);
    if (event.name === 'RunTask' && event.ph === 'X' && !inCurrent) {
      current = { task: event, inside: [] };
      tasks.push(current);
    } else if (current && inCurrent) current.inside.push(event);
  }
  return tasks.filter(({ inside }) => inside.some((event) => isOurs(event, origin, requests)));
}

function isOurs(event: TraceEvent, origin: string, requests: Set<string>): boolean {
  const args = JSON.stringify(event.args ?? {});
  const requestId = (event.args?.data as { requestId?: string } | undefined)?.requestId;
  return (
    args.includes(origin) ||
    args.includes('"worldName":"Etape') ||
    event.name.startsWith('etape:') ||
    (requestId !== undefined && requests.has(requestId))
  );
}

const LOADING = new Set([
  'ResourceSendRequest',
  'ResourceReceiveResponse',
  'ResourceReceivedData',
  'ResourceFinish',
  'ThrottlingURLLoader::OnReceiveResponse',
  'v8.compileModule',
]);

function classify(tasks: Task[], start: number): StartBreakdown {
  const perFile: Record<string, number> = {};
  const out: StartBreakdown = {
    loadMs: 0,
    evaluateMs: 0,
    perFile,
    firstScanMs: 0,
    firstRenderMs: 0,
    frameMs: 0,
    laterMs: 0,
    forcedStyleLayoutMs: 0,
    scriptCpuMs: 0,
    scriptWallMs: 0,
    cpu: { loadMs: 0, evaluateMs: 0, firstScanMs: 0, firstRenderMs: 0, laterMs: 0 },
    tasks: [],
  };
  let phase: 'start' | 'first scan' | 'first render' | 'later' = 'start';
  for (const { task, inside } of tasks) {
    const names = new Set(inside.map((event) => event.name));
    const scripts = inside.filter((event) => SCRIPT.has(event.name) && event.ph === 'X');
    // Outermost script events only (a FunctionCall holds its v8.callFunction).
    let until = 0;
    for (const script of scripts) {
      if (script.ts < until) continue;
      until = script.ts + (script.dur ?? 0);
      out.scriptCpuMs += (script.tdur ?? script.dur ?? 0) / 1000;
      out.scriptWallMs += (script.dur ?? 0) / 1000;
    }
    let lifecycle = 0;
    let lifecycleCpu = 0;
    for (const event of inside) {
      const file = fileOf(event);
      if (file && (event.name === 'v8.compileModule' || event.name === 'EvaluateScript'))
        perFile[file] = (perFile[file] ?? 0) + (event.dur ?? 0) / 1000;
      if (!RENDERING.has(event.name)) continue;
      // Inside a script call: forced by that script's DOM reads. Otherwise it is the frame
      // the browser renders anyway, page-wide: reported apart, not counted as Etape's script.
      const forced = scripts.some((script) => contains(script, event));
      if (forced && STYLE_LAYOUT.has(event.name))
        out.forcedStyleLayoutMs += (event.dur ?? 0) / 1000;
      if (!forced) {
        lifecycle += (event.dur ?? 0) / 1000;
        lifecycleCpu += (event.tdur ?? event.dur ?? 0) / 1000;
      }
    }
    const ms = (task.dur ?? 0) / 1000 - lifecycle;
    const cpuMs = (task.tdur ?? task.dur ?? 0) / 1000 - lifecycleCpu;
    let label: string;
    if (names.has('v8.evaluateModule') || names.has('EvaluateScript')) {
      label = 'evaluate';
      out.evaluateMs += ms;
      out.cpu.evaluateMs += cpuMs;
    } else if ([...names].some((name) => LOADING.has(name))) {
      label = 'load';
      out.loadMs += ms;
      out.cpu.loadMs += cpuMs;
    } else {
      // After evaluation: the first timer is the first scan; what follows until the first
      // frame is painted after it (the background's answer, the badges' render) is the first
      // render; that frame's style/layout/paint is `frameMs`.
      if (phase === 'start' && names.has('TimerFire')) phase = 'first scan';
      else if (phase === 'first scan') phase = 'first render';
      label = phase === 'start' ? 'later' : phase;
      if (phase === 'first scan') {
        out.firstScanMs += ms;
        out.cpu.firstScanMs += cpuMs;
      } else if (phase === 'first render') {
        out.firstRenderMs += ms;
        out.cpu.firstRenderMs += cpuMs;
      } else {
        out.laterMs += ms;
        out.cpu.laterMs += cpuMs;
      }
      if (phase === 'first render' && lifecycle > 0) {
        out.frameMs = lifecycle;
        phase = 'later';
      }
    }
    const top = inside
      .filter((event) => (event.dur ?? 0) > 500)
      .map((event) => `${event.name} ${((event.dur ?? 0) / 1000).toFixed(1)}`)
      .join(', ');
    out.tasks.push({ atMs: (task.ts - start) / 1000, ms, cpuMs, phase: label, top });
  }
  return out;
}

function fileOf(event: TraceEvent): string | null {
  const data = event.args?.data as { url?: string } | undefined;
  const url = data?.url ?? (event.args?.fileName as string | undefined);
  if (!url?.startsWith('chrome-extension://')) return null;
  return new URL(url).pathname.slice(1);
}

function contains(outer: TraceEvent, inner: TraceEvent): boolean {
  return inner.ts >= outer.ts && inner.ts + (inner.dur ?? 0) <= outer.ts + (outer.dur ?? 0);
}
