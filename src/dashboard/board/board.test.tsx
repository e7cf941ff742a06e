// @vitest-environment happy-dom
/**
 * The pipeline board against the real background (the popup's test bridge): a column per open
 * stage in process order with its count and value, cards with what they say, the keyboard
 * moving a card (the popup's stage change, stored) and Undo, lost with a reason from the Move
 * dialog, the filters, and a window of a long column rather than every card.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridge, resetBackground } from '../../popup/test-browser.ts';
import type { Prospect, StageChange } from '../../shared/schemas.ts';
import { DAY_MS } from '../../shared/timing.ts';
import { WINDOW } from './board.tsx';

vi.mock('webextension-polyfill', () => import('../../popup/test-browser.ts'));

let root: HTMLElement;
const NOW = Date.now();

beforeEach(() => {
  resetBackground();
  localStorage.clear();
  history.replaceState(null, '', '/src/dashboard/index.html#/pipeline');
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  act(() => render(null, root));
  document.body.replaceChildren();
});

/** A prospect in `stageId` since `days` ago, with its history as the service would write it. */
async function put(
  id: string,
  stageId: string,
  days: number,
  extra: Partial<Prospect> = {},
): Promise<void> {
  const at = NOW - days * DAY_MS;
  await bridge.service.handle({ type: 'getProcess' });
  await bridge.db.prospects.add({
    id,
    name: id,
    emails: [],
    stageId,
    stageEnteredAt: at,
    status: 'open',
    createdAt: at,
    updatedAt: at,
    ...extra,
  });
  await bridge.db.stageChanges.add({ prospectId: id, from: null, to: stageId, at });
}

async function mount(): Promise<void> {
  const { App } = await import('../app.tsx');
  act(() => render(<App />, root));
  await find('[data-stage-column]');
}

function find(selector: string): Promise<HTMLElement> {
  return vi.waitFor(
    () => {
      const found = document.querySelector<HTMLElement>(selector);
      if (!found) throw new Error(`${selector} not rendered yet`);
      return found;
    },
    { timeout: 5000 },
  );
}

const columnIds = () =>
  [...root.querySelectorAll('[data-stage-column]')].map(
    (column) => column.getAttribute('data-stage-column') ?? '',
  );
const count = (stageId: string) =>
  Number(
    root
      .querySelector(`[data-stage-column="${stageId}"] [data-stage-count]`)
      ?.getAttribute('data-stage-count'),
  );
const cardsIn = (stageId: string) =>
  [...root.querySelectorAll(`[data-stage-column="${stageId}"] [data-prospect-card]`)].map((card) =>
    card.getAttribute('data-prospect-card'),
  );

function key(target: Element, init: KeyboardEventInit): void {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
  });
}

async function changesOf(id: string): Promise<StageChange[]> {
  return (await bridge.db.stageChanges.toArray()).filter((change) => change.prospectId === id);
}

