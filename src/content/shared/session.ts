/**
 * One content-script session per page, shared by the Gmail and LinkedIn entries. A site is a
 * short list of detectors; the session does for all of them what each would otherwise redo:
 *
 * - claims the page (one live instance; after an update, takes over from the old one through an
 *   authenticated handover, ./handover.ts) and owns the lifetime signal that stops everything;
 * - schedules scans: one MutationObserver scoped to what the site names (Gmail's main view,
 *   not the whole document), mutations coalesced into one scan per burst, our own hosts'
 *   mutations ignored;
 * - logs touchpoints: keys acknowledged by the background are not sent again, what was not
 *   acknowledged is owed (resent with the next scan, handed over on update), failed sends retry
 *   with a growing delay even if the page never changes;
 * - reports who the page shows (participants) when it changes;
 * - files health under the detector that failed, including a detector that threw.
 *
 * Detectors (refined-github's `features.add`, InboxSDK's watchers are the models) are
 * `{ name, selectors, init?(signal, ctx), scan?(root, ctx) }`. `scan` is synchronous DOM
 * reading: what needs the background starts a request and schedules a scan when the answer
 * arrives, so a scan's cost is all main-thread time and measurable as one figure.
 * Nothing here may throw into the host page.
 */
import type {
  ChangeEvent,
  RequestInput,
  RequestType,
  ResponseMap,
  TouchpointInput,
} from '../../shared/messages.ts';
import type { TouchpointKind } from '../../shared/schemas.ts';
import type { SelectorSpec } from './dom.ts';
import {
  type HandedSend,
  type HandoverOptions,
  type HandoverState,
  isOrphaned,
  isRefused,
  type Site,
} from './handover.ts';
import { HealthReporter } from './health.ts';
import { isOwnHost } from './mount.ts';
import type { OnScreen } from './on-screen.ts';
import { Owed } from './owed.ts';
import { createRetry, type Retry } from './retry.ts';

export type Send = <T extends RequestType>(
  type: T,
  payload: RequestInput<T>,
) => Promise<ResponseMap[T]>;

export type Participant = RequestInput<'reportPageContext'>['participants'][number];

export interface Detector {
  /** Health records are filed under `<site>:<name>`. */
  readonly name: string;
  /** What it reads from the page, named and dated in the site's selectors.ts. */
  readonly selectors: readonly SelectorSpec[];
  /** The kinds it logs: a failed resend of an owed one is filed under this detector. */
  readonly kinds?: readonly TouchpointKind[];
  /** Once, at start. Everything it registers must end with `signal` (the session stopping). */
  init?(signal: AbortSignal, ctx: DetectorContext): void;
  /**
   * One synchronous pass over the page; `root` is the observed view (or the document when the
   * site observes several parts or none: then `ctx.roots()` names the observed parts).
   */
  scan?(root: ParentNode, ctx: DetectorContext): void;
  /** Gmail sends still in their undo period, for the instance that replaces this one. */
  handOver?(): HandedSend[];
  /** Sends a replaced instance was waiting on. */
  takeOver?(sends: HandedSend[]): void;
  /** The session stopped (an update orphaned it, or it surrendered): remove its UI. */
  stop?(): void;
}

