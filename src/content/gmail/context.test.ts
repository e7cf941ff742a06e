import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: Array<{ type: string; payload: { emails?: string[] } }> = [];
vi.mock('../../browser/client.ts', () => ({
  send: async (type: string, payload: { emails?: string[] }) => {
    calls.push({ type, payload });
    if (type === 'getSettings') return { settings: { ignoredDomains: ['x.example'] } };
    return {
      process: { id: 'proc' },
      prospects: (payload.emails ?? [])
        .filter((email) => email.startsWith('tracked'))
        .map((email) => ({ prospect: { id: email, emails: [email] }, lastTouchAt: null })),
    };
  },
}));

const { ContextCache } = await import('./context.ts');

beforeEach(() => {
  calls.length = 0;
});

describe('ContextCache', () => {
  it('asks only for addresses it has not seen, and again after a change', async () => {
    const cache = new ContextCache();
    await cache.ensure(['tracked@a.example', 'other@b.example']);
    expect(cache.isTracked('tracked@a.example')).toBe(true);
    expect(cache.isTracked('other@b.example')).toBe(false);
    expect(cache.settings?.ignoredDomains).toEqual(['x.example']);
    await cache.ensure(['tracked@a.example', 'other@b.example', 'new@c.example']);
    expect(calls.filter((call) => call.type === 'getContext').map((c) => c.payload.emails)).toEqual(
      [['tracked@a.example', 'other@b.example'], ['new@c.example']],
    );
    expect(await cache.ensure(['new@c.example'])).toBe(false);
    cache.forget();
    await cache.ensure(['new@c.example']);
    expect(calls.at(-1)?.payload.emails).toEqual(['new@c.example']);
  });

  it('discards an answer that a change overtook', async () => {
    const cache = new ContextCache();
    await cache.ensure([]);
    const pending = cache.ensure(['tracked@a.example']);
    cache.forget();
    await pending;
    expect(cache.isTracked('tracked@a.example')).toBe(false);
    await cache.ensure(['tracked@a.example']);
    expect(cache.isTracked('tracked@a.example')).toBe(true);
  });
});
