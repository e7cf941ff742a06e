/**
 * Keyboard only (#19): every step below is a key press — Tab to reach a control, Enter, Escape,
 * the board's documented keys — never a click, and each checks where focus is and that it is
 * visible. The popup: Advance, then Undo. The Gmail badge card: open, Advance, Escape, focus
 * back on the badge. The board: Shift+→ and Undo, M's move dialog (cancelled: focus returns;
 * confirmed to Won: focus lands on Undo), the timeline dialog (focus returns to its card).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';
import { stageOf, tabIdOf, track } from './prospects.ts';

let h: Harness;
let gmail: Page;
let gmailTabId = 0;
let alice = '';
let bo = '';

/** Tabs past at most this many stops to reach a control: more means it is not reachable. */
const MAX_TABS = 40;

const badgeText = () =>
  gmail.evaluate(
    () => document.querySelector('[data-etape="badge"]')?.shadowRoot?.textContent ?? '',
  );

/**
 * What has focus, through shadow roots: a selector-matching test, the element's text, and
 * whether the focus is shown (`:focus-visible` with a real outline), as a sighted keyboard
 * user needs.
 */
function focused(page: Page, selector: string) {
  return page.evaluate((wanted) => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return { matches: false, text: '', visible: false };
    const style = getComputedStyle(active);
    return {
      matches: active.matches(wanted),
      text: active.textContent?.trim() ?? '',
      visible:
        active.matches(':focus-visible') &&
        style.outlineStyle !== 'none' &&
        Number.parseFloat(style.outlineWidth) > 0,
    };
  }, selector);
}

/** Presses Tab (Shift+Tab backwards) until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string, backwards = false): Promise<void> {
  for (let presses = 0; presses < MAX_TABS; presses++) {
    if ((await focused(page, selector)).matches) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${selector} not reached in ${MAX_TABS} Tab presses`);
}

/** The board, with keyboard focus brought to a card by Tab presses. */
async function boardFocusedOn(card: string): Promise<Page> {
  const board = await h.extensionPage('src/dashboard/index.html#/pipeline');
  await board.locator(card).waitFor();
  await tabTo(board, card);
  await expectFocus(board, card);
  return board;
}

async function expectFocus(page: Page, selector: string): Promise<void> {
  const state = await waitFor(async () => {
    const now = await focused(page, selector);
    return now.matches ? now : null;
  }, 5000).catch(async () => {
    throw new Error(`focus is not on ${selector}: ${JSON.stringify(await focused(page, '*'))}`);
  });
  expect(state.visible, `focus on ${selector} is visible`).toBe(true);
}

beforeAll(async () => {
  h = await launch();
  await h.route('https://mail.google.com/**', { fixture: 'gmail/conversation-2025-04.html' });
  alice = await track(h, 'Alice Martin', 'alice.martin@northwind.example');
  bo = await track(h, 'Bo Lind', 'bo@lind.example');
  gmail = await h.context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTpLsample');
  await waitFor(async () => (await badgeText()).includes('Prospect'));
  gmailTabId = await tabIdOf(h, 'https://mail.google.com/*');
});

afterAll(async () => {
  await h?.close();
});

