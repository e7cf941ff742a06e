/**
 * Etape in French, as a French Chromium shows it (`--lang=fr`): the dashboard's views are named
 * in French, and a refused restore says why in French — the background's reason translated by
 * the page, with no English from the parser or an error class name.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch } from './harness.ts';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await launch({ lang: 'fr' });
  page = await h.extensionPage('src/dashboard/index.html#/data');
  await page.locator('[data-section="data"]').waitFor();
});

afterAll(async () => {
  await h?.close();
});

describe('in French', () => {
  it('names the views in French', async () => {
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^fr/);
    expect(await page.locator('nav a[data-route-link="pipeline"]').textContent()).toBe('Pipeline');
    expect(await page.locator('nav a[data-route-link="data"]').textContent()).toBe('Vos données');
    expect(await page.locator('main > h1').textContent()).toBe('Vos données');
  });

  it('refuses a cut-short backup with a French sentence, and changes nothing', async () => {
    await page.setInputFiles('[data-action="restore-file"]', {
      name: 'coupee.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"etape-backup","formatVersion":1,"data":{"prosp'),
    });
    await page.click('[data-action="restore"]');
    const alert = page.locator('[data-block="backup"] [role="alert"]');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toBe(
      "Rien n'a été modifié. Le fichier est tronqué : ce n’est pas une sauvegarde complète.",
    );
    expect(text).not.toMatch(/Error|cut short|Invalid|JSON at/);
    expect(await h.records('prospects')).toEqual([]);
  });

  it('names the faulty field of a CSV row in French, not the validator’s English', async () => {
    await page.setInputFiles('[data-action="import-file"]', {
      name: 'crm.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        ['Nom complet,Email', 'Ana Lima,ana@lima.example', 'Bo,pas-une-adresse'].join('\n'),
      ),
    });
    const errors = page.locator('[data-block="csv-import"] .errors');
    await errors.waitFor();
    expect(await errors.textContent()).toBe('Ligne 3 : E-mail : non valide');
  });
});
