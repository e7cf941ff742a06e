import { describe, expect, it, vi } from 'vitest';
import type { DetectorContext } from '../shared/session.ts';
import { ContextCache } from './context.ts';

/** A background that answers getSettings and getContext, counting what it was asked. */
function asker() {
  const calls: Array<{ type: string; emails?: string[] }> = [];
  const scheduled: number[] = [];
  const tasks: Array<Promise<unknown>> = [];
  const send = (async (type: string, payload: { emails?: string[] }) => {
    calls.push({ type, ...(payload.emails ? { emails: payload.emails } : {}) });
    if (type === 'getSettings') return { settings: { ignoredDomains: ['x.example'] } };
    return {
      process: { id: 'proc' },
      prospects: (payload.emails ?? [])
        .filter((email) => email.startsWith('tracked'))
        .map((email) => ({ prospect: { id: email, emails: [email] }, lastTouchAt: null })),
    };
  }) as unknown as DetectorContext['send'];
  const ctx = {
    send,
    schedule: (delay?: number) => scheduled.push(delay ?? -1),
    run: (task: Promise<unknown>) => tasks.push(task.catch(() => undefined)),
  };
  const settle = () => Promise.all(tasks);
  return { ctx, calls, scheduled, settle };
}

describe('ContextCache', () => {
  it('asks only for addresses it has not seen, schedules one scan once every answer is in, again after a change', async () => {
    const { ctx, calls, scheduled, settle } = asker();
    const cache = new ContextCache();
    cache.want(['tracked@a.example', 'other@b.example'], ctx);
    // Asked once while the answer is on its way, however many scans run meanwhile.
    cache.want(['tracked@a.example', 'other@b.example'], ctx);
    expect(cache.knows(['tracked@a.example'])).toBe(false);
    await settle();
    // Settings and addresses were asked together: one scan reads both answers.
    expect(scheduled).toEqual([0]);
    expect(cache.knows(['tracked@a.example', 'other@b.example'])).toBe(true);
    expect(cache.isTracked('tracked@a.example')).toBe(true);
    expect(cache.isTracked('other@b.example')).toBe(false);
    expect(cache.settings?.ignoredDomains).toEqual(['x.example']);
    cache.want(['tracked@a.example', 'new@c.example'], ctx);
    await settle();
    expect(calls.filter((call) => call.type === 'getContext').map((c) => c.emails)).toEqual([
      ['tracked@a.example', 'other@b.example'],
      ['new@c.example'],
    ]);
    cache.forget();
    cache.want(['new@c.example'], ctx);
    await settle();
    expect(calls.at(-1)?.emails).toEqual(['new@c.example']);
    expect(calls.filter((call) => call.type === 'getSettings')).toHaveLength(1);
  });

  it('keeps showing the last answers after a change until the fresh ones come; logging waits for them', async () => {
    const { ctx, scheduled, settle } = asker();
    const cache = new ContextCache();
    cache.want(['tracked@a.example', 'other@b.example'], ctx);
    await settle();
    const shown = cache.shownProspect('tracked@a.example');
    expect(shown?.id).toBe('tracked@a.example');
    cache.forget({ settings: true });
    // Nothing is known for logging, but the badge is not swapped for Track meanwhile.
    expect(cache.knows(['tracked@a.example'])).toBe(false);
    expect(cache.isTracked('tracked@a.example')).toBe(false);
    expect(cache.shownProspect('tracked@a.example')).toBe(shown);
    expect(cache.shownProspect('other@b.example')).toBeNull();
    expect(cache.shownProcess).toEqual({ id: 'proc' });
    expect(cache.shownSettings?.ignoredDomains).toEqual(['x.example']);
    cache.want(['tracked@a.example', 'other@b.example'], ctx);
    await settle();
    expect(cache.knows(['tracked@a.example', 'other@b.example'])).toBe(true);
    expect(cache.shownProspect('tracked@a.example')).not.toBe(shown);
    expect(cache.shownProspect('tracked@a.example')?.id).toBe('tracked@a.example');
    expect(scheduled).toEqual([0, 0]);
  });

  it('discards an answer that a change overtook', async () => {
    const { ctx, settle } = asker();
    const cache = new ContextCache();
    cache.want(['tracked@a.example'], ctx);
    cache.forget();
    await settle();
    expect(cache.isTracked('tracked@a.example')).toBe(false);
    cache.want(['tracked@a.example'], ctx);
    await settle();
    expect(cache.isTracked('tracked@a.example')).toBe(true);
  });

  it('lets a failed question be asked again by the next scan', async () => {
    const { ctx, settle } = asker();
    const failing = vi.fn(async () => {
      throw new Error('worker restarting');
    });
    const cache = new ContextCache();
    cache.want(['tracked@a.example'], { ...ctx, send: failing as unknown as typeof ctx.send });
    await settle();
    cache.want(['tracked@a.example'], ctx);
    await settle();
    expect(cache.isTracked('tracked@a.example')).toBe(true);
  });
});
