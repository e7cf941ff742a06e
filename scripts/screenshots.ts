/**
 * `npm run screenshots`: the README's pictures, taken from the built extension in headless
 * Chromium with the sample data loaded — the overview, the pipeline board, the popup and a
 * Gmail badge on a committed fixture page. Writes docs/screenshots/*.png; regenerating them is
 * part of changing the UI. Nothing leaves the machine (the harness refuses every other request).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { FIXTURES, launch } from '../e2e/harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'docs', 'screenshots');

/** The picture is of the settled page (fonts, the charts drawn once their box is measured). */
const SETTLE_MS = 1200;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const h = await launch();
  try {
    const loaded = await h.send({ type: 'loadSampleData' });
    if (!loaded.ok) throw new Error(`sample data: ${loaded.error?.message}`);
    // The prospect of the Gmail fixture, tracked a week ago and in "Qualified" since.
    const alice = await h.send<{ prospect: { id: string } }>({
      type: 'trackContact',
      name: 'Alice Martin',
      emails: ['alice.martin@northwind.example'],
      company: 'Northwind',
      dealValue: 18_000,
      currency: 'EUR',
    });
    const aliceId = alice.data?.prospect.id;
    if (!aliceId) throw new Error('could not track Alice');
    await h.send({ type: 'setStage', prospectId: aliceId, stageId: 'qualified' });

    const page = await h.context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    const dashboard = `chrome-extension://${h.extensionId}/src/dashboard/index.html`;

    await page.goto(`${dashboard}#/overview`);
    await page.locator('[data-section="accelerate"]').waitFor();
    await shoot(page, 'overview.png');

    await page.goto(`${dashboard}#/pipeline`);
    await page.locator('[data-prospect-card]').first().waitFor();
    await shoot(page, 'pipeline.png');

    const popup = await h.context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(`chrome-extension://${h.extensionId}/src/popup/index.html`);
    await popup.locator('[data-etape="attention-summary"]').waitFor();
    await shoot(popup, 'popup.png');

    await h.route('https://mail.google.com/**', readable('gmail/conversation-2025-04.html'));
    const gmail = await h.context.newPage();
    await gmail.setViewportSize({ width: 900, height: 520 });
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTpLsample');
    const chip = gmail.locator('[data-etape="badge"] button.chip').first();
    await chip.waitFor();
    await chip.click();
    await gmail.locator('[data-etape="badge"] [data-etape-action="advance"]').first().waitFor();
    await shoot(gmail, 'gmail-badge.png');
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await h.close();
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(SETTLE_MS);
  await page.screenshot({ path: join(OUT, name) });
  console.log(`  ${name}`);
}

/**
 * The fixture as committed, with a style sheet so the picture reads like a mail client: the
 * markup the content script works on is untouched.
 */
function readable(fixture: string): string {
  const style =
    '<style>body{font:14px/1.5 system-ui,sans-serif;margin:0;background:#f6f8fc;color:#1f1f1f}' +
    '.nH.a98{max-width:760px;margin:24px auto;background:#fff;border-radius:16px;padding:16px 24px}' +
    '.hP{font-size:22px;font-weight:400;margin:8px 0 16px}.adn{border-top:1px solid #e0e0e0;padding:12px 0}' +
    '.gD{font-weight:600}.hb,.g3{color:#5e5e5e;font-size:12px}.a3s{margin-top:8px}</style>';
  return readFileSync(join(FIXTURES, fixture), 'utf8').replace('</head>', `${style}</head>`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
