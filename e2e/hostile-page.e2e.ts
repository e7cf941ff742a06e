/**
 * Issue #18: a script of the Gmail or LinkedIn page itself (added with addInitScript, so it runs
 * in the page's main world before Etape) answers every Etape announcement with forged handovers
 * — touchpoints for tracked prospects, and Gmail sends that auto-tracking would turn into new
 * prospects — in the old unsigned format and in the signed one with a made-up MAC.
 * - On an ordinary page load Etape announces nothing: the page hears nothing to answer (nor
 *   learns that Etape runs).
 * - The page clicks Etape's Track button for the user: nothing is tracked.
 * - A real extension update under those pages: the new copies announce themselves, the page
 *   answers each with its forgeries; nothing forged is written, each refusal is reported to
 *   detection health, and what the old Gmail copy owed (a send in its Undo period) is still
 *   handed over and logged once.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';

const ALICE = 'alice.martin@northwind.example';
const JULIEN = 'https://www.linkedin.com/in/julien-moreau/';
const MALLORY = 'mallory@forged.example';
const GMAIL = 'https://mail.google.com/mail/u/0/';

/**
 * The hostile page: listens for every announcement and answers it at once and a moment later
 * (Etape's check is asynchronous), addressed to the announced id. Counts what it heard.
 */
const HOSTILE = `(() => {
  const sites = { gmail: 'email', linkedin: 'linkedinUrl' };
  const forgedTouchpoints = {
    gmail: [{ channel: 'gmail', kind: 'email_received', email: '${ALICE}', at: Date.now(),
      key: 'gmail:forged:1:${ALICE}', summary: 'Forged by the page' }],
    linkedin: [
      { channel: 'linkedin', kind: 'linkedin_connect_sent', linkedinUrl: '${JULIEN}', at: Date.now(), key: 'linkedin:forged:connect' },
      { channel: 'linkedin', kind: 'linkedin_message_received', linkedinUrl: '${JULIEN}', at: Date.now(), key: 'linkedin:forged:message' },
    ],
  };
  const forgedSends = [{ draftId: 'msg-a:r-666', subject: 'Forged send', threadId: '',
    recipients: [{ email: '${MALLORY}', name: 'Mallory' }, { email: '${ALICE}', name: 'Alice' }],
    at: Date.now(), leftAt: Date.now(), sawUndo: true, committing: true }];
  window.__hostile = { hellos: 0, handovers: 0 };
  for (const site of Object.keys(sites)) {
    document.addEventListener('etape:' + site + ':hello', (event) => {
      let hello;
      try { hello = JSON.parse(event.detail); } catch { return; }
      if (!hello || typeof hello.id !== 'string') return;
      window.__hostile.hellos++;
      const from = crypto.randomUUID();
      const state = { sends: site === 'gmail' ? forgedSends : [], touchpoints: forgedTouchpoints[site] };
      const details = [
        JSON.stringify({ v: 1, from, to: hello.id, state }),
        JSON.stringify({ v: 2, from, to: hello.id, iv: btoa('123456789012'),
          box: btoa(JSON.stringify(state)), mac: btoa('x'.repeat(32)) }),
      ];
      const answer = () => {
        for (const detail of details) {
          window.__hostile.handovers++;
          document.dispatchEvent(new CustomEvent('etape:' + site + ':handover', { detail }));
        }
      };
      answer();
      setTimeout(answer, 100);
      setTimeout(answer, 1000);
    });
  }
})();`;

let h: Harness;
const pageErrors: string[] = [];

async function open(url: string): Promise<Page> {
  const page = await h.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}

async function forgedRows() {
  return (await h.records<{ key: string }>('touchpoints')).filter((row) =>
    /forged|msg-a:r-666/.test(row.key),
  );
}

beforeAll(async () => {
  h = await launch();
  await h.context.addInitScript(HOSTILE);
  await h.route(`${GMAIL}**`, { fixture: 'gmail/app-2025-04.html' });
  await h.route(`${JULIEN}**`, { fixture: 'linkedin/profile-2025-04.html' });
  await h.route('https://www.linkedin.com/etape-fixtures/invitation-modal', {
    fixture: 'linkedin/invitation-modal-2025-04.html',
  });
  await h.send({ type: 'trackContact', name: 'Alice Martin', emails: [ALICE] });
  await h.send({ type: 'trackContact', name: 'Julien Moreau', emails: [], linkedinUrl: JULIEN });
  // Forged sends would create prospects through auto-tracking: on, to prove they do not.
  await h.send({ type: 'updateSettings', settings: { autoTrackRecipients: true } });
});

