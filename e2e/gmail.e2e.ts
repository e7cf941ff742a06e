/**
 * Gmail end to end, in headless Chromium with the built extension, on routed
 * https://mail.google.com/ pages (hand-written fixtures that play Gmail's part: hash
 * navigation, expanding messages, compose, Send, Undo, the msg-a → msg-f id change).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentKey } from '../src/content/gmail/conversation.ts';
import { type Harness, launch, waitFor } from './harness.ts';

interface TouchpointRow {
  kind: string;
  key: string;
  prospectId: string;
  stageId: string;
  summary?: string;
  at: number;
}
interface ProspectRow {
  id: string;
  name: string;
  emails: string[];
  stageId: string;
}
interface HealthRow {
  id: string;
  ok: boolean;
  selector?: string;
}

const APP = 'https://mail.google.com/mail/u/0/';
const ALICE = 'alice.martin@northwind.example';
/** The fixture's undo period (?undo=), and how long after it a send must be committed. */
const UNDO_MS = 800;

let h: Harness;
let gmail: Page;
let aliceId = '';
const pageErrors: string[] = [];

async function touchpoints(): Promise<TouchpointRow[]> {
  return h.records<TouchpointRow>('touchpoints');
}

async function sentTo(prospectId: string): Promise<TouchpointRow[]> {
  return (await touchpoints()).filter(
    (row) => row.prospectId === prospectId && row.kind === 'email_sent',
  );
}

beforeAll(async () => {
  h = await launch();
  await h.route(`${APP}**`, { fixture: 'gmail/app-2025-04.html' });
  await h.route('https://mail.google.com/mail/u/2/**', {
    fixture: 'gmail/broken-selector-2025-04.html',
  });
  const tracked = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name: 'Alice Martin',
    emails: [ALICE],
  });
  aliceId = tracked.data?.prospect.id ?? '';
  gmail = await h.context.newPage();
  gmail.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await h?.close();
});

