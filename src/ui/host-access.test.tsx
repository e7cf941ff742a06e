// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { translate } from '../shared/i18n.ts';

/** The browser's side: which origins are granted, what the user answers, who listens. */
const fake = vi.hoisted(() => ({
  granted: new Set<string>(),
  answer: true,
  requests: [] as string[][],
  listeners: new Set<() => void>(),
}));

vi.mock('webextension-polyfill', () => {
  const event = {
    addListener: (listener: () => void) => fake.listeners.add(listener),
    removeListener: (listener: () => void) => fake.listeners.delete(listener),
  };
  return {
    default: {
      i18n: {
        getMessage: (key: string) => translate('en', key as never),
        getUILanguage: () => 'en',
      },
      runtime: {
        getManifest: () => ({
          host_permissions: ['https://mail.google.com/*', 'https://www.linkedin.com/*'],
        }),
      },
      permissions: {
        contains: async ({ origins }: { origins: string[] }) =>
          origins.every((origin) => fake.granted.has(origin)),
        request: async ({ origins }: { origins: string[] }) => {
          fake.requests.push(origins);
          if (!fake.answer) return false;
          for (const origin of origins) fake.granted.add(origin);
          for (const listener of fake.listeners) listener();
          return true;
        },
        onAdded: event,
        onRemoved: event,
      },
    },
  };
});

const { mountHostAccess } = await import('./host-access.tsx');

async function mounted(): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    mountHostAccess(root);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  return document.body;
}

const bar = () => document.querySelector('[data-host-access]');
const allow = () => document.querySelector<HTMLButtonElement>('.host-access-allow');

beforeEach(() => {
  document.body.replaceChildren();
  fake.granted.clear();
  fake.requests = [];
  fake.answer = true;
  fake.listeners.clear();
});

describe('host access bar', () => {
  it('shows nothing while Gmail and LinkedIn are allowed', async () => {
    fake.granted.add('https://mail.google.com/*').add('https://www.linkedin.com/*');
    await mounted();
    expect(bar()).toBeNull();
  });

  it('asks for exactly the two sites from the click, and goes away once allowed', async () => {
    fake.granted.add('https://mail.google.com/*');
    await mounted();
    expect(allow()?.textContent).toBe('Allow Etape on Gmail and LinkedIn');
    await act(async () => {
      allow()?.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(fake.requests).toEqual([['https://mail.google.com/*', 'https://www.linkedin.com/*']]);
    expect(bar()).toBeNull();
  });

  it('stays, and says so, when the user refuses', async () => {
    fake.answer = false;
    await mounted();
    await act(async () => {
      allow()?.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(allow()).not.toBeNull();
    expect(bar()?.querySelector('[role=status]')?.textContent).toMatch(/Not allowed/);
  });

  it('appears when access is revoked while the page is open', async () => {
    fake.granted.add('https://mail.google.com/*').add('https://www.linkedin.com/*');
    await mounted();
    expect(bar()).toBeNull();
    await act(async () => {
      fake.granted.clear();
      for (const listener of fake.listeners) listener();
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(allow()).not.toBeNull();
  });
});
