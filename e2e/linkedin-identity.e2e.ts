/**
 * One person across LinkedIn's URLs (issue #13), on routed www.linkedin.com pages built from
 * 2025 captures: Maëlle Garnier's profile lives at her vanity URL and names her member id among
 * other people's; her conversation links her only by member id.
 * - Track from the conversation creates her from its header and logs its messages; her profile
 *   then fills in the vanity URL, headline and company of the same prospect.
 * - Track on her profile, then the conversation: each message logged once on that prospect, and
 *   its badge; a prospect tracked before member ids gets hers from a profile visit.
 * - A one-click invitation (Pending, no modal) counts once; a withdrawn one does not.
 * - Passive mode injects nothing; the popup offers Track for the conversation.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';

interface Row {
  prospectId: string;
  kind: string;
  key: string;
  linkedinUrl?: string;
}
interface ProspectRow {
  id: string;
  name: string;
  linkedinUrl?: string;
  linkedinMemberId?: string;
  title?: string;
  company?: string;
}

const PROFILE = 'https://www.linkedin.com/in/maelle-garnier-4b2c1a/';
const MEMBER_ID = 'ACoAAD7hR2kLmN0pQ3sT5vX8zY1bC4eF6gH9jKw';
const THREAD = 'https://www.linkedin.com/messaging/thread/2-TWFlbGxlR2FybmllclRocmVhZA==/';
/** The fixture's grace for a Pending invitation (connect-detector.ts) and some slack. */
const PENDING_GRACE_MS = 3000;

let h: Harness;
const opened: Page[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  h = await launch();
  await h.route(`${PROFILE}**`, { fixture: 'linkedin/profile-member-id-2025-04.html' });
  await h.route('https://www.linkedin.com/messaging/**', {
    fixture: 'linkedin/messaging-member-ids-2025-04.html',
  });
});

afterEach(async () => {
  for (const page of opened.splice(0)) await page.close();
  // Each test starts with Maëlle untracked.
  for (const prospect of await h.records<ProspectRow>('prospects'))
    await h.send({ type: 'deleteProspect', prospectId: prospect.id });
});

afterAll(async () => {
  await h?.close();
});

async function open(url: string): Promise<Page> {
  const page = await h.context.newPage();
  opened.push(page);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.setDefaultTimeout(8000);
  await page.goto(url);
  return page;
}

async function prospects(): Promise<ProspectRow[]> {
  return h.records<ProspectRow>('prospects');
}

async function touchpoints(kind?: string): Promise<Row[]> {
  const rows = await h.records<Row>('touchpoints');
  return kind ? rows.filter((row) => row.kind === kind) : rows;
}

/** Waits until `count()` reaches `n`, then gives the pages time to (wrongly) log more. */
async function expectCount(count: () => Promise<number>, n: number, settleMs = 400) {
  await waitFor(async () => (await count()) >= n);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  expect(await count()).toBe(n);
}

const messagesOf = async (prospectId: string) =>
  (await touchpoints()).filter(
    (row) => row.prospectId === prospectId && row.kind.startsWith('linkedin_message_'),
  );

async function tabId(url: string): Promise<number> {
  const control = await h.extensionPage('manifest.json');
  try {
    return await waitFor(async () =>
      control.evaluate(async (pattern) => {
        const api = (
          globalThis as unknown as {
            chrome: { tabs: { query(q: { url: string }): Promise<Array<{ id?: number }>> } };
          }
        ).chrome;
        return (await api.tabs.query({ url: pattern }))[0]?.id;
      }, `${url}*`),
    );
  } finally {
    await control.close();
  }
}

describe('Track from a conversation', () => {
  it('creates the prospect from the header, logs the messages; the profile then fills it in', async () => {
    const thread = await open(THREAD);
    const track = thread.locator('.msg-title-bar [data-etape="track"] button');
    await track.waitFor();
    // Untracked: nothing logged yet.
    expect(await touchpoints()).toEqual([]);
    await track.click();
    await thread.locator('.msg-title-bar [data-etape="badge"]').waitFor();
    const [created] = await prospects();
    expect(created).toMatchObject({ name: 'Maëlle Garnier', linkedinMemberId: MEMBER_ID });
    expect(created?.linkedinUrl).toBeUndefined();
    const id = created?.id ?? '';
    await expectCount(async () => (await messagesOf(id)).length, 3);
    expect((await messagesOf(id)).map((row) => row.kind).sort()).toEqual([
      'linkedin_message_received',
      'linkedin_message_received',
      'linkedin_message_sent',
    ]);

    // Her profile: the same prospect (found by the member id the page names), completed.
    const profile = await open(PROFILE);
    await profile.locator('[data-etape="badge"]').waitFor();
    const filled = await waitFor(async () => {
      const [found] = await prospects();
      return found?.linkedinUrl && found.title && found.company ? found : null;
    });
    expect(await prospects()).toHaveLength(1);
    expect(filled).toMatchObject({
      id,
      name: 'Maëlle Garnier',
      linkedinUrl: PROFILE,
      linkedinMemberId: MEMBER_ID,
      title: 'VP Operations at Tailspin Toys',
      company: 'Tailspin Toys',
    });
    await expectCount(
      async () =>
        (await touchpoints('linkedin_profile_view')).filter((row) => row.prospectId === id).length,
      1,
    );
  });
});

