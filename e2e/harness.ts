/**
 * Loads the built extension (dist/) into headless Chromium, the recipe from the toolchain notes.
 * Real site URLs are routed to committed fixture pages, so content scripts inject as on the real
 * sites; everything else the browser asks for is refused and recorded (privacy checks use it),
 * and every request of the extension's service worker is recorded on its own.
 * Shared by the e2e tests and `npm run bench`. It builds nothing: run `npm run build` first.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

/** Extension pages run with the `chrome` global; declared here for code passed to evaluate(). */
declare global {
  const chrome: {
    runtime: {
      sendMessage(
        message: unknown,
      ): Promise<{ ok: boolean; data?: never; error?: { code: string; message: string } }>;
      reload(): void;
      getManifest(): { content_scripts?: Array<{ matches?: string[]; js?: string[] }> };
    };
    scripting: {
      executeScript(injection: {
        target: { tabId: number; allFrames?: boolean };
        files: string[];
      }): Promise<unknown[]>;
    };
    tabs: {
      query(filter: {
        url?: string | string[];
        active?: boolean;
      }): Promise<Array<{ id?: number; url?: string }>>;
      sendMessage(tabId: number, message: unknown): Promise<unknown>;
    };
    action: {
      getBadgeText(details: { tabId?: number }): Promise<string>;
      getBadgeBackgroundColor(details: {
        tabId?: number;
      }): Promise<[number, number, number, number]>;
    };
  };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** ETAPE_DIST lets parallel work build into its own folder (`vite build --outDir`). */
export const DIST = resolve(process.env.ETAPE_DIST ?? join(root, 'dist'));
export const FIXTURES = join(root, 'e2e', 'fixtures');

const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
];

export function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((candidate) => candidate && existsSync(candidate));
  if (!found) throw new Error('Chromium not found: install Debian "chromium" or set CHROMIUM_PATH');
  return found;
}

export interface Harness {
  context: BrowserContext;
  /** The extension's service worker; another object after reloadExtension(). */
  readonly worker: Worker;
  extensionId: string;
  /** Requests to anything that is not a routed fixture or the extension itself. */
  strayRequests: string[];
  /**
   * Every request the extension's service worker made, seen two independent ways: a CDP
   * Network session attached to each worker target (following restarts and reloads), and
   * Playwright's service-worker request events.
   */
  workerRequests: WorkerRequest[];
  /** Serves `html` (or a fixture file under e2e/fixtures) for every URL matching `pattern`. */
  route(pattern: string, html: string | { fixture: string }): Promise<void>;
  extensionPage(path?: string): Promise<Page>;
  /** Sends a message to the background as an extension page would. */
  send<T = unknown>(
    message: Record<string, unknown>,
  ): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string } }>;
  /**
   * Stops the extension's service worker, as Chrome does after ~30 s idle (CDP
   * `ServiceWorker.stopAllWorkers` from an extension page). The next message restarts it; the
   * old `worker` handle is dead afterwards — read the database through `records`.
   */
  stopWorker(): Promise<void>;
  /**
   * Reloads the extension as an update does (`chrome.runtime.reload()` from its worker): the
   * id and the data stay, extension pages close, content scripts in open tabs are orphaned.
   * Resolves with the new worker, once its start (and so its onInstalled work) has begun.
   */
  reloadExtension(): Promise<Worker>;
  /** All records of one IndexedDB store of the extension's `etape` database. */
  records<T = Record<string, unknown>>(store: string): Promise<T[]>;
  close(): Promise<void>;
}

export interface WorkerRequest {
  via: 'cdp' | 'playwright';
  url: string;
}

/**
 * Gmail enforces Trusted Types; fixtures are served with the same policy so any HTML-string
 * write by a content script fails the test as it would fail on Gmail.
 */
const TRUSTED_TYPES_CSP = "require-trusted-types-for 'script'";

export interface LaunchOptions {
  /** Another unpacked extension than DIST (the bench's do-nothing baseline, an older build). */
  dist?: string;
  /** The browser's UI language (Etape's _locales follow it), e.g. 'fr'. */
  lang?: string;
}

