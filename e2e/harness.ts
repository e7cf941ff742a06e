/**
 * Loads the built extension (dist/) into headless Chromium, the recipe from the toolchain notes.
 * Real site URLs are routed to committed fixture pages, so content scripts inject as on the real
 * sites; everything else the browser asks for is refused and recorded (privacy checks use it).
 * Shared by the e2e tests and `npm run bench`. It builds nothing: run `npm run build` first.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  worker: Worker;
  extensionId: string;
  /** Requests to anything that is not a routed fixture or the extension itself. */
  strayRequests: string[];
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
  /** All records of one IndexedDB store of the extension's `etape` database. */
  records<T = Record<string, unknown>>(store: string): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Gmail enforces Trusted Types; fixtures are served with the same policy so any HTML-string
 * write by a content script fails the test as it would fail on Gmail.
 */
const TRUSTED_TYPES_CSP = "require-trusted-types-for 'script'";

export async function launch(): Promise<Harness> {
  if (!existsSync(join(DIST, 'manifest.json')))
    throw new Error('dist/ is missing: run `npm run build` first');
  // A memory-backed profile where there is one: IndexedDB writes are disk-bound otherwise.
  const profile = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'etape-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=en-US',
    ],
  });
  // tsx (bench) compiles with esbuild's keepNames, which wraps functions passed to evaluate()
  // in a `__name` helper that only exists in Node; give pages a no-op one.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;

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
    worker,
    extensionId,
    strayRequests,
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
