/**
 * Nothing lost, nothing doubled, nothing leaked: touchpoints detected while the worker sleeps or
 * is stopped mid-burst are logged exactly once; an extension reload (an update) under open
 * Gmail and LinkedIn tabs loses nothing; two Gmail tabs and a LinkedIn tab logging at once
 * double nothing; hostile names render as text; no request leaves the browser, the worker's
 * own included.
 */
import type { ElementHandle, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';
import { track } from './prospects.ts';

let h: Harness;
const ACCOUNT = 'rep@etape-demo.example';
const ALICE = 'alice.martin@northwind.example';
/** Errors the pages raised or logged: Etape must add none, old or new script, before or after a reload. */
const pageErrors: string[] = [];

/** A Gmail conversation of `count` messages with `email`, alternating received and sent. */
function conversation(email: string, name: string, count: number, thread: number): string {
  const messages = Array.from({ length: count }, (_, i) => {
    const received = i % 2 === 0;
    const from = received ? `email="${email}" name="${name}"` : `email="${ACCOUNT}" name="me"`;
    const to = received ? `email="${ACCOUNT}" name="me"` : `email="${email}" name="${name}"`;
    const id = `${thread}${String(i).padStart(6, '0')}`;
    return `<div class="adn ads" data-message-id="#msg-f:${id}" data-legacy-message-id="${Number(id).toString(16)}">
      <table><tbody><tr>
        <td class="gF gK"><span class="qu"><span class="gD" ${from}>x</span></span></td>
        <td class="gH"><div class="gK"><span class="g3" title="Tue, Apr 8, 2025, 10:${String(i % 60).padStart(2, '0')} AM">Apr 8</span></div></td>
      </tr></tbody></table>
      <div class="hb">to <span class="g2" ${to}>y</span></div>
      <div class="a3s">Secret body ${i} (never stored)</div>
    </div>`;
  }).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thread ${thread} - ${ACCOUNT} - Etape Demo Mail</title></head>
  <body><div class="nH"><div class="nH a98 iY" role="main">
  <h2 class="hP" data-thread-perm-id="thread-f:${thread}" data-legacy-thread-id="${thread.toString(16)}">Thread ${thread}</h2>
  ${messages}
  </div></div></body></html>`;
}

async function touchpointsOf(prospectId: string) {
  return (await h.records<{ prospectId: string; key: string }>('touchpoints')).filter(
    (t) => t.prospectId === prospectId,
  );
}

async function open(url: string): Promise<Page> {
  const page = await h.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${url}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${url}: console: ${message.text()}`);
  });
  await page.goto(url);
  return page;
}

/** Resolves once `element` left the page (its script stood down) and a new `selector` is shown. */
async function replaced(page: Page, old: ElementHandle, selector: string): Promise<void> {
  await waitFor(
    async () =>
      !(await old.evaluate((node) => node.isConnected)) && (await page.$(selector)) !== null,
  );
  expect(await page.locator(selector).count()).toBe(1);
}

beforeAll(async () => {
  h = await launch();
  await h.route(
    'https://mail.google.com/mail/u/0/burst/**',
    conversation('bea@burst.example', 'Bea Burst', 50, 7001),
  );
  await h.route(
    'https://mail.google.com/mail/u/0/sleep/**',
    conversation('sam@sleep.example', 'Sam Sleep', 6, 7002),
  );
  await h.route(
    'https://mail.google.com/mail/u/0/twin/**',
    conversation('tia@twin.example', 'Tia Twin', 20, 7003),
  );
});

afterAll(async () => {
  await h?.close();
});

describe('worker lifecycle', () => {
  it('logs what is detected while the worker is stopped, exactly once', async () => {
    const prospectId = await track(h, 'Sam Sleep', 'sam@sleep.example');
    await h.stopWorker();
    const page = await open('https://mail.google.com/mail/u/0/sleep/#inbox/a');
    const logged = await waitFor(async () => {
      const rows = await touchpointsOf(prospectId);
      return rows.length >= 6 ? rows : null;
    }, 20_000);
    await page.waitForTimeout(1000);
    expect(await touchpointsOf(prospectId)).toHaveLength(logged.length);
    expect(new Set(logged.map((t) => t.key)).size).toBe(6);
    await page.close();
  });

  it('loses nothing and doubles nothing when the worker is stopped during a burst', async () => {
    const prospectId = await track(h, 'Bea Burst', 'bea@burst.example');
    const page = await open('https://mail.google.com/mail/u/0/burst/#inbox/b');
    // Stop while the content script is sending the conversation's 50 touchpoints.
    await page.waitForTimeout(150);
    await h.stopWorker();
    const rows = await waitFor(async () => {
      const found = await touchpointsOf(prospectId);
      return found.length >= 50 ? found : null;
    }, 30_000);
    await page.reload();
    await page.waitForTimeout(1500);
    const after = await touchpointsOf(prospectId);
    expect(after).toHaveLength(50);
    expect(new Set(after.map((t) => t.key)).size).toBe(50);
    expect(rows.length).toBe(50);
    await page.close();
  });
});