describe('pipeline board', () => {
  it('shows a column per open stage in order, with counts, values and the cards’ facts', async () => {
    await put('ana', 'prospect', 2, { company: 'Acme', dealValue: 1000, currency: 'EUR' });
    await put('bo', 'prospect', 9, { company: 'Bolt', dealValue: 500, currency: 'EUR' });
    await put('cy', 'qualified', 1, { lastTouchAt: NOW - 3 * DAY_MS });
    await put('won-one', 'won', 1, { status: 'won' });
    await mount();
    expect(columnIds()).toEqual(['prospect', 'contacted', 'qualified', 'proposal', 'negotiation']);
    expect(columnIds().map(count)).toEqual([2, 0, 1, 0, 0]);
    expect(
      root
        .querySelector('[data-stage-column="prospect"] [data-stage-value]')
        ?.getAttribute('data-stage-value'),
    ).toBe('1500');
    // Longest in stage first; won deals are not on the board but a drop target.
    expect(cardsIn('prospect')).toEqual(['bo', 'ana']);
    expect(root.querySelector('[data-prospect-card="won-one"]')).toBeNull();
    expect(root.querySelector('[data-outcome-target="won"]')).not.toBeNull();
    expect(root.querySelector('[data-outcome-target="lost"]')).not.toBeNull();

    const bo = root.querySelector('[data-prospect-card="bo"]');
    expect(bo?.querySelector('.card-open')?.textContent).toBe('bo · Bolt');
    // 9 days in a 7-day stage: over target.
    expect(bo?.querySelector('[data-level]')?.getAttribute('data-level')).toBe('over');
    expect(bo?.textContent).toContain('9 d in stage');
    expect(bo?.textContent).toContain('Last touch: never');
    expect(bo?.textContent).toContain("Next: Research the company and the contact's role");
    expect(root.querySelector('[data-prospect-card="cy"]')?.textContent).toContain(
      'Last touch: 3 d ago',
    );
    // The Move button's name contains what it shows.
    expect(bo?.querySelector('.card-move')?.getAttribute('aria-label')).toBe('Move bo');
  });

  it('moves a card to the next stage by the keyboard, stored as Advance is, and undoes it', async () => {
    await put('ana', 'prospect', 2);
    await mount();
    const open = root.querySelector<HTMLElement>('[data-prospect-card="ana"] .card-open');
    if (!open) throw new Error('no card');
    open.focus();
    key(open, { key: 'ArrowRight', shiftKey: true });
    await vi.waitFor(async () =>
      expect((await changesOf('ana')).map((c) => c.to)).toEqual(['prospect', 'contacted']),
    );
    const moved = (await changesOf('ana'))[1];
    expect(moved).toMatchObject({ from: 'prospect', to: 'contacted' });
    expect((await bridge.db.prospects.get('ana'))?.stageId).toBe('contacted');
    expect(bridge.requests.map((request) => request.type)).toContain('advanceStage');
    await vi.waitFor(() => expect(cardsIn('contacted')).toEqual(['ana']));
    // Focus follows the card into its new column.
    await vi.waitFor(() =>
      expect(
        document.activeElement?.closest('[data-prospect-card]')?.getAttribute('data-stage-id'),
      ).toBe('contacted'),
    );
    expect(root.querySelector('[data-board-status]')?.textContent).toBe('ana moved to Contacted.');

    // Ctrl+Z, focus still on the card.
    key(document.activeElement as Element, { key: 'z', ctrlKey: true });
    await vi.waitFor(async () =>
      expect((await changesOf('ana')).map((c) => c.to)).toEqual(['prospect']),
    );
    await vi.waitFor(() => expect(cardsIn('prospect')).toEqual(['ana']));

    // Back a stage from the first one does nothing; the arrow keys move focus only.
    const again = await find('[data-prospect-card="ana"] .card-open');
    key(again, { key: 'ArrowLeft', shiftKey: true });
    key(again, { key: 'ArrowDown' });
    expect((await changesOf('ana')).length).toBe(1);
  });

  it('asks why through the Move dialog, and records the loss with its reason', async () => {
    await put('ana', 'qualified', 2);
    await mount();
    const open = await find('[data-prospect-card="ana"] .card-open');
    open.focus();
    key(open, { key: 'm' });
    const dialog = await find('dialog[data-move-dialog="ana"]');
    const lost = dialog.querySelector<HTMLInputElement>('input[value="lost"]');
    act(() => lost?.click());
    const reason = await find('[data-move="lost-reason"]');
    expect((reason as HTMLSelectElement).value).toBe('Price');
    act(() => dialog.querySelector<HTMLButtonElement>('[data-action="confirm-move"]')?.click());
    await vi.waitFor(async () =>
      expect((await bridge.db.prospects.get('ana'))?.status).toBe('lost'),
    );
    expect((await changesOf('ana')).at(-1)).toMatchObject({ to: 'lost', lostReason: 'Price' });
    await vi.waitFor(() => expect(root.querySelector('[data-prospect-card="ana"]')).toBeNull());
  });

  it('filters by text, company and over target, and counts what it keeps', async () => {
    await put('Éloïse Martin', 'prospect', 8, { company: 'Acme' });
    await put('Bo Lind', 'prospect', 1, { company: 'Acme' });
    await put('Cy Park', 'contacted', 2, { company: 'Bolt' });
    await mount();
    const text = await find('[data-board-filter="text"]');
    act(() => {
      (text as HTMLInputElement).value = 'elo';
      text.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(cardsIn('prospect')).toEqual(['Éloïse Martin']);
    expect(count('prospect')).toBe(1);
    expect(count('contacted')).toBe(0);
    act(() => {
      (text as HTMLInputElement).value = '';
      text.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const company = root.querySelector<HTMLSelectElement>('[data-board-filter="company"]');
    if (!company) throw new Error('no company filter');
    expect([...company.options].map((option) => option.value)).toEqual(['', 'Acme', 'Bolt']);
    act(() => {
      company.value = 'Bolt';
      company.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(columnIds().map(count)).toEqual([0, 1, 0, 0, 0]);
    act(() => {
      company.value = '';
      company.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const over = root.querySelector<HTMLInputElement>('[data-board-filter="over-target"]');
    act(() => over?.click());
    expect(cardsIn('prospect')).toEqual(['Éloïse Martin']);
    expect(cardsIn('contacted')).toEqual([]);
  });

  it('renders a window of a long column, and more on demand', async () => {
    const many = 3 * WINDOW;
    const at = NOW - DAY_MS;
    await bridge.service.handle({ type: 'getProcess' });
    await bridge.db.prospects.bulkAdd(
      Array.from({ length: many }, (_, index) => ({
        id: `p${String(index).padStart(3, '0')}`,
        name: `P ${index}`,
        emails: [],
        stageId: 'contacted',
        stageEnteredAt: at - index,
        status: 'open' as const,
        createdAt: at,
        updatedAt: at,
      })),
    );
    await mount();
    expect(count('contacted')).toBe(many);
    expect(cardsIn('contacted')).toHaveLength(WINDOW);
    act(() =>
      root
        .querySelector<HTMLButtonElement>(
          '[data-stage-column="contacted"] [data-action="show-more"]',
        )
        ?.click(),
    );
    expect(cardsIn('contacted').length).toBeGreaterThan(WINDOW);
    expect(cardsIn('contacted').length).toBeLessThan(many + 1);
  });
});
