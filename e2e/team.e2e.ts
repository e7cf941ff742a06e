/**
 * The team view and the rep filter on the built extension in headless Chromium: the sample
 * pipeline split between two reps by a restore carrying `ownerRep` (as a synced database holds
 * them), `#/team` lists both reps with the figures the pure functions compute from IndexedDB,
 * the overview's rep picker changes the figures to that rep's, and both views pass axe in light
 * and dark with two reps (the a11y e2e audits them with one). Then the Team sync form: its
 * fields, and a Connect with a bad URL shown as `error` with its reason.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHistories,
  computeFigures,
  historiesOfRep,
  presetPeriod,
  stageOrder,
  teamFigures,
} from '../src/shared/analytics.ts';
import type { Backup } from '../src/shared/backup.ts';
import type { Process, Prospect, StageChange } from '../src/shared/schemas.ts';
import { audit } from './axe.ts';
import { type Harness, launch } from './harness.ts';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await launch();
  const loaded = await h.send({ type: 'loadSampleData' });
  if (!loaded.ok) throw new Error(`sample data: ${loaded.error?.message}`);
  const exported = await h.send<{ backup: Backup }>({ type: 'exportBackup', appVersion: 'e2e' });
  const backup = exported.data?.backup;
  if (!backup) throw new Error('no backup');
  const owner = new Map<string, string>();
  backup.data.prospects.forEach((prospect, index) => {
    prospect.ownerRep = index % 2 === 0 ? 'Ana Silva' : 'Bruno Keller';
    owner.set(prospect.id, prospect.ownerRep);
  });
  for (const record of [...backup.data.stageChanges, ...backup.data.touchpoints])
    record.ownerRep = owner.get(record.prospectId);
  const restored = await h.send({
    type: 'restoreBackup',
    text: JSON.stringify(backup),
    mode: 'replace',
  });
  if (!restored.ok) throw new Error(`restore: ${restored.error?.message}`);
  page = await h.extensionPage('src/dashboard/index.html#/team');
});

afterAll(async () => {
  await h?.close();
});

/** The records in the extension's database, as the analytics read them. */
async function stored() {
  const process = (await h.send<{ process: Process }>({ type: 'getProcess' })).data?.process;
  if (!process) throw new Error('no process');
  const prospects = await h.records<Prospect>('prospects');
  const changes = await h.records<StageChange>('stageChanges');
  const histories = buildHistories({
    prospects,
    changes: [...changes].sort((a, b) => (a.id ?? 0) - (b.id ?? 0)),
    touchCounts: [],
  });
  return { process, histories, prospects };
}

async function expectClean(): Promise<void> {
  const violations: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const line of await audit(page)) violations.push(`[${theme}] ${line}`);
  }
  expect(violations, `axe violations:\n${violations.join('\n')}\n`).toEqual([]);
}

const number = async (selector: string) =>
  Number(await page.locator(selector).first().getAttribute('data-value'));

