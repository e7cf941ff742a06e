// @vitest-environment happy-dom
/**
 * The popup renders what the background answers; a prospect name holding markup must show as
 * that exact text and never become elements.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProcess } from '../shared/default-process.ts';

const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Eve';
const now = Date.now();

vi.mock('webextension-polyfill', () => ({
  default: {
    i18n: {
      getMessage: (key: string, subs: string[] = []) =>
        subs.length ? `${key}:${subs.join(',')}` : key,
      getUILanguage: () => 'en',
    },
    runtime: {
      getURL: (path: string) => `chrome-extension://test/${path}`,
      async sendMessage(message: { type: string }) {
        if (message.type === 'getProcess')
          return { ok: true, data: { process: defaultProcess('en', 1) } };
        return {
          ok: true,
          data: {
            total: 1,
            prospects: [
              {
                lastTouchAt: null,
                prospect: {
                  id: 'p1',
                  name: hostile,
                  emails: [],
                  stageId: 'qualified',
                  stageEnteredAt: now - 20 * 86_400_000,
                  status: 'open',
                  createdAt: 1,
                  updatedAt: 1,
                },
              },
            ],
          },
        };
      },
    },
    storage: { onChanged: { addListener: () => undefined, removeListener: () => undefined } },
  },
}));

afterEach(() => {
  document.body.replaceChildren();
});

describe('popup', () => {
  it('shows a name with markup as inert text, with stage and staleness', async () => {
    const { App } = await import('./app.tsx');
    const root = document.createElement('div');
    document.body.append(root);
    act(() => render(<App />, root));
    const item = await vi.waitFor(() => {
      const found = root.querySelector('[data-prospect-id="p1"]');
      if (!found) throw new Error('not rendered yet');
      return found;
    });
    expect(item?.querySelector('strong')?.textContent).toBe(hostile);
    expect(root.querySelector('img, script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(item?.textContent).toContain('Qualified');
    // 20 days in a 14-day stage: over target.
    expect(item?.querySelector('[data-level]')?.getAttribute('data-level')).toBe('over');
  });
});