describe('concurrency', () => {
  it('two Gmail tabs on the same conversation and a LinkedIn tab log at once, nothing doubled', async () => {
    const prospectId = await track(h, 'Tia Twin', 'tia@twin.example');
    await h.send({
      type: 'trackContact',
      name: 'Tia Twin',
      emails: ['tia@twin.example'],
      linkedinUrl: 'https://www.linkedin.com/in/julien-moreau/',
    });
    // The profile fixture is Julien Moreau's page: here, Tia's LinkedIn identity.
    await h.route('https://www.linkedin.com/in/julien-moreau/**', {
      fixture: 'linkedin/profile-2025-04.html',
    });
    const pages = await Promise.all([
      open('https://mail.google.com/mail/u/0/twin/#inbox/c'),
      open('https://mail.google.com/mail/u/0/twin/#inbox/c'),
      open('https://www.linkedin.com/in/julien-moreau/'),
    ]);
    const rows = await waitFor(async () => {
      const found = await touchpointsOf(prospectId);
      return found.length >= 21 ? found : null;
    }, 20_000);
    await pages[0]?.waitForTimeout(1000);
    const after = await touchpointsOf(prospectId);
    expect(after.length).toBe(rows.length);
    expect(new Set(after.map((t) => t.key)).size).toBe(after.length);
    // 20 emails and one profile visit for the day.
    expect(after.length).toBe(21);
    for (const page of pages) await page.close();
  });
});