/** What a detector gets from the session; every report it makes is filed under its name. */
export interface DetectorContext {
  readonly site: Site;
  readonly document: Document;
  readonly signal: AbortSignal;
  readonly send: Send;
  now(): number;
  /**
   * The parts of the page the session observes (the document while none is found): what
   * changes there brings a scan, so a scan need not read the whole document.
   */
  roots(): readonly ParentNode[];
  /**
   * Counts the changes the session observed in the page (mutations not of ours, a new target).
   * Equal between two scans: nothing observed changed, what a scan read may be reused (a scan
   * brought by the background's answers re-reads nothing).
   */
  generation(): number;
  /** Asks for a scan: after the site's coalescing delay, or sooner (0: as soon as possible). */
  schedule(delayMs?: number): void;
  /** This detector found what it reads. */
  ok(): void;
  /** This detector could not read the page (a `SelectorError`, usually): a health record. */
  fail(error: unknown): void;
  /**
   * Logs touchpoints once each. Resolves true once the background acknowledged them; false
   * when it could not (they stay owed and go again; the failure is reported). Never rejects.
   */
  log(touchpoints: readonly TouchpointInput[]): Promise<boolean>;
  isLogged(key: string): boolean;
  /** Already stored under another key (Gmail's reconciled sends): never sent from this page. */
  markLogged(key: string): void;
  /**
   * Who this scan found on the page. `only`: these are the page's subject (a profile), the
   * other detectors' people are left out of the report.
   */
  participants(people: readonly Participant[], options?: { only?: boolean }): void;
  /** The page is between two states (a profile loading): report nothing rather than stale people. */
  holdParticipants(): void;
  /** A task started outside a scan's synchronous pass: its failure is reported, never thrown. */
  run(task: Promise<unknown>): void;
}

/** What the site's change handler may do: ask, scan, run a task whose failure is reported. */
export type SiteContext = Pick<DetectorContext, 'send' | 'schedule' | 'run'>;

export interface SessionOptions {
  site: Site;
  detectors: readonly Detector[];
  /** Mutations within this delay of each other are one scan. */
  scanDelayMs: number;
  /**
   * What to observe: one element or several (LinkedIn's main column and its messaging overlay),
   * asked again before every scan and at each target check (Gmail replaces its main view);
   * null while it is absent (then the scan reads the whole document and the check retries).
   */
  observe(
    document: Document,
  ): { target: Element | readonly Element[]; init: MutationObserverInit } | null;
  /** How often to check the observed elements are still the ones to observe; 0: never. */
  targetCheckMs?: number;
  /**
   * Asks the background what the first scan will need (settings, the person the URL names)
   * before it runs, so the page is read once with every answer in hand rather than once
   * before them and again after each. The first scan runs when it settles, or after
   * PREPARE_MAX_MS at the latest. Its failures are reported like a scan's.
   */
  prepare?(site: SiteContext): Promise<unknown>;
  /** The site's reaction to a write the background announces (drop cached answers…). */
  onChange?(event: ChangeEvent, site: SiteContext): void;
}

export interface SessionDeps {
  document: Document;
  send: Send;
  onChange(listener: (event: ChangeEvent) => void, signal: AbortSignal): void;
  /** claimPage bound to its environment; false when a live copy already runs in this page. */
  claim(options: HandoverOptions): boolean;
  now(): number;
  /**
   * Publish each scan's cost as a performance measure? Only for `npm run bench`, switched on
   * from the extension side (a page must not be able to turn it on and see Etape's entries).
   */
  measured?(): boolean;
  /** The text a health record shows for an error; the error's own message when absent. */
  describeError?(error: unknown): string;
  /** When a site's controls may be drawn (./on-screen.ts); at once when absent. */
  onScreen?: OnScreen;
}

/** A handover that failed verification: only the page (or a bug) can have sent it. */
export class HandoverRefusedError extends Error {
  constructor(reason: string) {
    super(`Refused a handover that could not be verified (${reason})`);
    this.name = 'HandoverRefusedError';
  }
}

/** The detector name health records of the handover itself are filed under. */
export const HANDOVER_DETECTOR = 'handover';

const MAX_BATCH = 500;
const MAX_PARTICIPANTS = 100;
/** A background slow to wake up (a stopped worker) does not hold the first scan longer. */
const PREPARE_MAX_MS = 1000;

export class Session {
  private readonly lifetime = new AbortController();
  private readonly owed = new Owed();
  /** Keys the background acknowledged (created, duplicate) or that are on their way. */
  private readonly logged = new Set<string>();
  private readonly health: HealthReporter;
  private readonly retry: Retry;
  private readonly observer: MutationObserver;
  private readonly contexts = new Map<Detector, DetectorContext>();
  private readonly kindOwner = new Map<TouchpointKind, Detector>();
  private targets: readonly Element[] = [];
  private generation = 0;
  /** Before the first scan nothing is attached yet: the target check has nothing to compare. */
  private attachedOnce = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueAt = Number.POSITIVE_INFINITY;
  private reported: string | null = null;
  private pass: { people: Participant[]; only: Participant[] | null; held: boolean } | null = null;

