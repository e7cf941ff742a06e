import { describe, expect, it } from 'vitest';
import { reinjectContentScripts } from './reinject.ts';

const SCRIPTS = [
  { matches: ['https://mail.google.com/*'], js: ['assets/gmail-loader.js'] },
  { matches: ['https://www.linkedin.com/*'], js: ['assets/linkedin-loader.js'] },
];

describe('re-injection after an install or update', () => {
  it('injects each script into the open tabs of its own site only', async () => {
    const queried: string[][] = [];
    const injected: Array<[number, string[]]> = [];
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
      [1, ['assets/gmail-loader.js']],
      [2, ['assets/gmail-loader.js']],
      [3, ['assets/linkedin-loader.js']],
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