describe('extension reload (an update) mid-session', () => {
  let gmail: Page;
  let aliceId = '';
  const sentByCompose = async () =>
    (await h.records<{ prospectId: string; key: string; kind: string }>('touchpoints')).filter(
      (t) =>
        t.prospectId === aliceId && t.kind === 'email_sent' && t.key.startsWith('gmail:compose:'),
    );

  it('re-injects into an open Gmail tab: the badge comes back, a new message is logged once', async () => {
    await h.route('https://mail.google.com/mail/u/3/**', { fixture: 'gmail/app-2025-04.html' });
    aliceId = await track(h, 'Alice Martin', ALICE);
    // Undo offered 5 s: long enough for a reload to happen inside it (next test).
    gmail = await open('https://mail.google.com/mail/u/3/?undo=5000#inbox/FMfcgzAlice');
    await waitFor(async () => (await touchpointsOf(aliceId)).length >= 3);
    const badge = await gmail.waitForSelector('[data-etape=badge]');

    await h.reloadExtension();
    await replaced(gmail, badge, '[data-etape=badge]');
    // Only the new script can reach the background: a message shown now is logged, once.
    await gmail.click('#expand-older');
    await waitFor(async () =>
      (await touchpointsOf(aliceId)).some((t) => t.key.includes('1820000000000000102')),
    );
    await gmail.waitForTimeout(500);
    const rows = await touchpointsOf(aliceId);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((t) => t.key)).size).toBe(4);
  });

  it('logs a send still in its undo period at the reload once, after Undo goes away', async () => {
    await gmail.click('#compose-button');
    const compose = gmail.locator('.M9').last();
    await compose.locator('#to-input').fill(ALICE);
    await compose.locator('#to-input').press('Enter');
    await compose.locator('#subject-input').fill('Sent across a reload');
    await compose.locator('#compose-send').click();
    const undo = gmail.locator('#link_undo');
    await undo.waitFor();

    await h.reloadExtension();
    // Handed over to the new script, which waits for Gmail to really send it.
    expect(await undo.count()).toBe(1);
    expect(await sentByCompose()).toEqual([]);
    await undo.waitFor({ state: 'detached', timeout: 10_000 });
    await waitFor(async () => (await sentByCompose()).length > 0);
    await gmail.waitForTimeout(1000);
    const sent = await sentByCompose();
    expect(sent.map((t) => t.key)).toEqual([`gmail:compose:msg-a:r-7770000:${ALICE}`]);
  });

  it('runs one copy per page: a second injection and a forged announcement change nothing', async () => {
    await h.worker.evaluate(async () => {
      const [script] = chrome.runtime.getManifest().content_scripts ?? [];
      const tabs = await chrome.tabs.query({ url: script?.matches ?? [] });
      for (const tab of tabs)
        if (tab.id !== undefined)
          await chrome.scripting.executeScript({
            target: { tabId: tab.id },
            files: script?.js ?? [],
          });
    });
    // The page can dispatch the announcement too: a live script ignores it.
    await gmail.evaluate(() =>
      document.dispatchEvent(
        new CustomEvent('etape:gmail:hello', {
          detail: JSON.stringify({ v: 1, id: crypto.randomUUID() }),
        }),
      ),
    );
    await gmail.waitForTimeout(800);
    expect(await gmail.locator('[data-etape=badge]').count()).toBe(1);
    // Still the one live script: a change made elsewhere reaches its badge.
    const before = await gmail.locator('[data-etape=badge] button.chip').textContent();
    await h.send({ type: 'advanceStage', prospectId: aliceId });
    await waitFor(
      async () => (await gmail.locator('[data-etape=badge] button.chip').textContent()) !== before,
    );
    expect(await touchpointsOf(aliceId)).toHaveLength(5);
    await gmail.close();
  });

  it('re-injects into an open LinkedIn tab: the badge and detection come back', async () => {
    const url = 'https://www.linkedin.com/in/camille-durand/';
    await h.route(`${url}**`, { fixture: 'linkedin/profile-2024-07.html' });
    await h.route('https://www.linkedin.com/etape-fixtures/invitation-modal', {
      fixture: 'linkedin/invitation-modal-2025-04.html',
    });
    const tracked = await h.send<{ prospect: { id: string } }>({
      type: 'trackContact',
      name: 'Camille Durand',
      emails: [],
      linkedinUrl: url,
    });
    const camilleId = tracked.data?.prospect.id ?? '';
    const kinds = async () =>
      (await h.records<{ prospectId: string; kind: string }>('touchpoints'))
        .filter((t) => t.prospectId === camilleId)
        .map((t) => t.kind)
        .sort();
    const page = await open(url);
    const badge = await page.waitForSelector('[data-etape="badge"]');
    await waitFor(async () => (await kinds()).includes('linkedin_profile_view'));

    await h.reloadExtension();
    await replaced(page, badge, '[data-etape="badge"]');
    await page.locator('main [data-fixture="connect"]').click();
    await page.locator('[data-fixture="send"]').click();
    await waitFor(async () => (await kinds()).includes('linkedin_connect_sent'));
    await page.waitForTimeout(500);
    // The invitation once, and the day's visit still once.
    expect(await kinds()).toEqual(['linkedin_connect_sent', 'linkedin_profile_view']);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('page safety', () => {
  it('with selectors broken, Gmail and LinkedIn pages keep working and the popup names each failed detector', async () => {
    await h.route('https://mail.google.com/mail/u/0/broken/**', {
      fixture: 'gmail/broken-selector-2025-04.html',
    });
    // A 2026-style profile where no known hook for the name matches any more.
    await h.route(
      'https://www.linkedin.com/in/broken-person/**',
      '<!doctype html><html lang="en"><head><title>LinkedIn</title></head><body><main><section><div class="x9f2"><span class="q81">Broken Person</span></div><button id="own">Follow</button></section></main></body></html>',
    );
    const gmail = await open('https://mail.google.com/mail/u/0/broken/#inbox/z');
    const linkedin = await open('https://www.linkedin.com/in/broken-person/');
    // The pages' own controls still work: Etape threw nothing into them.
    await linkedin.click('#own');
    const failed = await waitFor(async () => {
      const health = await h.records<{ id: string; ok: boolean }>('health');
      const ids = health.filter((record) => !record.ok).map((record) => record.id);
      return ids.includes('gmail:conversation') && ids.includes('linkedin:profile-view')
        ? ids
        : null;
    }, 20_000);
    const popup = await h.extensionPage('src/popup/index.html');
    const notice = await popup.waitForSelector('[data-health="failing"]');
    for (const id of failed) expect(await notice.$(`[data-detector="${id}"]`)).not.toBeNull();
    expect(await notice.textContent()).toContain('gmail.sender');
    await Promise.all([gmail.close(), linkedin.close(), popup.close()]);
  });
});

describe('settings', () => {
  it('saves ignored domains and passive mode from the dashboard', async () => {
    const page = await h.extensionPage('src/dashboard/index.html#/settings');
    await page.fill('[data-setting="ignoredDomains"]', 'Northwind.example\n@acme.example');
    await page.check('[data-setting="passiveLinkedin"]');
    await page.click('[data-action="save-settings"]');
    await page.waitForSelector('#settings [data-status="ok"]');
    const [record] = await h.records<{
      value: { ignoredDomains: string[]; passiveLinkedin: boolean };
    }>('settings');
    expect(record?.value).toMatchObject({
      ignoredDomains: ['northwind.example', 'acme.example'],
      passiveLinkedin: true,
    });
    await page.fill('[data-setting="ignoredDomains"]', 'not a domain');
    await page.click('[data-action="save-settings"]');
    expect(await page.textContent('#settings [role="alert"]')).toContain('not');
    await page.close();
  });
});

describe('hostile input and privacy', () => {
  it('renders a name holding markup as inert text in the popup, the dashboard and a Gmail badge', async () => {
    await h.send({
      type: 'trackContact',
      name: '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>Mallory',
      emails: ['mallory@evil.example'],
    });
    for (const path of ['src/popup/index.html', 'src/dashboard/index.html']) {
      const page = await h.extensionPage(path);
      await page.waitForTimeout(1500);
      expect(await page.$('img[src="x"]')).toBeNull();
      expect(await page.title()).not.toBe('pwned');
      await page.close();
    }
    // The popup's needs-attention list shows the name as the text it is.
    const popup = await h.extensionPage('src/popup/index.html');
    await waitFor(async () =>
      ((await popup.textContent('body')) ?? '').includes(
        '<script>document.title="pwned"</script>Mallory',
      ),
    );
    await popup.close();

    // And the badge card in Gmail, inside its shadow root.
    await h.route(
      'https://mail.google.com/mail/u/0/mallory/**',
      conversation('mallory@evil.example', 'Mallory', 2, 7004),
    );
    const gmail = await open('https://mail.google.com/mail/u/0/mallory/#inbox/m');
    const shadowText = () =>
      gmail.evaluate(
        () => document.querySelector('[data-etape="badge"]')?.shadowRoot?.textContent ?? '',
      );
    await waitFor(async () => (await shadowText()).length > 0);
    await gmail.evaluate(() => {
      const chip = document
        .querySelector('[data-etape="badge"]')
        ?.shadowRoot?.querySelector('button');
      (chip as HTMLButtonElement | null)?.click();
    });
    await waitFor(async () => (await shadowText()).includes('Mallory'));
    expect(await shadowText()).toContain('<img src=x onerror=');
    expect(
      await gmail.evaluate(
        () =>
          document
            .querySelector('[data-etape="badge"]')
            ?.shadowRoot?.querySelector('img, script') ?? null,
      ),
    ).toBeNull();
    expect(await gmail.title()).not.toBe('pwned');
    await gmail.close();
  });

  it('stored no message body and made no request beyond its own files and the routed pages', async () => {
    const dump = JSON.stringify(
      await Promise.all(
        ['prospects', 'touchpoints', 'stageChanges', 'health'].map((store) => h.records(store)),
      ),
    );
    expect(dump).not.toMatch(/Secret body|never stored/);
    expect(h.strayRequests).toEqual([]);
    // The worker, watched apart from the routing (CDP on its target, across its restarts and the
    // reloads above): nothing but its own files.
    const own = `chrome-extension://${h.extensionId}/`;
    expect(h.workerRequests.filter((request) => !request.url.startsWith(own))).toEqual([]);
    expect(h.workerRequests.some((request) => request.via === 'cdp')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('would have seen a request by the worker: both witnesses catch a deliberate fetch', async () => {
    const probe = 'https://etape-privacy-probe.example/beacon?from=worker';
    const outcome = await h.worker.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'sent';
      } catch {
        return 'refused';
      }
    }, probe);
    // The harness refuses whatever is not routed; the request was made all the same.
    expect(outcome).toBe('refused');
    await waitFor(async () => h.workerRequests.filter((r) => r.url === probe).length >= 2);
    const witnesses = h.workerRequests.filter((r) => r.url === probe).map((r) => r.via);
    expect(witnesses.sort()).toEqual(['cdp', 'playwright']);
    expect(h.strayRequests).toContain(probe);
  });
});