  constructor(
    private readonly options: SessionOptions,
    private readonly deps: SessionDeps,
  ) {
    this.health = new HealthReporter(
      options.site,
      (payload) => deps.send('reportHealth', payload),
      deps.describeError,
    );
    this.retry = createRetry(() => this.schedule(0));
    const view = deps.document.defaultView;
    const Observer = view?.MutationObserver ?? MutationObserver;
    this.observer = new Observer((records) => {
      // Our own hosts going in or out are not news.
      if (records.every(isOwnMutation)) return;
      this.generation++;
      this.schedule();
    });
    for (const detector of options.detectors) {
      this.contexts.set(detector, this.contextFor(detector));
      for (const kind of detector.kinds ?? []) this.kindOwner.set(kind, detector);
    }
  }

  get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  get stopped(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** Claims the page and starts; false when this page already runs a live copy (it keeps it). */
  start(): boolean {
    const claimed = this.deps.claim({
      site: this.options.site,
      surrender: () => this.surrender(),
      receive: (state) => this.receive(state),
      refused: (reason) => this.health.report(HANDOVER_DETECTOR, new HandoverRefusedError(reason)),
    });
    if (!claimed) return false;
    const { signal } = this.lifetime;
    for (const [detector, ctx] of this.contexts) {
      try {
        detector.init?.(signal, ctx);
      } catch (error) {
        this.failed(detector, error);
      }
    }
    try {
      this.deps.onChange((event) => {
        try {
          this.options.onChange?.(event, this.siteContext());
        } catch (error) {
          this.failed(null, error);
        }
      }, signal);
    } catch (error) {
      this.failed(null, error);
    }
    const every = this.options.targetCheckMs ?? 0;
    if (every > 0) {
      const check = setInterval(() => {
        if (this.attachedOnce && !sameTargets(this.targets, this.wanted())) this.schedule();
      }, every);
      signal.addEventListener('abort', () => clearInterval(check), { once: true });
    }
    const prepared = this.prepare();
    if (!prepared) this.schedule(0);
    else {
      const timer = setTimeout(() => this.schedule(0), PREPARE_MAX_MS);
      prepared.finally(() => {
        clearTimeout(timer);
        this.schedule(0);
      });
    }
    return true;
  }

  /**
   * Stops for good: after an extension update the old script stays in open tabs, cut off from
   * the background; it must stop observing and remove its UI instead of failing on every change.
   */
  stop(): void {
    if (this.stopped) return;
    try {
      this.lifetime.abort();
    } catch {
      // Removing a listener from an invalidated extension API may throw: we are stopping anyway.
    }
    this.retry.cancel();
    this.observer.disconnect();
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const detector of this.options.detectors) {
      try {
        detector.stop?.();
      } catch {
        // Removing our UI must not fail the others'.
      }
    }
  }