export async function launch(options: LaunchOptions = {}): Promise<Harness> {
  const dist = options.dist ?? DIST;
  if (!existsSync(join(dist, 'manifest.json')))
    throw new Error(`${dist} is missing: run \`npm run build\` first`);
  // A memory-backed profile where there is one: IndexedDB writes are disk-bound otherwise.
  const profile = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'etape-e2e-'));
  // Developer mode, as for anyone who loads dist/ unpacked: without it Chromium disables a
  // command-line extension that reloads itself (reloadExtension()).
  mkdirSync(join(profile, 'Default'));
  writeFileSync(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({ extensions: { ui: { developer_mode: true } } }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    // Pages' own language (navigator.language, Intl) follows: Playwright sets en-US otherwise.
    ...(options.lang ? { locale: options.lang } : {}),
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The browser's UI language, hence the extension's (chrome.i18n); English unless a test asks.
      `--lang=${options.lang ?? 'en-US'}`,
    ],
  });
  // tsx (bench) compiles with esbuild's keepNames, which wraps functions passed to evaluate()
  // in a `__name` helper that only exists in Node; give pages a no-op one.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  let worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const workerRequests: WorkerRequest[] = [];
  context.on('request', (request) => {
    if (request.serviceWorker()) workerRequests.push({ via: 'playwright', url: request.url() });
  });
  await watchWorkerNetwork(context, `chrome-extension://${extensionId}/`, (url) =>
    workerRequests.push({ via: 'cdp', url }),
  );

  const strayRequests: string[] = [];
  const routes: Array<{ pattern: RegExp; body: string }> = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(`chrome-extension://${extensionId}/`)) {
      await route.continue();
      return;
    }
    const hit = routes.find((candidate) => candidate.pattern.test(url));
    if (hit) {
      await route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': TRUSTED_TYPES_CSP },
        body: hit.body,
      });
      return;
    }
    strayRequests.push(url);
    await route.abort('blockedbyclient');
  });

  let page: Page | undefined;
  async function extensionPage(path = 'src/popup/index.html'): Promise<Page> {
    const opened = await context.newPage();
    await opened.goto(`chrome-extension://${extensionId}/${path}`);
    return opened;
  }
  /**
   * A quiet page of the extension's origin for messages and IndexedDB reads: the manifest
   * itself, so no Etape UI reacts to the changes a test makes.
   */
  async function control(): Promise<Page> {
    page ??= await extensionPage('manifest.json');
    return page;
  }

  return {
    context,
    get worker() {
      return worker;
    },
    extensionId,
    strayRequests,
    workerRequests,
    async route(pattern, html) {
      const body =
        typeof html === 'string' ? html : readFileSync(join(FIXTURES, html.fixture), 'utf8');
      const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '.*');
      routes.unshift({ pattern: new RegExp(`^${escaped}$`), body });
    },
    extensionPage,
    async send(message) {
      const target = await control();
      return target.evaluate((payload) => chrome.runtime.sendMessage(payload), message);
    },
    async stopWorker() {
      const target = await control();
      const cdp = await context.newCDPSession(target);
      try {
        const stopped = new Promise<void>((resolveStopped) => {
          cdp.on(
            'ServiceWorker.workerVersionUpdated',
            (event: { versions: Array<{ runningStatus: string; scriptURL: string }> }) => {
              const ours = event.versions.filter((version) =>
                version.scriptURL.startsWith(`chrome-extension://${extensionId}/`),
              );
              if (ours.length > 0 && ours.every((version) => version.runningStatus === 'stopped'))
                resolveStopped();
            },
          );
        });
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await Promise.race([
          stopped,
          new Promise((resolveLater) => setTimeout(resolveLater, 5000)),
        ]);
      } finally {
        await cdp.detach();
      }
    },
    async reloadExtension() {
      const next = context.waitForEvent('serviceworker', {
        predicate: (candidate) => candidate.url().startsWith(`chrome-extension://${extensionId}/`),
        timeout: 15_000,
      });
      // Deferred so evaluate() returns before the worker it runs in goes away.
      await worker.evaluate(() => {
        setTimeout(() => chrome.runtime.reload(), 0);
      });
      worker = await next;
      // Chrome closed the extension's pages, the control page among them.
      page = undefined;
      return worker;
    },
    async records(store) {
      const target = await control();
      // Extension pages share the worker's origin, hence its IndexedDB.
      return target.evaluate(
        (name) =>
          new Promise<never[]>((resolvePromise, reject) => {
            const open = indexedDB.open('etape');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains(name)) {
                db.close();
                resolvePromise([]);
                return;
              }
              const request = db.transaction(name).objectStore(name).getAll();
              request.onsuccess = () => {
                db.close();
                resolvePromise(request.result as never[]);
              };
              request.onerror = () => reject(request.error);
            };
          }),
        store,
      );
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A CDP witness of the worker's network, independent of Playwright's routing: a session on a
 * blank page of its own (it outlives extension reloads) discovers targets, attaches to each
 * service worker of the extension (flatten: false, so the page session can relay its messages)
 * and enables Network there. A stopped worker that starts again keeps its target: its network
 * agent starts anew, so Network is enabled again then.
 */
