/**
 * The account's own replies in Gmail (issue #13): a reply sent from this tab keeps its temporary
 * `#msg-a:r…` id for hours; once past the undo window (and with no Undo on screen) it is sent
 * and is logged, on Track as for a tracked prospect; after the thread reloads with the reply's
 * final `#msg-f:` id, in a second tab showing either form, and for a message an older version
 * stored under its Gmail id, it stays one touchpoint. On routed mail.google.com pages
 * (own-reply-msg-a-2025-04.html, own-reply-synced-2025-04.html).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sentKey } from '../src/content/gmail/conversation.ts';
import { type Harness, launch, waitFor } from './harness.ts';

interface Row {
  prospectId: string;
  kind: string;
  key: string;
  at: number;
}

const INES = 'ines.duval@tailspin.example';
/** /mail/u/0/ shows the reply as just sent from that tab (msg-a), /mail/u/1/ after a sync. */
const BEFORE_SYNC = 'https://mail.google.com/mail/u/0/';
const AFTER_SYNC = 'https://mail.google.com/mail/u/1/';
const THREAD = '#inbox/FMfcgzInes';

let h: Harness;
const opened: Page[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  h = await launch();
  await h.route(`${BEFORE_SYNC}**`, { fixture: 'gmail/own-reply-msg-a-2025-04.html' });
  await h.route(`${AFTER_SYNC}**`, { fixture: 'gmail/own-reply-synced-2025-04.html' });
});

afterEach(async () => {
  for (const page of opened.splice(0)) await page.close();
  // Each test starts with Inès untracked.
  const prospects = await h.records<{ id: string; emails: string[] }>('prospects');
  for (const prospect of prospects.filter((p) => p.emails.includes(INES)))
    await h.send({ type: 'deleteProspect', prospectId: prospect.id });
});

afterAll(async () => {
  expect(pageErrors).toEqual([]);
  expect(h.strayRequests).toEqual([]);
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

async function rowsOf(email = INES): Promise<Row[]> {
  const prospect = (await h.records<{ id: string; emails: string[] }>('prospects')).find((p) =>
    p.emails.includes(email),
  );
  if (!prospect) return [];
  return (await h.records<Row>('touchpoints')).filter((row) => row.prospectId === prospect.id);
}

/** Waits until `n` touchpoints, then gives the pages time to (wrongly) log more. */
async function expectRows(n: number): Promise<Row[]> {
  await waitFor(async () => (await rowsOf()).length >= n);
  await new Promise((resolve) => setTimeout(resolve, 600));
  const rows = await rowsOf();
  expect(rows).toHaveLength(n);
  return rows;
}

/** A reply date on a whole minute, hours ago (the header shows minutes). */
function hoursAgo(hours: number): number {
  return Math.floor((Date.now() - hours * 3_600_000) / 60_000) * 60_000;
}

async function trackInes(page: Page): Promise<void> {
  const track = page.locator('[data-etape=track] button');
  await track.waitFor();
  expect(await track.count()).toBe(1);
  await track.click();
  await page.locator('[data-etape=badge]').first().waitFor();
}

describe('the account’s own msg-a reply', () => {
  it('is logged on Track, and stays one touchpoint after the thread reloads with msg-f', async () => {
    const sent = hoursAgo(3);
    const page = await open(`${BEFORE_SYNC}?sent=${sent}${THREAD}`);
    await trackInes(page);
    const rows = await expectRows(2);
    const reply = rows.find((row) => row.kind === 'email_sent');
    expect(reply?.key).toBe(sentKey(INES, sent, 'Pilot timeline'));
    expect(reply?.at).toBe(sent);

    // The page reloads: the same reply now has its final id and a legacy id.
    await page.goto(`${AFTER_SYNC}?sent=${sent}${THREAD}`);
    await page.locator('[data-etape=badge]').first().waitFor();
    const after = await expectRows(2);
    expect(after.map((row) => row.key).sort()).toEqual(rows.map((row) => row.key).sort());
  });

  it('is one touchpoint with two tabs, one showing each form, logging at once', async () => {
    const sent = hoursAgo(5);
    const [before, after] = await Promise.all([
      open(`${BEFORE_SYNC}?sent=${sent}${THREAD}`),
      open(`${AFTER_SYNC}?sent=${sent}${THREAD}`),
    ]);
    await Promise.all([
      before.locator('[data-etape=track]').waitFor(),
      after.locator('[data-etape=track]').waitFor(),
    ]);
    // Tracked elsewhere (the popup): both tabs hear of it and log together.
    await h.send({ type: 'trackContact', name: 'Inès Duval', emails: [INES] });
    const rows = await expectRows(2);
    expect(rows.filter((row) => row.kind === 'email_sent')).toHaveLength(1);
  });

  it('reads the date in French and waits while an Undo toast is on screen', async () => {
    const sent = hoursAgo(2);
    await h.send({ type: 'trackContact', name: 'Inès Duval', emails: [INES] });
    const page = await open(`${BEFORE_SYNC}?sent=${sent}&lang=fr&toast=1${THREAD}`);
    await page.locator('[data-etape=badge]').first().waitFor();
    // The received message counts; the reply waits while Gmail offers Undo.
    const first = await expectRows(1);
    expect(first[0]?.kind).toBe('email_received');
    await page.click('#dismiss-toast');
    const rows = await expectRows(2);
    expect(rows.find((row) => row.kind === 'email_sent')?.key).toBe(
      sentKey(INES, sent, 'Pilot timeline'),
    );
  });

  it('does not log again a reply an older version stored under its Gmail id', async () => {
    const sent = hoursAgo(26);
    const { data } = await h.send<{ prospect: { id: string } }>({
      type: 'trackContact',
      name: 'Inès Duval',
      emails: [INES],
    });
    // What versions before content keys wrote for the synced reply and the received message.
    await h.send({
      type: 'logTouchpoints',
      touchpoints: [
        {
          channel: 'gmail',
          kind: 'email_sent',
          email: INES,
          at: sent,
          key: `gmail:msg-f:1829000000000000502:${INES}`,
          summary: 'Pilot timeline',
        },
        {
          channel: 'gmail',
          kind: 'email_received',
          email: INES,
          at: sent - 2 * 3_600_000,
          key: `gmail:msg-f:1829000000000000501:${INES}`,
          summary: 'Pilot timeline',
        },
      ],
    });
    const page = await open(`${AFTER_SYNC}?sent=${sent}${THREAD}`);
    await page.locator('[data-etape=badge]').first().waitFor();
    await page.waitForTimeout(1200);
    const rows = await rowsOf();
    expect(rows.map((row) => row.key).sort()).toEqual([
      `gmail:msg-f:1829000000000000501:${INES}`,
      `gmail:msg-f:1829000000000000502:${INES}`,
    ]);
    expect(rows.every((row) => row.prospectId === data?.prospect.id)).toBe(true);
  });

  it('is left to the send detector while younger than the undo window', async () => {
    await h.send({ type: 'trackContact', name: 'Inès Duval', emails: [INES] });
    const page = await open(`${BEFORE_SYNC}?sent=${Date.now() - 10_000}${THREAD}`);
    await page.locator('[data-etape=badge]').first().waitFor();
    const rows = await expectRows(1);
    expect(rows[0]?.kind).toBe('email_received');
  });
});
