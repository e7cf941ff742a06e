/**
 * Loads the Firefox build (dist-firefox/) into Debian's firefox-esr, headless, driven by
 * puppeteer-core over WebDriver BiDi — the recipe of the toolchain notes (Playwright cannot
 * drive a stock Firefox). The add-on is installed as a temporary add-on under a fixed
 * moz-extension host; real Gmail and LinkedIn URLs are answered with committed fixture pages,
 * everything else is refused and recorded. It builds nothing: run `npm run build:firefox`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../../manifest.config.ts';
import { FIXTURES, waitFor } from '../harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_FIREFOX = resolve(process.env.ETAPE_DIST_FIREFOX ?? join(root, 'dist-firefox'));
/** Fixed, so the extension's origin is known before it starts (Firefox picks one otherwise). */
export const UUID = '6d1c2b7a-2f4e-4c59-9a1b-5e7a0e2e0001';
export const ORIGIN = `moz-extension://${UUID}`;

/** As in the Chromium harness: fixtures get Gmail's Trusted Types policy. */
const TRUSTED_TYPES_CSP = "require-trusted-types-for 'script'";

const FIREFOX_CANDIDATES = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];

export function firefoxPath(): string {
  const found = FIREFOX_CANDIDATES.find((candidate) => candidate && existsSync(candidate));
  if (!found)
    throw new Error('Firefox not found: install Debian "firefox-esr" or set FIREFOX_PATH');
  return found;
}

export interface FirefoxHarness {
  browser: Browser;
  /** Requests to anything that is not a routed fixture or the extension itself. */
  strayRequests: string[];
  /** Errors thrown in routed pages (Etape must never throw into Gmail or LinkedIn). */
  pageErrors: string[];
  /** Serves `html` (or a fixture file under e2e/fixtures) for URLs starting with `prefix`. */
  route(prefix: string, html: string | { fixture: string }): void;
  /** A new tab whose requests go through the routes. */
  newPage(): Promise<Page>;
  /**
   * The one extension tab, showing `path`. BiDi reports no navigation for moz-extension
   * documents: the navigation is started, then the document polled until it is loaded.
   */
  extensionPage(path: string): Promise<Page>;
  /** Sends a message to the background as an extension page does. */
  send<T = unknown>(
    message: Record<string, unknown>,
  ): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string } }>;
  /** All records of one store of the extension's `etape` IndexedDB. */
  records<T = Record<string, unknown>>(store: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<FirefoxHarness> {
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json')))
    throw new Error('dist-firefox/ is missing: run `npm run build:firefox` first');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      // Grants the manifest's host permissions at install, as a user accepting the prompt
      // does; tests of the opt-in state revoke them.
      'extensions.originControls.grantByDefault': true,
      // A permissions.request from a click resolves without a prompt (none can be clicked).
      'extensions.webextOptionalPermissionPrompts': false,
      'intl.locale.requested': 'en-US',
    },
  });
  await browser.installExtension(DIST_FIREFOX);

  const strayRequests: string[] = [];
  const pageErrors: string[] = [];
  const routes: Array<{ prefix: string; body: string }> = [];
  let extensionTab: Page | null = null;

  async function newPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('request', (request) => {
      const url = request.url();
      // The extension's own files, and data: URLs (inline, nothing leaves the machine).
      if (url.startsWith('moz-extension://') || url.startsWith('data:')) {
        void request.continue();
        return;
      }
      // resourceType() and postData() throw over BiDi: pages are told apart by their URL.
      const hit = request.isNavigationRequest()
        ? routes.find((route) => url.startsWith(route.prefix))
        : undefined;
      if (hit) {
        void request.respond({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': TRUSTED_TYPES_CSP },
          body: hit.body,
        });
        return;
      }
      // The browser asks every page for its icon by itself; nothing of ours.
      if (!url.endsWith('/favicon.ico')) strayRequests.push(url);
      void request.respond({ status: 404, contentType: 'text/plain', body: '' });
    });
    return page;
  }

  async function extensionPage(path: string): Promise<Page> {
    extensionTab ??= await browser.newPage();
    const tab = extensionTab;
    const target = `${ORIGIN}/${path}`;
    // Marks the document being left, so a reload of the same URL is not taken as done at once.
    await tab
      .evaluate(() => {
        (window as { etapeLeaving?: boolean }).etapeLeaving = true;
      })
      .catch(() => undefined);
    tab.goto(target).catch(() => undefined);
    await waitFor(() =>
      tab
        .evaluate(
          (href) =>
            // The dashboard's router adds its route (#/overview) to the address as it starts.
            location.href.split('#')[0] === href.split('#')[0] &&
            document.readyState === 'complete' &&
            !(window as { etapeLeaving?: boolean }).etapeLeaving &&
            'browser' in globalThis,
          target,
        )
        .catch(() => false),
    );
    return tab;
  }

  /** Any extension document will do for messages and reads: the popup is the lightest. */
  async function control(): Promise<Page> {
    if (extensionTab && (await extensionTab.url()).startsWith(ORIGIN)) return extensionTab;
    return extensionPage('src/popup/index.html');
  }

  return {
    browser,
    strayRequests,
    pageErrors,
    route(prefix, html) {
      const body =
        typeof html === 'string' ? html : readFileSync(join(FIXTURES, html.fixture), 'utf8');
      routes.unshift({ prefix, body });
    },
    newPage,
    extensionPage,
    async send(message) {
      const tab = await control();
      return tab.evaluate(
        (payload) =>
          (
            globalThis as unknown as {
              browser: { runtime: { sendMessage(m: unknown): Promise<never> } };
            }
          ).browser.runtime.sendMessage(payload),
        message,
      );
    },
    async records(store) {
      const tab = await control();
      return tab.evaluate(
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
      await browser.close();
    },
  };
}
