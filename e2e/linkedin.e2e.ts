/**
 * LinkedIn end to end: routed https://www.linkedin.com/ fixture pages → content script →
 * background → IndexedDB, in headless Chromium with the built extension. One browser for the
 * file; each test opens the pages it needs.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';

interface Row {
  prospectId: string;
  kind: string;
  key: string;
  stageId: string;
}
interface ProspectRow {
  id: string;
  name: string;
  emails: string[];
  linkedinUrl?: string;
  title?: string;
  company?: string;
  stageId: string;
}

const CAMILLE = 'https://www.linkedin.com/in/camille-durand/';
const NADIA = 'https://www.linkedin.com/in/nadia-lefevre/';
const JULIEN = 'https://www.linkedin.com/in/julien-moreau/';
const LEA = 'https://www.linkedin.com/in/lea-bernard/';
const HUGO = 'https://www.linkedin.com/in/hugo-petit/';

let h: Harness;
/** An extension page for tab queries, opened once. */
let control: Page | undefined;
/** Tabs a test opened: closed after it, so tests do not pile up work for two cores. */
const opened: Page[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  h = await launch();
  await h.route('https://www.linkedin.com/in/camille-durand/**', {
    fixture: 'linkedin/profile-2024-07.html',
  });
  await h.route('https://www.linkedin.com/in/julien-moreau/**', {
    fixture: 'linkedin/profile-2025-04.html',
  });
  await h.route('https://www.linkedin.com/in/ACoAAB9xQzT4kLm/**', {
    fixture: 'linkedin/profile-private-2025-04.html',
  });
  await h.route('https://www.linkedin.com/messaging/**', {
    fixture: 'linkedin/messaging-send-button-2024-07.html',
  });
  await h.route('https://www.linkedin.com/feed/**', {
    fixture: 'linkedin/messaging-enter-2025-04.html',
  });
  await h.route('https://www.linkedin.com/search/**', {
    fixture: 'linkedin/search-results-2025-04.html',
  });
  await h.route('https://www.linkedin.com/etape-fixtures/invitation-modal', {
    fixture: 'linkedin/invitation-modal-2025-04.html',
  });
});

afterEach(async () => {
  for (const page of opened.splice(0)) await page.close();
});

afterAll(async () => {
  await h?.close();
});

async function open(url: string): Promise<Page> {
  const page = await h.context.newPage();
  opened.push(page);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Fail fast: everything here happens in well under a second.
  page.setDefaultTimeout(8000);
  await page.goto(url);
  return page;
}

async function touchpoints(kind?: string): Promise<Row[]> {
  const rows = await h.records<Row>('touchpoints');
  return kind ? rows.filter((row) => row.kind === kind) : rows;
}

async function prospectByUrl(linkedinUrl: string): Promise<ProspectRow | undefined> {
  return (await h.records<ProspectRow>('prospects')).find((p) => p.linkedinUrl === linkedinUrl);
}

async function track(name: string, extra: Record<string, unknown>): Promise<string> {
  const reply = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name,
    ...extra,
  });
  if (!reply.ok || !reply.data) throw new Error(`could not track ${name}`);
  return reply.data.prospect.id;
}

/** Waits until `count()` reaches `n`, then gives the page time to (wrongly) log more. */
async function expectCount(count: () => Promise<number>, n: number): Promise<void> {
  await waitFor(async () => (await count()) >= n);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await count()).toBe(n);
}

/** What the popup would read for the tab showing `url`. */
async function tabContext(url: string): Promise<{
  page: { participants: Array<{ linkedinUrl?: string; name?: string }> } | null;
}> {
  control ??= await h.extensionPage('manifest.json');
  const tabId = await control.evaluate(async (pattern) => {
    const api = (
      globalThis as unknown as {
        chrome: { tabs: { query(q: { url: string }): Promise<Array<{ id?: number }>> } };
      }
    ).chrome;
    return (await api.tabs.query({ url: pattern }))[0]?.id ?? -1;
  }, `${url}*`);
  const reply = await h.send<{
    page: { participants: Array<{ linkedinUrl?: string; name?: string }> } | null;
  }>({ type: 'getTabContext', tabId });
  if (!reply.data) throw new Error('no tab context');
  return reply.data;
}