describe('keyboard only', () => {
  it('popup: Tab to Advance, Enter; Tab to Undo, Enter', async () => {
    const popup = await h.extensionPage(`src/popup/index.html?tab=${gmailTabId}`);
    await popup.locator(`article[data-prospect-id="${alice}"] h2`).waitFor();
    await tabTo(popup, '[data-etape-action="advance"]');
    await expectFocus(popup, '[data-etape-action="advance"]');
    await popup.keyboard.press('Enter');
    await waitFor(async () => (await stageOf(h, alice)) === 'contacted');
    await popup.locator('[data-etape-action="undo"]').waitFor();
    // Focus stayed on Advance (now to the stage after), not lost to the page.
    await expectFocus(popup, '[data-etape-action="advance"]');
    await tabTo(popup, '[data-etape-action="undo"]');
    await expectFocus(popup, '[data-etape-action="undo"]');
    await popup.keyboard.press('Enter');
    await waitFor(async () => (await stageOf(h, alice)) === 'prospect');
    await waitFor(async () => (await badgeText()).includes('Prospect'));
    // Undo went away with nothing left to undo: focus is on the card's next action, Advance.
    await expectFocus(popup, '[data-etape-action="advance"]');
    await popup.close();
  });

  it('Gmail badge card: Enter opens it on Advance, Enter advances, focus back on the badge', async () => {
    await gmail.bringToFront();
    await tabTo(gmail, 'button.chip');
    await expectFocus(gmail, 'button.chip');
    await gmail.keyboard.press('Enter');
    await expectFocus(gmail, '[data-etape-action="advance"]');
    await gmail.keyboard.press('Escape');
    // Closed, focus back where it was.
    await expectFocus(gmail, 'button.chip');
    expect(await gmail.locator('[data-etape="badge"] .card').count()).toBe(0);
    await gmail.keyboard.press('Enter');
    await expectFocus(gmail, '[data-etape-action="advance"]');
    await gmail.keyboard.press('Enter');
    await waitFor(async () => (await stageOf(h, alice)) === 'contacted');
    await waitFor(async () => (await badgeText()).includes('Contacted'));
    await expectFocus(gmail, 'button.chip');
    expect((await focused(gmail, 'button.chip')).text).toMatch(/^Contacted/);
    // Back to Prospect for the board's turn (not a keyboard step: the setup of the next test).
    await h.send({ type: 'undoStageChange', prospectId: alice });
    await waitFor(async () => (await stageOf(h, alice)) === 'prospect');
  });

  it('board: Shift+→ moves a card and Ctrl+Z undoes it; M moves to Won, Undo brings it back', async () => {
    const aliceCard = `[data-prospect-card="${alice}"] .card-open`;
    const board = await boardFocusedOn(aliceCard);

    await board.keyboard.press('Shift+ArrowRight');
    await waitFor(async () => (await stageOf(h, alice)) === 'contacted');
    await expectFocus(board, `[data-stage-column="contacted"] ${aliceCard}`);
    await board.keyboard.press('Control+z');
    await waitFor(async () => (await stageOf(h, alice)) === 'prospect');
    await expectFocus(board, `[data-stage-column="prospect"] ${aliceCard}`);

    // M opens the move dialog; Escape cancels it and focus returns to the card.
    await board.keyboard.press('m');
    const dialog = board.locator(`dialog[open][data-move-dialog="${alice}"]`);
    await dialog.waitFor();
    await expectFocus(board, 'dialog[open] input[type="radio"]:checked');
    await board.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocus(board, aliceCard);

    // Again, to Won: arrows pick the radio, Enter confirms; the card leaves, focus lands on Undo.
    await board.keyboard.press('m');
    await dialog.waitFor();
    await expectFocus(board, 'dialog[open] input[type="radio"]:checked');
    for (let presses = 0; presses < 10; presses++) {
      if ((await focused(board, 'input[value="won"]')).matches) break;
      await board.keyboard.press('ArrowDown');
    }
    await expectFocus(board, 'dialog[open] input[value="won"]:checked');
    await board.keyboard.press('Enter');
    await waitFor(async () => (await stageOf(h, alice)) === 'won');
    await expectFocus(board, '[data-action="undo-move"]');
    await board.keyboard.press('Enter');
    await waitFor(async () => (await stageOf(h, alice)) === 'prospect');
    await expectFocus(board, `[data-stage-column="prospect"] ${aliceCard}`);
    await board.close();
  });

  it('board: Enter opens a card’s timeline, Escape closes it, focus returns to the card', async () => {
    const boCard = `[data-prospect-card="${bo}"] .card-open`;
    const board = await boardFocusedOn(boCard);
    await board.keyboard.press('Enter');
    await board.locator(`dialog.timeline[open][data-timeline="${bo}"] ol.events li`).waitFor();
    await expectFocus(board, 'dialog.timeline[open] button');
    await board.keyboard.press('Escape');
    await expectFocus(board, boCard);
    await board.close();
  });

  it('made no network request', () => {
    expect(h.strayRequests).toEqual([]);
  });
});
