// @vitest-environment happy-dom
/**
 * The popup against the real background service (fake-indexeddb behind a mocked
 * webextension-polyfill): what it shows for a tab's context and without one, and that every
 * control sends the right message and shows the result. A prospect name holding markup must
 * show as that exact text and never become elements.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS } from '../shared/timing.ts';
import { bridge, reportPage, resetBackground } from './test-browser.ts';

vi.mock('webextension-polyfill', () => import('./test-browser.ts'));
// Each test waits on several real background round trips; a busy CI machine needs the room.
vi.setConfig({ testTimeout: 20_000 });

const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Eve';

let root: HTMLElement;

beforeEach(() => {
  resetBackground();
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  act(() => render(null, root));
  document.body.replaceChildren();
  delete document.documentElement.dataset.etapeReady;
});

async function mount(search = ''): Promise<void> {
  const { App } = await import('./app.tsx');
  act(() => render(<App search={search} />, root));
}

function find<T extends Element = HTMLElement>(selector: string, within: ParentNode = root) {
  return vi.waitFor(
    () => {
      const found = within.querySelector<T & Element>(selector);
      if (!found) throw new Error(`${selector} not rendered yet`);
      return found as unknown as T;
    },
    { timeout: 8000 },
  );
}

function until(check: () => boolean, what: string) {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error(`waiting for ${what}`);
    },
    { timeout: 8000 },
  );
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function seedProspect(
  id: string,
  name: string,
  stageId: string,
  daysInStage: number,
  extra: Record<string, unknown> = {},
) {
  const enteredAt = Date.now() - daysInStage * DAY_MS;
  // Through the store, as the worker writes (it keeps the search words with the record).
  await bridge.service.store.prospects.add({
    id,
    name,
    emails: [],
    stageId,
    stageEnteredAt: enteredAt,
    status: 'open',
    createdAt: enteredAt,
    updatedAt: enteredAt,
    ...extra,
  });
  await bridge.service.store.stageChanges.add({
    prospectId: id,
    from: null,
    to: stageId,
    at: enteredAt,
  });
}

async function trackAlice() {
  const { prospect } = await bridge.service.handlers.trackContact({
    name: 'Alice Martin',
    emails: ['alice.martin@northwind.example'],
    company: 'Northwind',
    title: 'Head of Ops',
  });
  return prospect;
}

describe('popup without a prospect in context: needs attention', () => {
  it('shows a name with markup as inert text, with stage and staleness', async () => {
    await seedProspect('p1', hostile, 'qualified', 20);
    bridge.activeTabId = null;
    await mount();
    const item = await find('[data-prospect-id="p1"]');
    expect(item.querySelector('strong')?.textContent).toBe(hostile);
    expect(root.querySelector('img, script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(item.textContent).toContain('Qualified');
    // 20 days in a 14-day stage: over target.
    expect(item.querySelector('[data-level]')?.getAttribute('data-level')).toBe('over');
    await until(() => document.documentElement.dataset.etapeReady === 'attention', 'ready mark');
  });

  it('sorts open prospects by how far over target they are, counts them, opens a detail', async () => {
    await seedProspect('fresh', 'Fresh Fiona', 'prospect', 1);
    await seedProspect('late', 'Late Larry', 'contacted', 25); // 2.5× a 10-day target
    await seedProspect('over', 'Over Olga', 'qualified', 16); // 1.14× a 14-day target
    await seedProspect('won', 'Won Walter', 'won', 90, { status: 'won' });
    await mount();
    await find('[data-prospect-id="fresh"]');
    const order = [...root.querySelectorAll('.prospects [data-prospect-id]')].map((item) =>
      item.getAttribute('data-prospect-id'),
    );
    expect(order).toEqual(['late', 'over', 'fresh']);
    // The counts come after the list (they walk whole index ranges).
    await until(
      () =>
        root.querySelector('[data-etape="attention-summary"]')?.textContent ===
        '2 over target · 3 open',
      'counts',
    );
    (await find<HTMLButtonElement>('[data-prospect-id="late"] button')).click();
    // The card shows a loading state first: wait for its heading.
    const heading = await find('article.card[data-prospect-id="late"] h2');
    const card = heading.closest('article') as HTMLElement;
    expect(heading.textContent).toBe('Late Larry');
    expect(card.querySelector('[data-etape="time-in-stage"]')?.getAttribute('data-level')).toBe(
      'late',
    );
    // Back to the list, by keyboard-reachable button.
    (await find<HTMLButtonElement>('button.back')).click();
    await find('[data-prospect-id="fresh"]');
  });

  it('searches by name, email or company', async () => {
    await trackAlice();
    await seedProspect('bob', 'Bob Stone', 'prospect', 2, { company: 'Quarry Ltd' });
    await mount();
    await find('[data-prospect-id="bob"]');
    type(await find<HTMLInputElement>('[data-etape="search"]'), 'northwind');
    await until(
      () => root.querySelector('#results-heading')?.textContent === 'Results (1)',
      'search results',
    );
    expect(root.querySelector('.prospects strong')?.textContent).toBe('Alice Martin');
    type(await find<HTMLInputElement>('[data-etape="search"]'), 'quarry');
    await until(
      () => root.querySelector('.prospects strong')?.textContent === 'Bob Stone',
      'company match',
    );
  });

  it('turns the daily reminder on only when notifications are allowed', async () => {
    await mount();
    const box = await find<HTMLInputElement>('[data-etape="reminders"]');
    await until(() => !box.disabled, 'settings loaded');
    bridge.grantNotifications = false;
    box.click();
    await until(() => root.textContent?.includes('Notifications were not allowed') ?? false, 'no');
    expect(box.checked).toBe(false);
    expect((await bridge.service.handlers.getSettings({})).settings.remindersEnabled).toBe(false);

    bridge.grantNotifications = true;
    box.click();
    await until(() => bridge.requests.some((r) => r.type === 'updateSettings'), 'update');
    await until(() => box.checked, 'checked');
    expect(bridge.permissionRequests).toBe(2);
    expect((await bridge.service.handlers.getSettings({})).settings.remindersEnabled).toBe(true);
  });
});

describe('popup with a prospect in context', () => {
  it('shows who, stage, times, next steps, channels and the timeline', async () => {
    const alice = await trackAlice();
    await bridge.service.handlers.logTouchpoints({
      touchpoints: [
        {
          prospectId: alice.id,
          channel: 'gmail',
          kind: 'email_received',
          at: Date.now() - 3 * DAY_MS,
          key: 'gmail:1',
        },
        {
          prospectId: alice.id,
          channel: 'gmail',
          kind: 'email_sent',
          at: Date.now() - 2 * 3_600_000,
          key: 'gmail:2',
        },
      ],
    });
    await reportPage(3, [{ email: 'alice.martin@northwind.example', name: 'Alice Martin' }]);
    await mount();
    const card = await find(`article[data-prospect-id="${alice.id}"] h2`).then(
      (heading) => heading.closest('article') as HTMLElement,
    );
    expect(card.querySelector('.who')?.textContent).toBe('Head of Ops · Northwind');
    expect(card.querySelector('a[href="mailto:alice.martin@northwind.example"]')).not.toBeNull();
    expect(card.querySelector('[data-etape="stage-name"]')?.textContent).toBe('Prospect');
    expect(card.querySelector('[data-etape="time-in-stage"]')?.getAttribute('data-level')).toBe(
      'fresh',
    );
    expect(card.textContent).toContain('First touch3 d ago');
    expect(card.textContent).toContain('Last touch2 h ago');
    const steps = card.querySelectorAll<HTMLInputElement>('.steps input[type="checkbox"]');
    expect(steps).toHaveLength(3);
    const timeline = [...card.querySelectorAll('.timeline li')].map((li) => li.textContent);
    expect(timeline[0]).toContain('Email sent');
    expect(timeline[0]).toContain('· Prospect');
    expect(timeline[1]).toContain('Email received');
    await until(() => document.documentElement.dataset.etapeReady === 'context', 'ready mark');

    // Checks are stored per prospect and stage.
    steps[0]?.click();
    await until(() => bridge.requests.some((r) => r.type === 'checkAction'), 'check');
    await until(() => card.textContent?.includes('1/3 done') ?? false, 'count updated');
    expect(await bridge.db.actionChecks.toArray()).toMatchObject([
      { prospectId: alice.id, stageId: 'prospect', actionId: 'research' },
    ]);
  });

  it('advances with a stage guard, undoes, moves to any stage and marks won', async () => {
    const alice = await trackAlice();
    await reportPage(3, [{ email: 'alice.martin@northwind.example' }]);
    await mount();
    const stageName = () => root.querySelector('[data-etape="stage-name"]')?.textContent;
    (await find<HTMLButtonElement>('[data-etape-action="advance"]')).click();
    await until(() => stageName() === 'Contacted', 'advanced');
    expect(bridge.requests.find((r) => r.type === 'advanceStage')).toEqual({
      type: 'advanceStage',
      prospectId: alice.id,
      fromStageId: 'prospect',
    });
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Moved to Contacted');

    (await find<HTMLButtonElement>('[data-etape-action="undo"]')).click();
    await until(() => stageName() === 'Prospect', 'undone');
    expect(root.querySelector('[data-etape-action="undo"]')).toBeNull();

    choose(await find<HTMLSelectElement>('[data-etape="move-to"]'), 'proposal');
    (await find<HTMLButtonElement>('[data-etape-action="move"]')).click();
    await until(() => stageName() === 'Proposal', 'moved');

    (await find<HTMLButtonElement>('[data-etape-action="won"]')).click();
    await until(() => stageName() === 'Won — customer', 'won');
    expect((await bridge.db.prospects.get(alice.id))?.status).toBe('won');
    expect(root.querySelector('[data-etape-action="advance"]')).toBeNull();
  });

  it('follows a stage change made elsewhere (a Gmail badge) live', async () => {
    const alice = await trackAlice();
    await reportPage(3, [{ email: 'alice.martin@northwind.example' }]);
    await mount();
    await find('[data-etape="stage-name"]');
    // As the Gmail badge's Advance does: straight to the background, not through the popup.
    await bridge.service.handle({
      type: 'advanceStage',
      prospectId: alice.id,
      fromStageId: 'prospect',
    });
    await until(
      () => root.querySelector('[data-etape="stage-name"]')?.textContent === 'Contacted',
      'live update',
    );
    expect(bridge.requests.some((request) => request.type === 'advanceStage')).toBe(false);
  });

  it('marks lost with a listed reason or a typed one', async () => {
    const alice = await trackAlice();
    await reportPage(3, [{ email: 'alice.martin@northwind.example' }]);
    await mount();
    (await find<HTMLButtonElement>('[data-etape-action="lost"]')).click();
    choose(await find<HTMLSelectElement>('[data-etape="lost-reason"]'), 'Bad timing');
    (await find<HTMLButtonElement>('[data-etape-action="confirm-lost"]')).click();
    await until(() => root.textContent?.includes('Lost: Bad timing') ?? false, 'lost shown');
    expect(await bridge.db.prospects.get(alice.id)).toMatchObject({
      status: 'lost',
      lostReason: 'Bad timing',
    });

    (await find<HTMLButtonElement>('[data-etape-action="undo"]')).click();
    await until(() => root.querySelector('[data-etape-action="lost"]') !== null, 'reopened');
    (await find<HTMLButtonElement>('[data-etape-action="lost"]')).click();
    choose(await find<HTMLSelectElement>('[data-etape="lost-reason"]'), '__other__');
    type(await find<HTMLInputElement>('[data-etape="lost-other"]'), 'Merged with a client');
    (await find<HTMLButtonElement>('[data-etape-action="confirm-lost"]')).click();
    await until(
      () => root.textContent?.includes('Lost: Merged with a client') ?? false,
      'typed reason',
    );
  });

  it('logs a manual call with a summary, once per submission', async () => {
    const alice = await trackAlice();
    await reportPage(3, [{ email: 'alice.martin@northwind.example' }]);
    await mount();
    choose(await find<HTMLSelectElement>('[data-etape="log-kind"]'), 'call');
    type(await find<HTMLInputElement>('[data-etape="log-summary"]'), 'Discussed the pilot');
    (await find<HTMLButtonElement>('[data-etape-action="log"]')).click();
    await until(() => root.querySelector('.timeline li[data-kind="call"]') !== null, 'logged');
    const [stored] = await bridge.db.touchpoints.toArray();
    expect(stored).toMatchObject({
      prospectId: alice.id,
      channel: 'manual',
      kind: 'call',
      summary: 'Discussed the pilot',
      stageId: 'prospect',
    });
    expect(stored?.key).toMatch(/^manual:[0-9a-f-]{36}$/);
    expect(root.querySelector('.timeline li[data-kind="call"]')?.textContent).toContain(
      'Discussed the pilot',
    );
    // A second submission is a new touchpoint (new key); the summary was cleared.
    expect((await find<HTMLInputElement>('[data-etape="log-summary"]')).value).toBe('');
    (await find<HTMLButtonElement>('[data-etape-action="log"]')).click();
    await until(() => root.querySelectorAll('.timeline li').length === 2, 'second');
    const keys = (await bridge.db.touchpoints.toArray()).map((touchpoint) => touchpoint.key);
    expect(new Set(keys).size).toBe(2);
  });

  it('tracks an untracked participant of the page, then shows their card', async () => {
    await trackAlice();
    await reportPage(3, [
      { email: 'alice.martin@northwind.example', name: 'Alice Martin' },
      { email: 'bob@quarry.example', name: 'Bob Stone' },
    ]);
    await mount();
    const row = await find('[data-participant="bob@quarry.example"]');
    const button = row.querySelector<HTMLButtonElement>('[data-etape-action="track"]');
    expect(button?.getAttribute('aria-label')).toBe('Track Bob Stone as a prospect');
    button?.click();
    await until(() => root.querySelectorAll('article.card h2').length === 2, 'second card');
    expect(root.querySelector('[data-participant]')).toBeNull();
    const bob = await bridge.db.prospects.where('emails').equals('bob@quarry.example').first();
    expect(bob).toMatchObject({ name: 'Bob Stone', stageId: 'prospect' });
  });

  it('links a LinkedIn profile on the page to an existing prospect', async () => {
    const alice = await trackAlice();
    const profile = 'https://www.linkedin.com/in/alice-martin-nw/';
    await reportPage(3, [{ linkedinUrl: profile, name: 'Alice Martin' }]);
    await mount();
    const row = await find(`[data-participant="${profile}"]`);
    row.querySelector<HTMLButtonElement>('[data-etape-action="link-open"]')?.click();
    type(await find<HTMLInputElement>('[data-etape="link-search"]', row), 'alice');
    const choice = await find<HTMLButtonElement>(`[data-etape-action="link"]`, row);
    expect(choice.getAttribute('aria-label')).toBe('Link this profile to Alice Martin');
    choice.click();
    await find(`article[data-prospect-id="${alice.id}"] h2`);
    expect((await bridge.db.prospects.get(alice.id))?.linkedinUrl).toBe(profile);
    expect(await bridge.db.prospects.count()).toBe(1);
    expect(root.querySelector('[data-participant]')).toBeNull();
  });

  it('reads the context of the tab named in ?tab= rather than the active one', async () => {
    await trackAlice();
    await reportPage(42, [{ email: 'alice.martin@northwind.example' }]);
    await mount('?tab=42');
    await find('article.card h2');
    expect(bridge.requests.find((r) => r.type === 'popupHome')).toMatchObject({ tabId: 42 });
  });
});