describe('one person under two URLs', () => {
  it('profile Track, then the conversation: each message once on that prospect, with its badge', async () => {
    const profile = await open(PROFILE);
    await profile.locator('[data-etape="track"] button').click();
    await profile.locator('[data-etape="badge"]').waitFor();
    const [tracked] = await prospects();
    // Her id, read from the page next to her slug: not the viewer's nor a mutual connection's.
    expect(tracked).toMatchObject({ linkedinUrl: PROFILE, linkedinMemberId: MEMBER_ID });
    const id = tracked?.id ?? '';

    const thread = await open(THREAD);
    await thread.locator('.msg-title-bar [data-etape="badge"]').waitFor();
    expect(await thread.locator('[data-etape="track"]').count()).toBe(0);
    await expectCount(async () => (await messagesOf(id)).length, 3);

    // A message sent now, and the page reloaded: still once each.
    await thread.locator('.msg-form__contenteditable').fill('See you Tuesday');
    await thread.locator('.msg-form__send-button').click();
    await expectCount(async () => (await messagesOf(id)).length, 4);
    await thread.reload();
    await thread.locator('.msg-title-bar [data-etape="badge"]').waitFor();
    await thread.waitForTimeout(500);
    expect(await messagesOf(id)).toHaveLength(4);
    expect(await prospects()).toHaveLength(1);
  });

  it('gives a prospect tracked before member ids (vanity URL only) its id on a profile visit', async () => {
    const reply = await h.send<{ prospect: { id: string } }>({
      type: 'trackContact',
      name: 'Maëlle Garnier',
      emails: [],
      linkedinUrl: PROFILE,
    });
    const id = reply.data?.prospect.id ?? '';
    // Her conversation names her by member id only: not matched yet.
    const before = await open(THREAD);
    await before.locator('.msg-title-bar [data-etape="track"]').waitFor();
    expect(await messagesOf(id)).toEqual([]);
    await before.close();

    const profile = await open(PROFILE);
    await profile.locator('[data-etape="badge"]').waitFor();
    await waitFor(async () => (await prospects())[0]?.linkedinMemberId === MEMBER_ID);

    const thread = await open(THREAD);
    await thread.locator('.msg-title-bar [data-etape="badge"]').waitFor();
    await expectCount(async () => (await messagesOf(id)).length, 3);
    expect(await prospects()).toHaveLength(1);
  });
});

describe('one-click invitations', () => {
  it('counts a Pending invitation once, and not one withdrawn right away', async () => {
    await h.send({
      type: 'trackContact',
      name: 'Maëlle Garnier',
      emails: [],
      linkedinUrl: PROFILE,
    });
    const profile = await open(PROFILE);
    await profile.locator('[data-etape="badge"]').waitFor();
    const invitations = async () => (await touchpoints('linkedin_connect_sent')).length;

    // Connect, Pending, withdrawn at once: no invitation.
    await profile.locator('[data-fixture="connect"]').click();
    await profile.locator('[data-fixture="pending"]').click();
    await profile.locator('[data-fixture="withdraw"]').click();
    await profile.locator('[data-fixture="connect"]').waitFor();
    await profile.waitForTimeout(PENDING_GRACE_MS + 1000);
    expect(await invitations()).toBe(0);

    // Connect, and it stays Pending (no modal ever comes): one invitation.
    await profile.locator('[data-fixture="connect"]').click();
    await profile.locator('[data-fixture="pending"]').waitFor();
    expect(await profile.locator('[role="dialog"]').count()).toBe(0);
    await expectCount(invitations, 1, 1500);
    const [row] = await touchpoints('linkedin_connect_sent');
    expect(row?.prospectId).toBe((await prospects())[0]?.id);
  });

  it('reads the French Pending ("En attente")', async () => {
    await h.send({
      type: 'trackContact',
      name: 'Maëlle Garnier',
      emails: [],
      linkedinUrl: PROFILE,
    });
    const profile = await open(`${PROFILE}?lang=fr`);
    await profile.locator('[data-etape="badge"]').waitFor();
    await profile.locator('[data-fixture="connect"]').click();
    expect(await profile.locator('[data-fixture="pending"]').getAttribute('aria-label')).toMatch(
      /^En attente/,
    );
    await expectCount(async () => (await touchpoints('linkedin_connect_sent')).length, 1, 1000);
  });
});

describe('passive mode', () => {
  it('injects nothing into the conversation; the popup offers Track for it', async () => {
    await h.send({ type: 'updateSettings', settings: { passiveLinkedin: true } });
    try {
      const thread = await open(THREAD);
      const tab = await tabId(THREAD);
      const popup = await h.extensionPage(`src/popup/index.html?tab=${tab}`);
      opened.push(popup);
      const track = popup.locator('[data-etape-action="track"]');
      await track.waitFor();
      expect(await popup.locator('[data-participant]').textContent()).toContain('Maëlle Garnier');
      await track.click();
      const created = await waitFor(async () => (await prospects())[0]);
      expect(created).toMatchObject({ name: 'Maëlle Garnier', linkedinMemberId: MEMBER_ID });
      await expectCount(async () => (await messagesOf(created.id)).length, 3);
      expect(await thread.locator('[data-etape]').count()).toBe(0);
    } finally {
      await h.send({ type: 'updateSettings', settings: { passiveLinkedin: false } });
    }
  });
});

describe('robustness', () => {
  it('reported every LinkedIn detector healthy and raised no page error', async () => {
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
