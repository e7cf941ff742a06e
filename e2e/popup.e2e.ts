/**
 * The popup as the rep uses it, in headless Chromium on the built extension: a routed Gmail
 * conversation of a tracked prospect, the popup page pointed at that tab (`?tab=<id>`, as a
 * real toolbar popup cannot be opened by a test), then Advance / Undo / a manual call / Lost,
 * each checked in the database, in the popup, in the Gmail page's badge and on the toolbar.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';

/** The extension APIs used from extension pages here (harness.ts types only `runtime`). */
interface PageApis {
  chrome: {
    tabs: {
      query(info: { url?: string }): Promise<Array<{ id?: number }>>;
      getCurrent(): Promise<{ id?: number } | undefined>;
    };
    action: { getBadgeText(details: { tabId: number }): Promise<string> };
  };
}

let h: Harness;
let gmail: Page;
let popup: Page;
let gmailTabId: number;
let prospectId: string;
const pageErrors: string[] = [];

interface ProspectRecord {
  id: string;
  stageId: string;
  status: string;
  lostReason?: string;
}

async function prospect(): Promise<ProspectRecord | undefined> {
  return (await h.records<ProspectRecord>('prospects')).find((record) => record.id === prospectId);
}

/** The text of the stage badge the Gmail helper puts next to the prospect (open shadow root). */
async function gmailBadge(): Promise<string> {
  return gmail.evaluate(() => {
    const host = document.querySelector('[data-etape="badge"]');
    return host?.shadowRoot?.textContent ?? '';
  });
}

async function toolbarBadge(tabId: number): Promise<string> {
  return popup.evaluate(
    (id) => (globalThis as unknown as PageApis).chrome.action.getBadgeText({ tabId: id }),
    tabId,
  );
}

beforeAll(async () => {
  h = await launch();
  await h.route('https://mail.google.com/**', { fixture: 'gmail/conversation-2025-04.html' });
  const tracked = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name: 'Alice Martin',
    emails: ['alice.martin@northwind.example'],
    company: 'Northwind',
  });
  if (!tracked.data) throw new Error('could not track the prospect');
  prospectId = tracked.data.prospect.id;

  gmail = await h.context.newPage();
  gmail.on('pageerror', (error) => pageErrors.push(error.message));
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTpLsample');

  // The Gmail tab's id, as the toolbar popup would know it for the active tab.
  const finder = await h.extensionPage('manifest.json');
  gmailTabId = await waitFor(async () => {
    const tabs = await finder.evaluate(() =>
      (globalThis as unknown as PageApis).chrome.tabs.query({ url: 'https://mail.google.com/*' }),
    );
    return tabs[0]?.id;
  });
  await finder.close();
  // The content script has reported the conversation's participants when its badge shows.
  await waitFor(async () => (await gmailBadge()).includes('Prospect'));
  popup = await h.extensionPage(`src/popup/index.html?tab=${gmailTabId}`);
  popup.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await h?.close();
});

describe('popup for a Gmail conversation of a tracked prospect', () => {
  it('shows the prospect in context with stage, times, next steps and timeline', async () => {
    const card = popup.locator(`article[data-prospect-id="${prospectId}"]`);
    await card.locator('h2').waitFor();
    expect(await card.locator('h2').textContent()).toBe('Alice Martin');
    expect(await card.locator('[data-etape="stage-name"]').textContent()).toBe('Prospect');
    expect(await card.locator('.steps input[type="checkbox"]').count()).toBe(3);
    // The two emails of the fixture conversation, logged by the Gmail content script.
    await waitFor(async () => (await card.locator('.timeline li').count()) === 2);
    expect(await card.locator('.timeline').textContent()).toContain('Email received');
    expect(await popup.evaluate(() => document.documentElement.dataset.etapeReady)).toBe('context');
    // The toolbar badge shows the time in stage for the Gmail tab only.
    expect(await waitFor(async () => (await toolbarBadge(gmailTabId)) || null)).toMatch(/^\d+m$/);
  });

  it('Advance moves the prospect and the Gmail badge follows; Undo brings it back', async () => {
    await popup.getByRole('button', { name: /Advance stage/ }).click();
    await waitFor(async () => (await prospect())?.stageId === 'contacted');
    await popup.locator('[data-etape="stage-name"]', { hasText: 'Contacted' }).waitFor();
    await waitFor(async () => (await gmailBadge()).includes('Contacted'));

    await popup.getByRole('button', { name: 'Undo' }).click();
    await waitFor(async () => (await prospect())?.stageId === 'prospect');
    await popup.locator('[data-etape="stage-name"]', { hasText: 'Prospect' }).waitFor();
    await waitFor(async () => (await gmailBadge()).includes('Prospect'));
    expect(await popup.getByRole('button', { name: 'Undo' }).count()).toBe(0);
  });

  it('logs a manual call with a short summary', async () => {
    await popup.getByLabel('Kind of touchpoint').selectOption('call');
    await popup.getByLabel('Summary').fill('Pilot scope agreed');
    // Keyboard only: Enter in the summary field submits the form.
    await popup.getByLabel('Summary').press('Enter');
    const call = await waitFor(async () =>
      (
        await h.records<{ kind: string; channel: string; key: string; summary?: string }>(
          'touchpoints',
        )
      ).find((touchpoint) => touchpoint.kind === 'call'),
    );
    expect(call).toMatchObject({ channel: 'manual', summary: 'Pilot scope agreed' });
    expect(call?.key).toMatch(/^manual:/);
    await popup.locator('.timeline li[data-kind="call"]').waitFor();
  });

  it('marks the prospect lost with a reason from the list', async () => {
    await popup.getByRole('button', { name: 'Lost…' }).click();
    await popup.getByLabel('Reason').selectOption('Bad timing');
    await popup.getByRole('button', { name: 'Mark as lost' }).click();
    await waitFor(async () => (await prospect())?.status === 'lost');
    expect(await prospect()).toMatchObject({ stageId: 'lost', lostReason: 'Bad timing' });
    await popup.getByText('Lost: Bad timing').waitFor();
    await waitFor(async () => (await gmailBadge()).includes('Lost'));
  });

  it('shows needs attention without a tab context, and makes no network request', async () => {
    const home = await h.extensionPage('src/popup/index.html?tab=999999');
    await home.getByRole('heading', { name: 'Needs attention' }).waitFor();
    expect(await home.locator('[data-etape="attention-summary"]').textContent()).toBe(
      '0 over target · 0 open',
    );
    await home.close();
    expect(pageErrors).toEqual([]);
    expect(h.strayRequests).toEqual([]);
  });
});
