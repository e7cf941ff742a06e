import { describe, expect, it } from 'vitest';
import { reinjectContentScripts, startReinjection } from './reinject.ts';

const SCRIPTS = [
  { matches: ['https://mail.google.com/*'], js: ['src/content/gmail/index.js'] },
  { matches: ['https://www.linkedin.com/*'], js: ['src/content/linkedin/index.js'] },
];

describe('re-injection after an install or update', () => {
  it('injects each script into the open tabs of its own site only', async () => {
    const queried: string[][] = [];
    // A call without files is the mark that tells the copy it replaces an orphaned one.
    const injected: Array<[number, string[] | 'mark']> = [];
    const tabs: Record<string, Array<{ id: number }>> = {
      'https://mail.google.com/*': [{ id: 1 }, { id: 2 }],
      'https://www.linkedin.com/*': [{ id: 3 }],
    };
    const count = await reinjectContentScripts({
      scripts: SCRIPTS,
      queryTabs: async (urls) => {
        queried.push(urls);
        return tabs[urls[0] ?? ''] ?? [];
      },
      inject: async (tabId, files) => void injected.push([tabId, files]),
    });
    expect(count).toBe(3);
    expect(queried).toEqual([['https://mail.google.com/*'], ['https://www.linkedin.com/*']]);
    expect(injected).toEqual([
      [1, ['src/content/gmail/index.js']],
      [2, ['src/content/gmail/index.js']],
      [3, ['src/content/linkedin/index.js']],
    ]);
  });

  it('swallows a failing tab without stopping the others, and skips discarded tabs', async () => {
    const injected: number[] = [];
    const count = await reinjectContentScripts({
      scripts: SCRIPTS,
      queryTabs: async (urls) =>
        urls[0]?.includes('mail')
          ? [{ id: 1 }, { id: 2 }, { id: 5, discarded: true }, {}]
          : [{ id: 3 }],
      inject: async (tabId) => {
        if (tabId === 1) throw new Error('Frame with ID 0 is showing error page');
        injected.push(tabId);
      },
    });
    expect(count).toBe(2);
    expect(injected.sort()).toEqual([2, 3]);
  });

  it('goes on with the next site when a tab query fails', async () => {
    const injected: number[] = [];
    const count = await reinjectContentScripts({
      scripts: [...SCRIPTS, { matches: [], js: ['x.js'] }, { matches: ['https://x/*'] }],
      queryTabs: async (urls) => {
        if (urls[0]?.includes('mail')) throw new Error('tabs unavailable');
        return [{ id: 3 }];
      },
      inject: async (tabId) => void injected.push(tabId),
    });
    expect(count).toBe(1);
    expect(injected).toEqual([3]);
  });
});

describe('when re-injection starts', () => {
  function fakeBrowser() {
    const listeners = {
      installed: [] as Array<(details: { reason: string }) => void>,
      added: [] as Array<(permissions: { origins?: string[]; permissions?: string[] }) => void>,
    };
    // A call without files is the mark that tells the copy it replaces an orphaned one.
    const injected: Array<[number, string[] | 'mark']> = [];
    const browser = {
      runtime: {
        onInstalled: {
          addListener: (fn: (typeof listeners.installed)[number]) => listeners.installed.push(fn),
        },
        getManifest: () => ({ content_scripts: SCRIPTS }),
      },
      tabs: {
        query: async ({ url }: { url: string[] }) => (url[0]?.includes('mail') ? [{ id: 7 }] : []),
      },
      scripting: {
        executeScript: async ({
          target,
          files,
        }: {
          target: { tabId: number };
          files?: string[];
        }) => {
          injected.push([target.tabId, files ?? 'mark']);
          return [];
        },
      },
      permissions: {
        onAdded: {
          addListener: (fn: (typeof listeners.added)[number]) => listeners.added.push(fn),
        },
      },
    };
    return {
      browser: browser as unknown as Parameters<typeof startReinjection>[0],
      listeners,
      injected,
    };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('injects after an install or update, not after a browser restart', async () => {
    const { browser, listeners, injected } = fakeBrowser();
    startReinjection(browser);
    for (const listener of listeners.installed) listener({ reason: 'browser_update' });
    await settle();
    expect(injected).toEqual([]);
    for (const listener of listeners.installed) listener({ reason: 'update' });
    await settle();
    expect(injected).toEqual([
      [7, 'mark'],
      [7, ['src/content/gmail/index.js']],
    ]);
  });

  it('injects when host access is granted (Firefox asks for it apart), not for other permissions', async () => {
    const { browser, listeners, injected } = fakeBrowser();
    startReinjection(browser);
    for (const listener of listeners.added)
      listener({ permissions: ['notifications'], origins: [] });
    await settle();
    expect(injected).toEqual([]);
    for (const listener of listeners.added) listener({ origins: ['https://mail.google.com/*'] });
    await settle();
    expect(injected).toEqual([
      [7, 'mark'],
      [7, ['src/content/gmail/index.js']],
    ]);
  });
});
