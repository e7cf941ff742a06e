// @vitest-environment happy-dom
/**
 * The team view, the rep filter and the Team sync form against the real background (the
 * popup's test bridge): alone, the view names this browser's rep and explains team sync; with
 * the sample pipeline split between two reps (a restore, as a synced database holds it), a
 * row per rep with the background's figures and the team's; the overview's rep picker puts the
 * rep in the hash and shows that rep's figures, the nav keeps it, Back undoes it; the form's
 * fields and a Connect with a bad URL, shown as an error with its reason.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { bridge } from '../popup/test-browser.ts';
import type { ResponseMap } from '../shared/messages.ts';
import { presetPeriod } from '../shared/period.ts';
import { testPage } from './test-page.ts';

vi.mock('webextension-polyfill', () => import('../popup/test-browser.ts'));

const page = testPage();

async function mount(hash: string): Promise<void> {
  history.replaceState(null, '', `/src/dashboard/index.html${hash}`);
  const { App } = await import('./app.tsx');
  act(() => render(<App />, page.root));
}

function find<T extends Element = HTMLElement>(selector: string): Promise<T> {
  return vi.waitFor(
    () => {
      const found = page.root.querySelector<T & Element>(selector);
      if (!found) throw new Error(`${selector} not rendered yet`);
      return found as unknown as T;
    },
    { timeout: 10_000 },
  );
}

async function ask<T extends keyof ResponseMap>(
  message: { type: T } & Record<string, unknown>,
): Promise<ResponseMap[T]> {
  const reply = await bridge.service.handle(message);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as ResponseMap[T];
}

/** The sample pipeline, every other prospect Ana's and the rest Bruno's. */
async function seedTwoReps(): Promise<void> {
  await ask({ type: 'loadSampleData' });
  const { backup } = await ask({ type: 'exportBackup', appVersion: 'test' });
  const owner = new Map<string, string>();
  backup.data.prospects.forEach((prospect, index) => {
    prospect.ownerRep = index % 2 === 0 ? 'Ana' : 'Bruno';
    owner.set(prospect.id, prospect.ownerRep);
  });
  for (const record of [...backup.data.stageChanges, ...backup.data.touchpoints])
    record.ownerRep = owner.get(record.prospectId);
  await ask({ type: 'restoreBackup', text: JSON.stringify(backup), mode: 'replace' });
}

const cell = (rep: string, figure: string) =>
  Number(
    page.root
      .querySelector(`[data-rep="${rep}"] [data-figure="${figure}"]`)
      ?.getAttribute('data-value'),
  );
const kpi = (id: string) =>
  Number(page.root.querySelector(`[data-kpi="${id}"]`)?.getAttribute('data-value'));

// Seeding ~3,000 records into fake-indexeddb takes seconds on a busy machine.
const SLOW = { timeout: 60_000 };

describe('team view', () => {
  it('alone: this browser’s rep as “You”, and what team sync would add', async () => {
    await ask({ type: 'trackContact', name: 'Solo Prospect' });
    await mount('#/team');
    const row = await find('[data-rep="You"]');
    expect(row.getAttribute('data-self')).toBe('true');
    expect(page.root.querySelector('main > h1')?.textContent).toBe('Team');
    const alone = await find('[data-team-note="alone"]');
    expect(alone.textContent).toContain('team sync');
    expect(alone.querySelector('a')?.getAttribute('href')).toBe('#/settings');
    expect(page.root.querySelectorAll('tbody [data-rep]')).toHaveLength(1);
    // The period picker sits above the team's figures too.
    expect(page.root.querySelector('[data-preset="last90"]')?.getAttribute('aria-pressed')).toBe(
      'true',
    );
    // The rep's name links to their dashboard figures.
    expect(row.querySelector('a')?.getAttribute('href')).toBe('#/overview?rep=');
  });

  it(
    'two reps: a row each with the background’s figures, and the team’s totals',
    SLOW,
    async () => {
      await seedTwoReps();
      await mount('#/team');
      await find('[data-rep="Bruno"]');
      const period = presetPeriod('last90', Date.now());
      const { team } = await ask({ type: 'getTeam', ...period });
      expect(
        [...page.root.querySelectorAll('tbody [data-rep]')].map((row) =>
          row.getAttribute('data-rep'),
        ),
      ).toEqual(['You', 'Ana', 'Bruno']);
      for (const rep of team.reps.slice(1)) {
        const name = rep.rep as string;
        expect([cell(name, 'open'), cell(name, 'won'), cell(name, 'lost')]).toEqual([
          rep.open,
          rep.won,
          rep.lost,
        ]);
      }
      const total = (figure: string) =>
        Number(
          page.root
            .querySelector(`[data-team-total] [data-figure="${figure}"]`)
            ?.getAttribute('data-value'),
        );
      expect([total('open'), total('won'), total('lost')]).toEqual([
        team.team.open,
        team.team.won,
        team.team.lost,
      ]);
      expect(cell('Ana', 'won') + cell('Bruno', 'won')).toBe(total('won'));
      // Each rep's part of the team's, in words.
      expect(
        page.root.querySelector('[data-rep="Ana"] [data-figure="won"] .share')?.textContent,
      ).toMatch(/\(\d+%\s?of the team\)/);
      // One median column per open stage, headed by the stage's name.
      expect(page.root.querySelector('thead th[data-stage-id="qualified"]')?.textContent).toBe(
        'Median in Qualified',
      );
      // Others' records while sync is off (a restored team backup): said so.
      expect(page.root.querySelector('[data-team-note]')?.getAttribute('data-team-note')).toBe(
        'sync-off',
      );
      // Nobody else's records are unowned: no row for an unnamed "You" with figures of others.
      expect(cell('You', 'won')).toBe(0);
    },
  );
});