afterAll(async () => {
  await h?.close();
});

describe('a hostile page answering every announcement', () => {
  let gmail: Page;
  let linkedin: Page;
  const heard = (page: Page) =>
    page.evaluate(
      () => (window as unknown as { __hostile: { hellos: number; handovers: number } }).__hostile,
    );

  it('hears no announcement on an ordinary page load, while Etape runs there', async () => {
    gmail = await open(`${GMAIL}?undo=5000#inbox/FMfcgzAlice`);
    linkedin = await open(JULIEN);
    await gmail.locator('[data-etape=badge]').first().waitFor();
    await linkedin.locator('[data-etape="badge"]').waitFor();
    await waitFor(async () =>
      (await h.records<{ key: string }>('touchpoints')).some((row) =>
        row.key.startsWith('linkedin:view:'),
      ),
    );
    await gmail.waitForTimeout(1000);
    expect(await heard(gmail)).toEqual({ hellos: 0, handovers: 0 });
    expect(await heard(linkedin)).toEqual({ hellos: 0, handovers: 0 });
  });

  it('tracks nobody when the page clicks Etape’s Track button for the user', async () => {
    const track = gmail.locator('[data-etape=track] button');
    await track.first().waitFor();
    expect(await track.first().getAttribute('aria-label')).toContain('Bruno Keller');
    const clicked = await gmail.evaluate(() => {
      const host = document.querySelector('[data-etape="track"]');
      const button = host?.shadowRoot?.querySelector('button') as HTMLButtonElement | null;
      button?.click();
      return button !== null && button !== undefined;
    });
    expect(clicked).toBe(true);
    await gmail.waitForTimeout(800);
    const prospects = await h.records<{ emails: string[] }>('prospects');
    expect(
      prospects.some((prospect) => prospect.emails.includes('bruno.keller@northwind.example')),
    ).toBe(false);
  });

  it('on a real update: writes nothing forged, reports the refusals, and still hands over the pending send', async () => {
    const sentByCompose = async () =>
      (await h.records<{ key: string; kind: string }>('touchpoints')).filter(
        (row) => row.kind === 'email_sent' && row.key.startsWith('gmail:compose:'),
      );
    await gmail.click('#compose-button');
    const compose = gmail.locator('.M9').last();
    await compose.locator('#to-input').fill(ALICE);
    await compose.locator('#to-input').press('Enter');
    await compose.locator('#subject-input').fill('Sent across an update, hostile page');
    await compose.locator('#compose-send').click();
    const undo = gmail.locator('#link_undo');
    await undo.waitFor();

    await h.reloadExtension();
    // The new copies announced themselves, and the page answered each with its forgeries.
    for (const page of [gmail, linkedin])
      await waitFor(async () => (await heard(page)).handovers > 0, 15_000);
    const refused = await waitFor(async () => {
      const health = await h.records<{ id: string; ok: boolean; message?: string }>('health');
      const ids = health.filter((row) => row.id.endsWith(':handover') && !row.ok);
      return ids.length === 2 ? ids : null;
    }, 15_000);
    expect(refused.map((row) => row.id).sort()).toEqual(['gmail:handover', 'linkedin:handover']);
    expect(refused[0]?.message).toMatch(/Refused a handover/);
    expect(await sentByCompose()).toEqual([]);

    // The old copy's genuine handover was taken: the send is logged once Undo goes.
    await undo.waitFor({ state: 'detached', timeout: 10_000 });
    await waitFor(async () => (await sentByCompose()).length > 0);
    // Let the later forged answers (up to 1 s after each announcement) run their course.
    await gmail.waitForTimeout(2000);
    const sent = await sentByCompose();
    expect(sent.map((row) => row.key)).toEqual([`gmail:compose:msg-a:r-7770000:${ALICE}`]);
    expect(await forgedRows()).toEqual([]);
    const prospects = await h.records<{ emails: string[] }>('prospects');
    expect(prospects.some((prospect) => prospect.emails.includes(MALLORY))).toBe(false);
    expect(pageErrors).toEqual([]);
    await Promise.all([gmail.close(), linkedin.close()]);
  });
});
