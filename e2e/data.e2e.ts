/**
 * Own your data, in the dashboard page: backup → delete everything → restore gives identical
 * stores; a corrupt file is refused and changes nothing; CSV export and CSV import.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';

let h: Harness;
let page: Page;

const STORES = [
  'prospects',
  'touchpoints',
  'stageChanges',
  'actionChecks',
  'processes',
  'settings',
];

async function dump(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const store of STORES) out[store] = await h.records(store);
  return out;
}

async function download(action: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

beforeAll(async () => {
  h = await launch();
  const ana = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name: 'Ana Lima',
    emails: ['ana@lima.example'],
    company: 'Lima, Irmãos',
  });
  await h.send({
    type: 'trackContact',
    name: '<img src=x onerror=alert(1)> Eve',
    emails: ['eve@x.example'],
  });
  await h.send({ type: 'advanceStage', prospectId: ana.data?.prospect.id });
  await h.send({
    type: 'logTouchpoints',
    touchpoints: [
      {
        email: 'ana@lima.example',
        channel: 'gmail',
        kind: 'email_sent',
        at: Date.now(),
        key: 'gmail:e2e:1',
        summary: 'Hi',
      },
    ],
  });
  page = await h.extensionPage('src/dashboard/index.html#/data');
  await page.waitForSelector('[data-section="data"]');
});

afterAll(async () => {
  await h?.close();
});

describe('your data', () => {
  it('backs up, deletes everything, restores identical stores', async () => {
    const before = await dump();
    const backup = await download(() => page.click('[data-action="backup"]'));
    expect(backup.name).toMatch(/^etape-backup-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(backup.text)).toMatchObject({ format: 'etape-backup', formatVersion: 1 });

    await page.fill('[data-action="delete-all-phrase"]', 'delete everything');
    await page.click('[data-action="delete-all"]');
    await waitFor(async () => (await h.records('prospects')).length === 0);

    await page.setInputFiles('[data-action="restore-file"]', {
      name: backup.name,
      mimeType: 'application/json',
      buffer: Buffer.from(backup.text),
    });
    await page.click('[data-action="restore"]');
    await page.waitForSelector('[data-block="backup"] [data-status="ok"]');
    expect(await dump()).toEqual(before);
  });

  it('refuses a corrupt backup with a message and changes nothing', async () => {
    const before = await dump();
    await page.setInputFiles('[data-action="restore-file"]', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"etape-backup","formatVersion":1,"data":{"prosp'),
    });
    // Non-empty database: the merge/replace choice shows; replace is the dangerous one.
    await page.check('input[name="restore-mode"][value="replace"]');
    await page.click('[data-action="restore"]');
    const alert = await page.waitForSelector('[data-block="backup"] [role="alert"]');
    expect(await alert.textContent()).toMatch(/Nothing was changed.*cut short/);
    expect(await dump()).toEqual(before);
  });

  it('exports a HubSpot CSV with a BOM and its columns; hostile names stay text', async () => {
    const csv = await download(() => page.click('[data-action="csv-export"]'));
    expect(csv.name).toMatch(/^etape-hubspot-.*\.csv$/);
    expect(
      csv.text.startsWith('\uFEFFFirst Name,Last Name,Email,Job Title,Company Name,Deal Name'),
    ).toBe(true);
    expect(csv.text).toContain('"Lima, Irmãos"');
    expect(await page.$('img[src="x"]')).toBeNull();
  });

  it('imports a CSV: preview, bad rows reported by line, duplicates merged', async () => {
    const file = [
      'Full Name,Email,Company',
      'Chloé Martin,chloe@martin.example,"Martin, SA"',
      'Broken,not-an-email,X',
      'Ana Again,ANA@lima.example,',
    ].join('\n');
    await page.setInputFiles('[data-action="import-file"]', {
      name: 'crm.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file),
    });
    const summary = await page.waitForSelector('[data-import-summary]');
    expect(await summary.textContent()).toBe('2 rows ready to import, 1 rows with problems.');
    expect(await page.textContent('[data-block="csv-import"] .errors')).toContain(
      'Line 3: Email is not valid',
    );
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-block="csv-import"] [data-status="ok"]');
    const prospects = await h.records<{ name: string; emails: string[] }>('prospects');
    expect(prospects.map((prospect) => prospect.name).sort()).toEqual([
      '<img src=x onerror=alert(1)> Eve',
      'Ana Lima',
      'Chloé Martin',
    ]);
  });
});