async function watchWorkerNetwork(
  context: BrowserContext,
  origin: string,
  record: (url: string) => void,
): Promise<void> {
  const observer = await context.newPage();
  const cdp = await context.newCDPSession(observer);
  // Untyped on purpose: Target.sendMessageToTarget and its events are deprecated in the typings.
  const raw = cdp as unknown as {
    send(method: string, params?: object): Promise<Record<string, unknown>>;
    on(event: string, listener: (event: Record<string, unknown>) => void): void;
  };
  const sessions = new Map<string, string>();
  let seq = 0;
  const toWorker = (sessionId: string, method: string) =>
    raw
      .send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: ++seq, method, params: {} }),
      })
      .catch(() => undefined);
  const attach = async (info: unknown) => {
    const { targetId, type, url } = info as { targetId: string; type: string; url: string };
    if (type !== 'service_worker' || !url.startsWith(origin) || sessions.has(targetId)) return;
    sessions.set(targetId, '');
    try {
      const { sessionId } = (await raw.send('Target.attachToTarget', {
        targetId,
        flatten: false,
      })) as { sessionId: string };
      sessions.set(targetId, sessionId);
      await toWorker(sessionId, 'Inspector.enable');
      await toWorker(sessionId, 'Network.enable');
    } catch {
      sessions.delete(targetId);
    }
  };
  raw.on('Target.targetCreated', (event) => void attach(event.targetInfo));
  raw.on('Target.targetInfoChanged', (event) => void attach(event.targetInfo));
  raw.on('Target.targetDestroyed', (event) => sessions.delete(event.targetId as string));
  raw.on('Target.detachedFromTarget', (event) => {
    for (const [targetId, sessionId] of sessions)
      if (sessionId === event.sessionId) sessions.delete(targetId);
  });
  raw.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message as string) as {
      method?: string;
      params?: { request?: { url: string }; url?: string };
    };
    if (message.method === 'Network.requestWillBeSent' && message.params?.request)
      record(message.params.request.url);
    else if (message.method === 'Network.webSocketCreated' && message.params?.url)
      record(message.params.url);
    else if (message.method === 'Inspector.targetReloadedAfterCrash')
      void toWorker(event.sessionId as string, 'Network.enable');
  });
  // Announces the targets that exist now, then every new one.
  await raw.send('Target.setDiscoverTargets', { discover: true });
}

/** Polls until `check` returns a truthy value or the time runs out. */
export async function waitFor<T>(
  check: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: T = await check();
  while (!last && Date.now() < end) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    last = await check();
  }
  if (!last) throw new Error('waitFor: condition not met in time');
  return last as NonNullable<T>;
}
