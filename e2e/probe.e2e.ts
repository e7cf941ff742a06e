/**
 * Pages can see extensions: a page may `fetch('chrome-extension://<id>/<file>')` any file the
 * extension made web-accessible to it, and LinkedIn probes for thousands of extension ids this
 * way. From the main world of routed Gmail and LinkedIn pages (where Etape's content scripts
 * do run), every file of dist/ is tried: all must fail. The same fetches from Etape's own
 * page succeed, so the test does ask for files that exist.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, type Harness, launch } from './harness.ts';

let h: Harness;
let urls: string[];

beforeAll(async () => {
  h = await launch();
  await h.route('https://mail.google.com/**', { fixture: 'gmail/app-2025-04.html' });
  await h.route('https://www.linkedin.com/**', { fixture: 'linkedin/profile-2025-04.html' });
  urls = readdirSync(DIST, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(DIST, join(entry.parentPath, entry.name)).replaceAll('\\', '/'))
    .map((file) => `chrome-extension://${h.extensionId}/${file}`);
});

afterAll(async () => {
  await h?.close();
});

/** Fetches each URL from the page's own scripts (its main world), as a probing site would. */
function probe(page: Page, targets: string[]): Promise<string[]> {
  return page.evaluate(
    (list) =>
      Promise.all(
        list.map((url) =>
          fetch(url).then(
            (response) => `${url} → ${response.status}`,
            () => null,
          ),
        ),
      ).then((results) => results.filter((result): result is string => result !== null)),
    targets,
  );
}

describe('nothing of Etape is loadable from Gmail or LinkedIn', () => {
  it('tries real files: the extension itself can load every one of them', async () => {
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.some((url) => url.endsWith('/content/gmail.js'))).toBe(true);
    const own = await h.extensionPage('manifest.json');
    const loaded = await probe(own, urls);
    expect(loaded).toHaveLength(urls.length);
    await own.close();
  });

  for (const [site, address] of [
    ['Gmail', 'https://mail.google.com/mail/u/0/#inbox/FMfcgzAlice'],
    ['LinkedIn', 'https://www.linkedin.com/in/julien-moreau/'],
  ] as const) {
    it(`${site}: every file of dist/ fails to load from the page`, async () => {
      const page = await h.context.newPage();
      await page.goto(address);
      // Etape is running on this page (its UI is in it), and still nothing can be fetched.
      await page.locator('[data-etape]').first().waitFor();
      expect(await probe(page, urls)).toEqual([]);
      await page.close();
    });
  }
});