describe('LinkedIn profile pages', () => {
  it('offers Track on an untracked profile; Track creates the prospect and logs the visit', async () => {
    const page = await open(CAMILLE);
    const trackButton = page.locator('[data-etape="track"] button');
    await trackButton.waitFor();
    expect(await page.locator('[data-etape="badge"]').count()).toBe(0);
    // Untracked: nothing is stored for a visit.
    expect(await touchpoints()).toEqual([]);
    expect((await tabContext(CAMILLE)).page?.participants).toEqual([
      { linkedinUrl: CAMILLE, name: 'Camille Durand' },
    ]);

    await trackButton.click();
    await page.locator('[data-etape="badge"] .chip').waitFor();
    expect(await page.locator('[data-etape="badge"] .chip').textContent()).toContain('Prospect');
    const prospect = await prospectByUrl(CAMILLE);
    expect(prospect).toMatchObject({
      name: 'Camille Durand',
      title: 'Head of Sales at Northwind Traders',
      company: 'Northwind Traders',
      stageId: 'prospect',
      emails: [],
    });
    await expectCount(async () => (await touchpoints('linkedin_profile_view')).length, 1);

    // Another visit the same day is the same touchpoint.
    await page.reload();
    await page.locator('[data-etape="badge"]').waitFor();
    await expectCount(async () => (await touchpoints('linkedin_profile_view')).length, 1);

    // The badge follows a stage change made elsewhere (the popup, another tab).
    const moved = await h.send({ type: 'advanceStage', prospectId: prospect?.id });
    expect(moved.ok).toBe(true);
    await waitFor(async () =>
      ((await page.locator('[data-etape="badge"] .chip').textContent()) ?? '').includes(
        'Contacted',
      ),
    );
  });

  it('counts an invitation from the top card when sent (with a note), not when cancelled', async () => {
    const page = await open(CAMILLE);
    await page.locator('[data-etape="badge"]').waitFor();
    const connect = page.locator('main [data-fixture="connect"]');
    await connect.click();
    await page.locator('[data-test-modal-close-btn]').click();
    await connect.click();
    await page.locator('[data-fixture="add-note"]').click();
    await page.locator('#custom-message').fill('Hello Camille');
    await page.waitForTimeout(300);
    expect(await touchpoints('linkedin_connect_sent')).toEqual([]);
    await page.locator('[data-fixture="send"]').click();
    await expectCount(async () => (await touchpoints('linkedin_connect_sent')).length, 1);
    const camille = await prospectByUrl(CAMILLE);
    expect((await touchpoints('linkedin_connect_sent'))[0]?.prospectId).toBe(camille?.id);
  });

  it('re-derives the person after in-page navigation, never showing the previous one', async () => {
    const page = await open(CAMILLE);
    await page.locator('[data-etape="badge"]').waitFor();
    await page.locator('[data-fixture="spa-link"]').click();
    // The URL changed but the top card still shows Camille for 400 ms: her badge must go.
    await waitFor(async () => (await page.locator('[data-etape="badge"]').count()) === 0, 2000);
    await page.locator('[data-etape="track"] button').waitFor();
    expect(page.url()).toBe(NADIA);
    expect(await page.locator('main h1').textContent()).toBe('Nadia Lefèvre');
    expect(await page.locator('[data-etape="badge"]').count()).toBe(0);
    await waitFor(
      async () => (await tabContext(NADIA)).page?.participants[0]?.name === 'Nadia Lefèvre',
    );
    await page.locator('[data-etape="track"] button').click();
    await page.locator('[data-etape="badge"]').waitFor();
    expect(await prospectByUrl(NADIA)).toMatchObject({
      name: 'Nadia Lefèvre',
      title: 'Procurement Lead at Contoso',
      company: 'Contoso',
    });
    // Camille's record was not touched by Nadia's data.
    expect(await prospectByUrl(CAMILLE)).toMatchObject({ name: 'Camille Durand' });
  });

  it('logs a visit, an invitation from the More menu and a message from its bubble (2025, French)', async () => {
    const julien = await track('Julien Moreau', { linkedinUrl: JULIEN });
    const page = await open(JULIEN);
    await page.locator('[data-etape="badge"]').waitFor();
    await waitFor(async () =>
      (await touchpoints('linkedin_profile_view')).some((row) => row.prospectId === julien),
    );
    await page.locator('[data-fixture="more"]').click();
    await page.locator('[data-fixture="connect"]').click();
    await page.locator('[data-fixture="send"]').click();
    await waitFor(async () =>
      (await touchpoints('linkedin_connect_sent')).some((row) => row.prospectId === julien),
    );

    // Message opens a bubble that names Julien by member id: still recognised as him.
    await page.locator('main a[href*="/messaging/compose/"]').click();
    await page.locator('.msg-overlay-bubble-header [data-etape="badge"]').waitFor();
    await page.locator('#msg-overlay .msg-form__contenteditable').fill('Bonjour Julien');
    await page.locator('#msg-overlay .msg-form__send-button').click();
    await waitFor(async () =>
      (await touchpoints('linkedin_message_sent')).some((row) => row.prospectId === julien),
    );
  });

  it('handles a private third-degree profile without a company or Connect', async () => {
    const page = await open('https://www.linkedin.com/in/ACoAAB9xQzT4kLm/');
    await page.locator('[data-etape="track"] button').click();
    await page.locator('[data-etape="badge"]').waitFor();
    const prospect = (await h.records<ProspectRow>('prospects')).find(
      (p) => p.name === 'LinkedIn Member',
    );
    expect(prospect?.company).toBeUndefined();
    expect(prospect?.linkedinUrl).toBe('https://www.linkedin.com/in/acoaab9xqzt4klm/');
  });
});