  /** Pulls a waiting scan forward, or waits the site's delay so a burst is one scan. */
  schedule(delayMs: number = this.options.scanDelayMs): void {
    if (this.stopped) return;
    const due = this.deps.now() + delayMs;
    if (this.timer !== undefined) {
      if (this.dueAt <= due) return;
      clearTimeout(this.timer);
    }
    this.dueAt = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dueAt = Number.POSITIVE_INFINITY;
      this.scan();
    }, delayMs);
  }

  /** One pass: every detector reads the page; then who it shows, then what is owed. */
  scan(): void {
    if (this.stopped) return;
    const started = performance.now();
    this.attach();
    // Observing nothing, the session cannot tell what changed: every scan reads afresh.
    if (this.targets.length === 0) this.generation++;
    const root: ParentNode =
      this.targets.length === 1 ? (this.targets[0] as Element) : this.deps.document;
    this.pass = { people: [], only: null, held: false };
    for (const [detector, ctx] of this.contexts) {
      if (!detector.scan) continue;
      try {
        detector.scan(root, ctx);
      } catch (error) {
        this.failed(detector, error);
      }
      if (this.stopped) return;
    }
    const pass = this.pass;
    this.pass = null;
    if (!pass.held) this.reportParticipants(pass.only ?? pass.people);
    this.flushOwed();
    if (this.deps.measured?.()) {
      // Bench runs only: the figure `npm run bench` reads (never on the real sites, where a
      // performance entry would tell the page that Etape runs).
      performance.measure(`etape:${this.options.site}:scan`, {
        start: started,
        end: performance.now(),
      });
    }
  }

  /** The old instance's state, handed to the new one; this one is stopped from then on. */
  private surrender(): HandoverState {
    this.stop();
    const sends: HandedSend[] = [];
    for (const detector of this.options.detectors) {
      try {
        sends.push(...(detector.handOver?.() ?? []));
      } catch {
        // One detector's state failing to hand over must not lose the others'.
      }
    }
    return { sends, touchpoints: this.owed.takeAll() };
  }

  /** Takes over what a replaced instance had not finished: the keys make a double delivery a no-op. */
  private receive(state: HandoverState): void {
    if (this.stopped) return;
    for (const touchpoint of state.touchpoints) this.owed.add(touchpoint);
    for (const detector of this.options.detectors) {
      try {
        detector.takeOver?.(state.sends);
      } catch (error) {
        this.failed(detector, error);
      }
    }
    this.schedule(0);
  }

  /** The site's prepare step, its failures reported; null when it has none or it threw. */
  private prepare(): Promise<unknown> | null {
    const { prepare } = this.options;
    if (!prepare) return null;
    try {
      return prepare(this.siteContext()).catch((error: unknown) => this.failed(null, error));
    } catch (error) {
      this.failed(null, error);
      return null;
    }
  }

  private wanted(): { targets: readonly Element[]; init: MutationObserverInit } | null {
    try {
      const next = this.options.observe(this.deps.document);
      if (!next) return null;
      const targets = Array.isArray(next.target) ? next.target : [next.target as Element];
      return { targets, init: next.init };
    } catch {
      return null;
    }
  }

  private attach(): void {
    this.attachedOnce = true;
    const next = this.wanted();
    if (sameTargets(this.targets, next)) return;
    this.observer.disconnect();
    this.generation++;
    this.targets = next?.targets ?? [];
    for (const target of this.targets) this.observer.observe(target, next?.init);
  }

  private siteContext(): SiteContext {
    return {
      send: this.deps.send,
      schedule: (delay) => this.schedule(delay),
      run: (task) => {
        task.catch((error: unknown) => this.failed(null, error));
      },
    };
  }

  /**
   * A detector (or the site's change handler, `null`) threw or a task of it failed. Cut off by
   * an update: stop (what is owed goes to the next instance). Otherwise the worker may be
   * waking up or a selector broke: report it under that detector, and scan again soon.
   */
  private failed(detector: Detector | null, error: unknown): void {
    if (isOrphaned(error)) {
      this.stop();
      return;
    }
    this.health.report(detector?.name ?? this.options.detectors[0]?.name ?? 'session', error);
    this.retry.failed();
  }

  private async log(detector: Detector, touchpoints: readonly TouchpointInput[]): Promise<boolean> {
    const fresh = new Map<string, TouchpointInput>();
    for (const touchpoint of touchpoints)
      if (!this.logged.has(touchpoint.key)) fresh.set(touchpoint.key, touchpoint);
    if (fresh.size === 0 || this.stopped) return fresh.size === 0;
    for (const touchpoint of fresh.values()) {
      this.logged.add(touchpoint.key);
      this.owed.add(touchpoint);
    }
    const all = [...fresh.values()];
    let acknowledged = true;
    for (let start = 0; start < all.length; start += MAX_BATCH) {
      const batch = all.slice(start, start + MAX_BATCH);
      try {
        const { results } = await this.deps.send('logTouchpoints', { touchpoints: batch });
        for (const touchpoint of batch) this.owed.delete(touchpoint.key);
        this.retry.succeeded();
        // Untracked in the meantime (another tab removed the prospect): may count after a Track.
        for (const result of results)
          if (result.status === 'untracked') this.logged.delete(result.key);
      } catch (error) {
        // Not acknowledged: forget them so the next scan resends (the background dedupes).
        for (const touchpoint of batch) this.logged.delete(touchpoint.key);
        if (isOrphaned(error)) {
          // Cut off by an update: what is owed goes to the instance that replaces this one.
          this.stop();
          return false;
        }
        // Refused as invalid: sending it again can never succeed.
        if (isRefused(error)) for (const touchpoint of batch) this.owed.delete(touchpoint.key);
        this.health.report(detector.name, error);
        this.retry.failed();
        acknowledged = false;
      }
    }
    return acknowledged;
  }

  /** What is owed and not on its way (its send failed, or it was handed over) goes again. */
  private flushOwed(): void {
    if (this.owed.size === 0) return;
    const due = this.owed
      .values()
      .filter((touchpoint) => !this.logged.has(touchpoint.key))
      .slice(0, MAX_BATCH);
    const byDetector = new Map<Detector, TouchpointInput[]>();
    const fallback = this.options.detectors[0];
    for (const touchpoint of due) {
      const owner = this.kindOwner.get(touchpoint.kind) ?? fallback;
      if (!owner) continue;
      byDetector.set(owner, [...(byDetector.get(owner) ?? []), touchpoint]);
    }
    for (const [detector, touchpoints] of byDetector) void this.log(detector, touchpoints);
  }

  private reportParticipants(people: readonly Participant[]): void {
    const seen = new Set<string>();
    const participants: Participant[] = [];
    for (const person of people) {
      const id = person.email ?? person.linkedinUrl;
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const name = person.name?.trim().slice(0, 200);
      participants.push({
        ...(person.email ? { email: person.email } : {}),
        ...(person.linkedinUrl ? { linkedinUrl: person.linkedinUrl } : {}),
        ...(name ? { name } : {}),
      });
      if (participants.length === MAX_PARTICIPANTS) break;
    }
    const signature = JSON.stringify(participants);
    if (signature === this.reported) return;
    this.reported = signature;
    this.deps
      .send('reportPageContext', { site: this.options.site, participants })
      .catch((error: unknown) => {
        // Best-effort: the next scan reports again.
        this.reported = null;
        if (isOrphaned(error)) this.stop();
      });
  }

  private contextFor(detector: Detector): DetectorContext {
    const session = this;
    return {
      site: this.options.site,
      document: this.deps.document,
      signal: this.lifetime.signal,
      send: this.deps.send,
      now: () => this.deps.now(),
      roots: () => (this.targets.length > 0 ? this.targets : [this.deps.document]),
      generation: () => this.generation,
      schedule: (delay) => this.schedule(delay),
      ok: () => this.health.report(detector.name, null),
      fail: (error) => {
        if (isOrphaned(error)) this.stop();
        else this.health.report(detector.name, error);
      },
      log: (touchpoints) => this.log(detector, touchpoints),
      isLogged: (key) => this.logged.has(key),
      markLogged: (key) => {
        this.logged.add(key);
      },
      participants(people, options) {
        const pass = session.pass;
        if (!pass) return;
        if (options?.only) pass.only = [...(pass.only ?? []), ...people];
        else pass.people.push(...people);
      },
      holdParticipants() {
        if (session.pass) session.pass.held = true;
      },
      run: (task) => {
        task.catch((error: unknown) => this.failed(detector, error));
      },
    };
  }
}

function sameTargets(
  current: readonly Element[],
  next: { targets: readonly Element[] } | null,
): boolean {
  const wanted = next?.targets ?? [];
  return (
    wanted.length === current.length &&
    wanted.every((target, i) => target === current[i] && target.isConnected)
  );
}

function isOwnMutation(record: MutationRecord): boolean {
  if (record.type !== 'childList') return isOwnHost(record.target);
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every(isOwnHost);
}