describe('team view and rep filter', () => {
  it('lists both reps with their figures, the team’s totals, and passes axe', async () => {
    const { process, histories, prospects } = await stored();
    expect(new Set(prospects.map((prospect) => prospect.ownerRep))).toEqual(
      new Set(['Ana Silva', 'Bruno Keller']),
    );
    await page.locator('[data-rep="Bruno Keller"]').waitFor();
    const reps = await page
      .locator('tbody [data-rep]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rep')));
    expect(reps).toEqual(['You', 'Ana Silva', 'Bruno Keller']);

    const period = presetPeriod('last90', Date.now());
    const want = teamFigures(histories, stageOrder(process), period, Date.now(), undefined);
    for (const rep of want.reps.slice(1)) {
      const row = `[data-rep="${rep.rep}"]`;
      expect([
        await number(`${row} [data-figure="open"]`),
        await number(`${row} [data-figure="won"]`),
        await number(`${row} [data-figure="lost"]`),
      ]).toEqual([rep.open, rep.won, rep.lost]);
    }
    expect(await number('[data-team-total] [data-figure="won"]')).toBe(want.team.won);
    expect(want.team.won).toBeGreaterThan(0);
    // Two reps while sync is off (a restored team backup): said, with the way to turn it on.
    expect(await page.locator('[data-team-note="sync-off"] a').getAttribute('href')).toBe(
      '#/settings',
    );
    await expectClean();
  });

  it('the overview’s rep picker shows that rep’s figures, and passes axe', async () => {
    const { process, histories } = await stored();
    await page.locator('a[data-route-link="overview"]').click();
    const picker = page.locator('select[name="rep"]');
    await picker.waitFor();
    await page.locator('[data-kpi="won"]').waitFor();
    const period = presetPeriod('last90', Date.now());
    const order = stageOrder(process);
    const everyone = computeFigures(histories, order, period, Date.now());
    expect(await number('[data-kpi="won"]')).toBe(everyone.won);

    for (const rep of ['Bruno Keller', 'Ana Silva']) {
      await picker.selectOption({ label: rep });
      await page.waitForURL((url) => url.hash === `#/overview?rep=${rep.replace(' ', '+')}`);
      const own = computeFigures(
        historiesOfRep(histories, rep, undefined),
        order,
        period,
        Date.now(),
      );
      await page.waitForFunction(
        (won) => document.querySelector('[data-kpi="won"]')?.getAttribute('data-value') === won,
        String(own.won),
      );
      expect(await number('[data-kpi="lost"]')).toBe(own.lost);
      expect(own.won).toBeLessThan(everyone.won);
    }
    await expectClean();

    // A reload opens on the same rep's figures.
    await page.reload();
    await page.locator('[data-kpi="won"]').waitFor();
    expect(await picker.inputValue()).toBe('=Ana Silva');
    await picker.selectOption({ label: 'The whole team' });
    await page.waitForURL((url) => url.hash === '#/overview');
    await page.waitForFunction(
      (won) => document.querySelector('[data-kpi="won"]')?.getAttribute('data-value') === won,
      String(everyone.won),
    );
  });
});

describe('team sync form', () => {
  it('names its fields, and a bad URL is an error with a reason', async () => {
    await page.locator('a[data-route-link="settings"]').click();
    const status = page.locator('[data-sync-state]');
    await status.waitFor();
    expect(await status.getAttribute('data-sync-state')).toBe('off');
    for (const name of ['syncUrl', 'syncUser', 'syncPassword', 'repName'])
      expect(await page.locator(`input[name="${name}"]`).count()).toBe(1);
    expect(await page.locator('input[name="syncPassword"]').getAttribute('type')).toBe('password');

    // From the keyboard: type into each field, Enter submits.
    await page.locator('input[name="syncUrl"]').fill('http://couch.example.com/acme-sales');
    await page.locator('input[name="syncUser"]').fill('ana');
    await page.locator('input[name="syncPassword"]').fill('not-a-real-password');
    await page.locator('input[name="repName"]').fill('Ana Silva');
    await page.locator('input[name="repName"]').press('Enter');
    await page.locator('[data-sync-state="error"]').waitFor();
    expect(await page.locator('[data-sync-reason]').textContent()).toMatch(
      /not a database URL Etape can use/,
    );
    await expectClean();
    await page.locator('[data-action="sync-disconnect"]').click();
    await page.locator('[data-sync-state="off"]').waitFor();
  });
});

describe('in French', () => {
  let fr: Harness;
  let frPage: Page;

  beforeAll(async () => {
    fr = await launch({ lang: 'fr' });
    await fr.send({ type: 'trackContact', name: 'Camille Durand' });
    frPage = await fr.extensionPage('src/dashboard/index.html#/team');
  });

  afterAll(async () => {
    await fr?.close();
  });

  it('names this browser’s rep “Vous” and explains team sync in French', async () => {
    await frPage.locator('[data-rep="Vous"]').waitFor();
    expect(await frPage.locator('main > h1').textContent()).toBe('Équipe');
    expect(await frPage.locator('[data-team-note="alone"]').textContent()).toContain(
      'synchronisation d’équipe',
    );
  });

  it('says why a bad URL cannot sync, in French', async () => {
    await frPage.locator('a[data-route-link="settings"]').click();
    await frPage.locator('input[name="syncUrl"]').fill('couch.example.com');
    await frPage.locator('input[name="repName"]').fill('Camille');
    await frPage.locator('[data-action="sync-connect"]').click();
    await frPage.locator('[data-sync-state="error"]').waitFor();
    expect(await frPage.locator('[data-sync-reason]').textContent()).toMatch(
      /^Cette URL n’est pas celle d’une base/,
    );
    expect(await frPage.locator('[data-action="sync-connect"]').textContent()).toBe('Connecter');
  });
});