describe('LinkedIn search results', () => {
  it('counts invitations from result rows for tracked people only', async () => {
    const lea = await track('Léa Bernard', { linkedinUrl: LEA });
    const before = (await touchpoints('linkedin_connect_sent')).length;
    const page = await open('https://www.linkedin.com/search/results/people/?keywords=contoso');
    const [leaConnect, hugoConnect] = [
      page.locator('[data-fixture="connect"]').nth(0),
      page.locator('[data-fixture="connect"]').nth(1),
    ];
    await leaConnect.click();
    await page.locator('[data-fixture="send"]').click();
    await hugoConnect.click();
    await page.locator('[data-fixture="send"]').click();
    await expectCount(async () => (await touchpoints('linkedin_connect_sent')).length, before + 1);
    expect((await touchpoints('linkedin_connect_sent')).at(-1)?.prospectId).toBe(lea);
    // Hugo is untracked: nothing stored about him.
    expect(await prospectByUrl(HUGO)).toBeUndefined();
  });
});

describe('LinkedIn messaging', () => {
  it('logs received and sent messages once each, and a send by the Send button', async () => {
    const camille = (await prospectByUrl(CAMILLE))?.id;
    const page = await open('https://www.linkedin.com/messaging/thread/2-ZmFrZVRocmVhZA==/');
    await page.locator('.msg-title-bar [data-etape="badge"]').waitFor();
    const mine = async (kind: string) =>
      (await touchpoints(kind)).filter((row) => row.prospectId === camille).length;
    await expectCount(() => mine('linkedin_message_received'), 2);
    await expectCount(() => mine('linkedin_message_sent'), 1);

    await page.locator('.msg-form__contenteditable').fill('See you Thursday');
    await page.locator('.msg-form__send-button').click();
    await expectCount(() => mine('linkedin_message_sent'), 2);

    await page.reload();
    await page.locator('.msg-title-bar [data-etape="badge"]').waitFor();
    await page.waitForTimeout(400);
    expect(await mine('linkedin_message_received')).toBe(2);
    expect(await mine('linkedin_message_sent')).toBe(1 + 1);
    const dump = JSON.stringify(await h.records('touchpoints'));
    expect(dump).not.toContain('never stored');
  });

  it('logs a send by Enter in an overlay bubble (French UI, no Send button)', async () => {
    const julien = (await prospectByUrl(JULIEN))?.id;
    const page = await open('https://www.linkedin.com/feed/');
    await page.locator('.msg-overlay-bubble-header [data-etape="badge"]').waitFor();
    const mine = async (kind: string) =>
      (await touchpoints(kind)).filter((row) => row.prospectId === julien).length;
    await expectCount(() => mine('linkedin_message_received'), 1);
    const sentBefore = await mine('linkedin_message_sent');
    await page.locator('.msg-form__contenteditable').click();
    await page.keyboard.type('Avec plaisir');
    await page.keyboard.press('Enter');
    await expectCount(() => mine('linkedin_message_sent'), sentBefore + 1);
  });
});

