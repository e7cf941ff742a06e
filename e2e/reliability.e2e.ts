/**
 * Nothing lost, nothing doubled, nothing leaked: touchpoints detected while the worker sleeps or
 * is stopped mid-burst are logged exactly once; two Gmail tabs and a LinkedIn tab logging at
 * once double nothing; hostile names render as text; no request leaves the browser.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';

let h: Harness;
const ACCOUNT = 'rep@etape-demo.example';
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

async function track(name: string, email: string): Promise<string> {
  const reply = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name,
    emails: [email],
  });
  const id = reply.data?.prospect.id;
  if (!id) throw new Error(`could not track ${name}`);
  return id;
}

async function touchpointsOf(prospectId: string) {
  return (await h.records<{ prospectId: string; key: string }>('touchpoints')).filter(
    (t) => t.prospectId === prospectId,
  );
}

async function open(url: string): Promise<Page> {
  const page = await h.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${url}: ${error.message}`));
  await page.goto(url);
  return page;
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
    const prospectId = await track('Sam Sleep', 'sam@sleep.example');
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
    const prospectId = await track('Bea Burst', 'bea@burst.example');
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
    const prospectId = await track('Tia Twin', 'tia@twin.example');
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
    const page = await h.extensionPage('src/dashboard/index.html');
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
    expect(pageErrors).toEqual([]);
  });
});