describe('rep filter', () => {
  it(
    'shows one rep’s figures from the hash, keeps the rep across figures views, Back undoes it',
    SLOW,
    async () => {
      await seedTwoReps();
      await mount('#/overview');
      await find('[data-kpi="won"]');
      const everyone = kpi('won');
      const select = await find<HTMLSelectElement>('select[name="rep"]');
      expect([...select.options].map((option) => option.textContent)).toEqual([
        'The whole team',
        'You',
        'Ana',
        'Bruno',
      ]);
      expect(select.value).toBe('');

      const period = presetPeriod('last90', Date.now());
      const ana = await ask({ type: 'getDashboard', ...period, rep: 'Ana' });
      expect(ana.dashboard.current.won).not.toBe(everyone);
      await act(async () => {
        select.value = '=Ana';
        select.dispatchEvent(new Event('change'));
      });
      await vi.waitFor(() => expect(location.hash).toBe('#/overview?rep=Ana'));
      await vi.waitFor(() => expect(kpi('won')).toBe(ana.dashboard.current.won), {
        timeout: 10_000,
      });
      expect(page.root.querySelector<HTMLSelectElement>('select[name="rep"]')?.value).toBe('=Ana');

      // The won deals open on Ana's too; the board and the team view take no rep.
      expect(page.root.querySelector('a[data-route-link="won"]')?.getAttribute('href')).toBe(
        '#/won?rep=Ana',
      );
      expect(page.root.querySelector('a[data-route-link="team"]')?.getAttribute('href')).toBe(
        '#/team',
      );
      expect(page.root.querySelector('a[data-route-link="pipeline"]')?.getAttribute('href')).toBe(
        '#/pipeline',
      );

      history.back();
      await vi.waitFor(() => expect(location.hash).toBe('#/overview'));
      await vi.waitFor(() => expect(kpi('won')).toBe(everyone), { timeout: 10_000 });
      expect(page.root.querySelector<HTMLSelectElement>('select[name="rep"]')?.value).toBe('');
    },
  );

  it('has no picker while one rep owns everything', SLOW, async () => {
    await ask({ type: 'loadSampleData' });
    await mount('#/overview');
    await find('[data-kpi="won"]');
    expect(page.root.querySelector('select[name="rep"]')).toBeNull();
  });
});

describe('team sync form', () => {
  it('names its fields; a bad URL is an error with its reason; Disconnect turns it off', async () => {
    await mount('#/settings');
    const status = await find('[data-sync-state]');
    expect(status.getAttribute('data-sync-state')).toBe('off');
    for (const name of ['syncUrl', 'syncUser', 'syncPassword', 'repName'])
      expect(
        page.root.querySelector(`input[name="${name}"]`)?.closest('label')?.textContent,
      ).toBeTruthy();
    expect(page.root.querySelector<HTMLInputElement>('input[name="syncPassword"]')?.type).toBe(
      'password',
    );
    expect(page.root.querySelector('[data-section="team-sync"]')?.textContent).toContain(
      'nothing leaves this browser',
    );
    expect(page.root.querySelector('[data-section="team-sync"]')?.textContent).toContain('CORS');
    // Off: nothing to sync or disconnect.
    expect(page.root.querySelector('[data-action="sync-now"]')).toBeNull();

    const type = (name: string, value: string) =>
      act(() => {
        const input = page.root.querySelector<HTMLInputElement>(`input[name="${name}"]`);
        if (!input) throw new Error(name);
        input.value = value;
        input.dispatchEvent(new Event('input'));
      });
    await type('syncUrl', 'ftp://couch.example.com/acme-sales');
    await type('syncUser', 'ana');
    await type('syncPassword', 'secret');
    // No name for the team yet: said, and nothing is sent.
    await act(async () => (await find('[data-action="sync-connect"]')).click());
    expect((await find('[role="alert"]')).textContent).toBe('Give the name your team will see.');
    expect(bridge.requests.some((request) => request.type === 'syncConnect')).toBe(false);

    await type('repName', 'Ana');
    await act(async () => (await find('[data-action="sync-connect"]')).click());
    await vi.waitFor(() => expect(status.getAttribute('data-sync-state')).toBe('error'));
    expect(status.querySelector('[data-sync-reason]')?.getAttribute('data-sync-reason')).toBe(
      'syncBadUrl',
    );
    expect(status.textContent).toContain('This is not a database URL Etape can use');
    expect(page.root.querySelector('[role="alert"]')).toBeNull();

    await act(async () => (await find('[data-action="sync-disconnect"]')).click());
    await vi.waitFor(() => expect(status.getAttribute('data-sync-state')).toBe('off'));
  });
});