describe('Gmail conversation', () => {
  it('logs a tracked prospect’s messages, shows badges, and Track only for other people', async () => {
    await gmail.goto(`${APP}?undo=${UNDO_MS}#inbox/FMfcgzAlice`);
    // Collapsed (101), own with alias sender (103), received (104).
    const rows = await waitFor(async () => {
      const all = await touchpoints();
      return all.length >= 3 ? all : null;
    });
    // Received ones by their Gmail id; the account's own by what its msg-a and msg-f forms share.
    expect(rows.map((row) => row.key).sort()).toEqual([
      `gmail:msg-f:1820000000000000101:${ALICE}`,
      `gmail:msg-f:1820000000000000104:${ALICE}`,
      sentKey(ALICE, new Date(2025, 3, 8, 14, 15).getTime(), 'Pricing for 2026'),
    ]);
    expect(rows.find((row) => row.key.startsWith('gmail:sent:'))?.kind).toBe('email_sent');
    expect(rows.every((row) => row.prospectId === aliceId && row.stageId === 'prospect')).toBe(
      true,
    );
    expect(rows[0]?.summary).toBe('Pricing for 2026');

    const badge = gmail.locator('[data-etape=badge] button.chip');
    await badge.first().waitFor();
    expect(await badge.count()).toBe(1);
    expect(await badge.first().textContent()).toMatch(/ · \d+ min$/);
    // Bruno (cc, external) gets a Track control; the account and its alias never do.
    const track = gmail.locator('[data-etape=track] button');
    await track.first().waitFor();
    expect(await track.count()).toBe(1);
    expect(await track.first().getAttribute('aria-label')).toContain('Bruno Keller');
  });

  it('logs a message expanded later, once', async () => {
    await gmail.click('#expand-older');
    await waitFor(async () =>
      (await touchpoints()).some((row) => row.key.includes('1820000000000000102')),
    );
    await gmail.waitForTimeout(300);
    expect(await touchpoints()).toHaveLength(4);
  });

  it('opens the card, advances the stage, and the badge follows live', async () => {
    await gmail.locator('[data-etape=badge] button.chip').click();
    const advance = gmail.locator('[data-etape=badge] [data-etape-action=advance]');
    await advance.waitFor();
    expect(await gmail.locator('[data-etape=badge] .card li').count()).toBeGreaterThan(0);
    await advance.click();
    const prospect = await waitFor(async () => {
      const [row] = (await h.records<ProspectRow>('prospects')).filter((p) => p.id === aliceId);
      return row && row.stageId !== 'prospect' ? row : null;
    });
    const { data } = await h.send<{ process: { stages: Array<{ id: string; name: string }> } }>({
      type: 'getProcess',
    });
    const stageName = data?.process.stages.find((stage) => stage.id === prospect.stageId)?.name;
    expect(stageName).toBeTruthy();
    await waitFor(async () =>
      (await gmail.locator('[data-etape=badge] button.chip').textContent())?.startsWith(
        `${stageName} ·`,
      ),
    );
  });

  it('updates the badge when the stage changes elsewhere (popup, another tab)', async () => {
    const before = await gmail.locator('[data-etape=badge] button.chip').textContent();
    const moved = await h.send<{ prospect: { stageId: string } }>({
      type: 'advanceStage',
      prospectId: aliceId,
    });
    expect(moved.ok).toBe(true);
    const after = await waitFor(async () => {
      const text = await gmail.locator('[data-etape=badge] button.chip').textContent();
      return text !== before ? text : null;
    });
    const { data } = await h.send<{ process: { stages: Array<{ id: string; name: string }> } }>({
      type: 'getProcess',
    });
    const stage = data?.process.stages.find((s) => s.id === moved.data?.prospect.stageId);
    expect(after.startsWith(`${stage?.name} ·`)).toBe(true);
  });

  it('tells the background who the open conversation shows (for the popup)', async () => {
    const control = await h.extensionPage('manifest.json');
    const context = await control.evaluate(async () => {
      const tabs = await (
        globalThis as unknown as {
          chrome: { tabs: { query(q: object): Promise<Array<{ id: number; url?: string }>> } };
        }
      ).chrome.tabs.query({});
      const tab = tabs.find((candidate) => candidate.url?.includes('FMfcgzAlice'));
      return chrome.runtime.sendMessage({ type: 'getTabContext', tabId: tab?.id ?? -1 });
    });
    await control.close();
    const page = (context.data as unknown as { page: { participants: Array<{ email: string }> } })
      .page;
    expect(page.participants.map((p) => p.email).sort()).toEqual([
      ALICE,
      'bruno.keller@northwind.example',
    ]);
  });

  it('follows hash navigation: inbox chips, back to the thread, no duplicates', async () => {
    await gmail.evaluate(() => {
      location.hash = '#inbox';
    });
    const chip = gmail.locator('#row-alice [data-etape=chip] .chip');
    await chip.waitFor();
    expect(await gmail.locator('[data-etape=chip]').count()).toBe(1);
    expect(await gmail.locator('[data-etape=badge]').count()).toBe(0);
    await gmail.goBack();
    await gmail.locator('[data-etape=badge]').first().waitFor();
    await gmail.waitForTimeout(300);
    expect(await touchpoints()).toHaveLength(4);
  });

  it('tracks an untracked sender in one click and logs the visible messages', async () => {
    await gmail.evaluate(() => {
      location.hash = '#inbox/FMfcgzDana';
    });
    const track = gmail.locator('[data-etape=track] button');
    await track.first().waitFor();
    // Dana only: neither the no-reply notifications address nor Sam, a colleague.
    expect(await track.count()).toBe(1);
    await track.click();
    const dana = await waitFor(async () =>
      (await h.records<ProspectRow>('prospects')).find((p) =>
        p.emails.includes('dana.okafor@fabrikam.example'),
      ),
    );
    expect(dana.name).toBe('Dana Okafor');
    await waitFor(async () =>
      (await touchpoints()).some(
        (row) => row.prospectId === dana.id && row.key.includes('1820000000000000201'),
      ),
    );
    await gmail.locator('[data-etape=badge]').first().waitFor();
    expect(await gmail.locator('[data-etape=track]').count()).toBe(0);
  });
});