describe('one person, one prospect', () => {
  it('links a LinkedIn profile to a Gmail-found prospect after confirmation, keeping everything', async () => {
    const gmailId = await track('Julien Moreau', { emails: ['julien.moreau@fabrikam.example'] });
    await h.send({
      type: 'logTouchpoints',
      touchpoints: [
        {
          email: 'julien.moreau@fabrikam.example',
          channel: 'gmail',
          kind: 'email_received',
          at: Date.now() - 86_400_000,
          key: 'gmail:julien:1',
        },
      ],
    });
    await h.send({ type: 'setStage', prospectId: gmailId, stageId: 'qualified' });
    const linkedinId = (await prospectByUrl(JULIEN))?.id;
    const linkedinTouches = (await touchpoints()).filter((row) => row.prospectId === linkedinId);
    expect(linkedinTouches.length).toBeGreaterThan(0);

    const page = await open(JULIEN);
    await page.locator('[data-etape="badge"]').waitFor();
    await page.locator('[data-etape="link"] .chip').click();
    await page.locator('[data-etape="link"] input').fill('fabrikam.example');
    const pick = page.locator('[data-etape="link"] [data-etape-action="pick-prospect"]');
    await pick.first().waitFor();
    expect(await pick.count()).toBe(1);
    await pick.first().click();
    const confirm = page.locator('[data-etape="link"] [data-etape-action="confirm-link"]');
    await confirm.waitFor();
    // Confirmed first: nothing merged yet, and the card says what will be kept.
    expect(await page.locator('[data-etape="link"] .card').textContent()).toContain('Qualified');
    expect((await h.records<ProspectRow>('prospects')).some((p) => p.id === linkedinId)).toBe(true);
    await confirm.click();

    await waitFor(async () =>
      (await h.records<ProspectRow>('prospects')).every((p) => p.id !== linkedinId),
    );
    const merged = await prospectByUrl(JULIEN);
    expect(merged).toMatchObject({
      id: gmailId,
      emails: ['julien.moreau@fabrikam.example'],
      stageId: 'qualified',
    });
    const all = (await touchpoints()).filter((row) => row.prospectId === gmailId);
    expect(all.length).toBe(linkedinTouches.length + 1);
    const changes = await h.records<{ prospectId: string }>('stageChanges');
    expect(changes.some((change) => change.prospectId === linkedinId)).toBe(false);
    await waitFor(async () =>
      ((await page.locator('[data-etape="badge"] .chip').textContent()) ?? '').includes(
        'Qualified',
      ),
    );
  });
});

describe('passive mode', () => {
  it('injects nothing into LinkedIn but keeps detecting', async () => {
    const set = await h.send({ type: 'updateSettings', settings: { passiveLinkedin: true } });
    expect(set.ok).toBe(true);
    const camille = (await prospectByUrl(CAMILLE))?.id;
    const page = await open('https://www.linkedin.com/messaging/thread/2-ZmFrZVRocmVhZA==/');
    const sent = async () =>
      (await touchpoints('linkedin_message_sent')).filter((row) => row.prospectId === camille)
        .length;
    const before = await sent();
    await page.locator('.msg-form__contenteditable').fill('Passive but counted');
    await page.locator('.msg-form__send-button').click();
    await expectCount(sent, before + 1);
    expect(await page.locator('[data-etape]').count()).toBe(0);

    const profile = await open(CAMILLE);
    await waitFor(async () => (await tabContext(CAMILLE)).page !== null);
    await profile.waitForTimeout(500);
    expect(await profile.locator('[data-etape]').count()).toBe(0);

    // Turning it off brings the badge back without a reload.
    await h.send({ type: 'updateSettings', settings: { passiveLinkedin: false } });
    await profile.locator('[data-etape="badge"]').waitFor();
  });
});

describe('robustness', () => {
  it('reported every LinkedIn detector healthy, threw nothing, and made no stray request', async () => {
    const health = await h.records<{ site: string; ok: boolean; detector: string }>('health');
    const linkedin = health.filter((record) => record.site === 'linkedin');
    expect(linkedin.map((record) => record.detector).sort()).toEqual([
      'connect-sent',
      'messages',
      'profile-view',
    ]);
    expect(linkedin.every((record) => record.ok)).toBe(true);
    expect(pageErrors).toEqual([]);
    expect(h.strayRequests).toEqual([]);
  });
});
