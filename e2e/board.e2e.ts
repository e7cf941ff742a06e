/**
 * The pipeline board in headless Chromium on the built extension: a card dragged to the next
 * column is the stage change Advance makes (stored, and the Gmail badge follows), Undo takes it
 * back, the keyboard does the same, a drop on "lost" asks why; Back and Forward move between
 * views; the popup links to the board; a prospect to follow up is flagged on its card and in
 * the popup.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageChange } from '../src/shared/schemas.ts';
import { type Harness, launch, waitFor } from './harness.ts';
import { stageOf, track } from './prospects.ts';

const DAY = 86_400_000;

let h: Harness;
let board: Page;
let gmail: Page;
let alice = '';

async function changesOf(id: string): Promise<StageChange[]> {
  return (await h.records<StageChange>('stageChanges')).filter(
    (change) => change.prospectId === id,
  );
}

const badge = () =>
  gmail.evaluate(
    () => document.querySelector('[data-etape="badge"]')?.shadowRoot?.textContent ?? '',
  );
const card = (id: string) => board.locator(`[data-prospect-card="${id}"]`);

beforeAll(async () => {
  h = await launch();
  await h.route('https://mail.google.com/**', { fixture: 'gmail/conversation-2025-04.html' });
  alice = await track(h, 'Alice Martin', 'alice.martin@northwind.example');
  gmail = await h.context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTpLsample');
  await waitFor(async () => (await badge()).includes('Prospect'));
  board = await h.extensionPage('src/dashboard/index.html#/overview');
  await board.locator('main[data-route="overview"]').waitFor();
});

afterAll(async () => {
  await h?.close();
});

describe('pipeline board', () => {
  it('opens from the nav, and Back and Forward move between views', async () => {
    await board.locator('nav a[data-route-link="pipeline"]').click();
    await card(alice).waitFor();
    expect(board.url()).toMatch(/#\/pipeline$/);
    expect(
      await board
        .locator('[data-stage-column]')
        .evaluateAll((columns) =>
          columns.map((column) => column.getAttribute('data-stage-column')),
        ),
    ).toEqual(['prospect', 'contacted', 'qualified', 'proposal', 'negotiation']);
    expect(
      await board
        .locator('[data-stage-column="prospect"] [data-stage-count]')
        .getAttribute('data-stage-count'),
    ).toBe('1');
    await board.goBack();
    await board.locator('main[data-route="overview"]').waitFor();
    expect(board.url()).toMatch(/#\/overview$/);
    await board.goForward();
    await card(alice).waitFor();
    // A reload stays on the board.
    await board.reload();
    await card(alice).waitFor();
  });

  it('drags a card to the next column: the stage change Advance makes; the Gmail badge follows', async () => {
    await card(alice).dragTo(board.locator('[data-stage-column="contacted"]'));
    await waitFor(async () => (await stageOf(h, alice)) === 'contacted');
    const changes = await changesOf(alice);
    expect(changes.map((change) => [change.from, change.to])).toEqual([
      [null, 'prospect'],
      ['prospect', 'contacted'],
    ]);
    await board.locator('[data-stage-column="contacted"] [data-prospect-card]').first().waitFor();
    await waitFor(async () => (await badge()).includes('Contacted'));
    expect(await board.locator('[data-board-status]').textContent()).toBe(
      'Alice Martin moved to Contacted.',
    );

    await board.locator('[data-action="undo-move"]').click();
    await waitFor(async () => (await stageOf(h, alice)) === 'prospect');
    expect(await changesOf(alice)).toHaveLength(1);
    await waitFor(async () => (await badge()).includes('Prospect'));
  });

  it('moves and undoes by the keyboard alone', async () => {
    await card(alice).locator('.card-open').focus();
    await board.keyboard.press('Shift+ArrowRight');
    await waitFor(async () => (await stageOf(h, alice)) === 'contacted');
    // Focus went with the card.
    await waitFor(() =>
      board.evaluate(
        () =>
          document.activeElement
            ?.closest('[data-stage-column]')
            ?.getAttribute('data-stage-column') === 'contacted',
      ),
    );
    await board.keyboard.press('Control+z');
    await waitFor(async () => (await stageOf(h, alice)) === 'prospect');
    await waitFor(async () => (await badge()).includes('Prospect'));
  });

  it('asks why when a card is dropped on lost, and records the reason', async () => {
    const bo = await track(h, 'Bo Lind', 'bo@lind.example');
    await card(bo).waitFor();
    await card(bo).dragTo(board.locator('[data-outcome-target="lost"]'));
    const dialog = board.locator(`dialog[open][data-move-dialog="${bo}"]`);
    await dialog.waitFor();
    await dialog.locator('[data-move="lost-reason"]').selectOption({ index: 1 });
    await dialog.locator('[data-action="confirm-move"]').click();
    await waitFor(async () => (await stageOf(h, bo)) === 'lost');
    expect((await changesOf(bo)).at(-1)?.lostReason).toBe('Bad timing');
    await card(bo).waitFor({ state: 'detached' });
  });

  it('flags a prospect to follow up on its card and in the popup, which links to the board', async () => {
    const cy = await track(h, 'Cy Park', 'cy@park.example');
    await h.send({ type: 'advanceStage', prospectId: cy });
    await h.send({
      type: 'logTouchpoints',
      touchpoints: [
        {
          prospectId: cy,
          channel: 'gmail',
          kind: 'email_sent',
          at: Date.now() - 4 * DAY,
          key: 'gmail:e2e:cy-proposal',
          summary: 'Proposal',
        },
      ],
    });
    await card(cy).locator('[data-follow-up]').waitFor();
    expect(await card(cy).locator('[data-follow-up]').textContent()).toBe(
      'No reply for 4 d: follow up',
    );

    const popup = await h.extensionPage('src/popup/index.html');
    const followUps = popup.locator('[data-etape="follow-ups"]');
    await followUps.waitFor();
    expect(await followUps.locator(`[data-prospect-id="${cy}"]`).count()).toBe(1);
    const link = popup.locator('[data-etape="open-pipeline"]');
    expect(await link.getAttribute('href')).toBe(
      `chrome-extension://${h.extensionId}/src/dashboard/index.html#/pipeline`,
    );
    await popup.close();
  });

  it('makes no network request', () => {
    expect(h.strayRequests).toEqual([]);
  });
});