describe('Gmail sends', () => {
  async function composeTo(address: string, subject: string, page = gmail): Promise<void> {
    await page.click('#compose-button');
    const window = page.locator('.M9').last();
    await window.locator('#to-input').fill(address);
    await window.locator('#to-input').press('Enter');
    await window.locator('#subject-input').fill(subject);
  }

  it('logs one email_sent after the undo period, from a new compose window', async () => {
    const before = (await sentTo(aliceId)).length;
    await gmail.evaluate(() => {
      location.hash = '#inbox';
    });
    await composeTo(ALICE, 'Proposal attached');
    await gmail.locator('.M9 #compose-send').last().click();
    // Not while Undo is still offered.
    await gmail.waitForTimeout(UNDO_MS / 4);
    expect(await sentTo(aliceId)).toHaveLength(before);
    const sent = await waitFor(async () => {
      const rows = await sentTo(aliceId);
      return rows.length > before ? rows : null;
    });
    await gmail.waitForTimeout(500);
    expect(await sentTo(aliceId)).toHaveLength(before + 1);
    const logged = sent.find((row) => row.key.startsWith('gmail:compose:'));
    expect(logged?.summary).toBe('Proposal attached');
  });

  it('logs nothing when the send is undone', async () => {
    const before = (await touchpoints()).length;
    await composeTo(ALICE, 'Oops, wrong draft');
    await gmail.locator('.M9 #compose-send').last().click();
    await gmail.locator('#link_undo').click();
    // The compose window is back (same draft); wait well past the undo period.
    await gmail.locator('.M9').waitFor();
    await gmail.waitForTimeout(UNDO_MS + 800);
    expect(await touchpoints()).toHaveLength(before);
  });

  it('logs a send still in its undo period when the tab closes (Gmail still sends it), once', async () => {
    const before = (await sentTo(aliceId)).length;
    const closing = await h.context.newPage();
    closing.on('pageerror', (error) => pageErrors.push(error.message));
    // An undo period far longer than the test: only the closing tab can get it logged.
    await closing.goto(`${APP}?undo=60000&drafts=8880000#inbox`);
    await closing.locator('#row-alice [data-etape=chip]').waitFor();
    await composeTo(ALICE, 'Sent, then closed', closing);
    await closing.locator('.M9 #compose-send').last().click();
    await closing.locator('#link_undo').waitFor();
    // The send tracker's next tick sees the form gone (Gmail accepted the send).
    await closing.waitForTimeout(400);
    expect(await sentTo(aliceId)).toHaveLength(before);
    // As a user closing the tab: the page's unload handlers run (Playwright skips them by default).
    await closing.close({ runBeforeUnload: true });
    const sent = await waitFor(async () => {
      const rows = await sentTo(aliceId);
      return rows.length > before ? rows : null;
    });
    await gmail.waitForTimeout(500);
    expect(await sentTo(aliceId)).toHaveLength(before + 1);
    expect(sent.at(-1)?.summary).toBe('Sent, then closed');
  });

  it('logs an inline reply sent with Ctrl+Enter once, despite its msg-a → msg-f change', async () => {
    await gmail.evaluate(() => {
      location.hash = '#inbox/FMfcgzAlice';
    });
    const before = (await sentTo(aliceId)).length;
    await gmail.locator('#reply-body').click();
    await gmail.keyboard.press('Control+Enter');
    const synced = gmail.locator('[data-message-id^="#msg-f:18200000000000009"]');
    await synced.waitFor({ timeout: 5000 });
    await waitFor(async () => (await sentTo(aliceId)).length > before);
    // Let the conversation re-scan see the synced copy, and once more after an expansion.
    await gmail.waitForTimeout(300);
    await gmail.click('#expand-older');
    await gmail.waitForTimeout(400);
    const sent = await sentTo(aliceId);
    expect(sent).toHaveLength(before + 1);
    expect(sent.at(-1)?.key).toBe(`gmail:compose:msg-a:r-5551001:${ALICE}`);
  });

  it('logs no duplicates when the page is opened again', async () => {
    const count = (await touchpoints()).length;
    await gmail.reload();
    await gmail.locator('[data-etape=badge]').first().waitFor();
    await gmail.waitForTimeout(800);
    expect(await touchpoints()).toHaveLength(count);
  });

  it('auto-tracks a new recipient when the setting is on', async () => {
    await h.send({ type: 'updateSettings', settings: { autoTrackRecipients: true } });
    await gmail.evaluate(() => {
      location.hash = '#inbox';
    });
    await composeTo('erin.blake@contoso.example', 'Intro');
    await gmail.locator('.M9 #compose-send').last().click();
    const erin = await waitFor(async () =>
      (await h.records<ProspectRow>('prospects')).find((p) =>
        p.emails.includes('erin.blake@contoso.example'),
      ),
    );
    await waitFor(async () => (await sentTo(erin.id)).length === 1);
    await h.send({ type: 'updateSettings', settings: { autoTrackRecipients: false } });
  });
});

describe('Gmail robustness', () => {
  it('keeps a page with a broken selector working and records the failure', async () => {
    const broken = await h.context.newPage();
    const errors: string[] = [];
    broken.on('pageerror', (error) => errors.push(error.message));
    await broken.goto('https://mail.google.com/mail/u/2/#inbox/FMfcgzBroken');
    const health = await waitFor(async () =>
      (await h.records<HealthRow>('health')).find(
        (row) => row.id === 'gmail:conversation' && !row.ok,
      ),
    );
    expect(health.selector).toBe('gmail.sender');
    await broken.click('#archive');
    expect(await broken.textContent('#archived')).toBe('Conversation archived.');
    expect(errors).toEqual([]);
    await broken.close();
  });

  it('raised no page error, stored no body and made no network request', async () => {
    expect(pageErrors).toEqual([]);
    const dump = JSON.stringify([await touchpoints(), await h.records('prospects')]);
    expect(dump).not.toContain('never stored');
    expect(h.strayRequests).toEqual([]);
  });
});
