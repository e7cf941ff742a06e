import { describe, expect, it } from 'vitest';
import { followUpDue, lastExchange } from './follow-up.ts';
import { DAY_MS } from './timing.ts';

const NOW = Date.UTC(2026, 2, 10, 9);
const contacted = { kind: 'open' as const, followUpDays: 3 };

describe('follow-up rule', () => {
  it('takes the latest exchange, ignoring profile views and notes', () => {
    expect(lastExchange([])).toBeNull();
    expect(
      lastExchange([
        { kind: 'email_received', at: 1 },
        { kind: 'linkedin_message_sent', at: 5 },
        { kind: 'linkedin_profile_view', at: 9 },
        { kind: 'note', at: 8 },
      ]),
    ).toEqual({ kind: 'linkedin_message_sent', at: 5 });
    expect(lastExchange([{ kind: 'linkedin_profile_view', at: 9 }])).toBeNull();
  });

  it('is due once our message has waited the stage’s delay, and only then', () => {
    const sent = (days: number) => ({ kind: 'email_sent' as const, at: NOW - days * DAY_MS });
    expect(followUpDue(sent(3), contacted, NOW)).toBe(NOW - 3 * DAY_MS);
    expect(followUpDue(sent(2.9), contacted, NOW)).toBeNull();
    // An invitation unanswered counts as ours too; a reply, a call or a meeting does not.
    expect(
      followUpDue({ kind: 'linkedin_connect_sent', at: NOW - 4 * DAY_MS }, contacted, NOW),
    ).toBe(NOW - 4 * DAY_MS);
    for (const kind of ['email_received', 'linkedin_message_received', 'call', 'meeting'] as const)
      expect(followUpDue({ kind, at: NOW - 10 * DAY_MS }, contacted, NOW), kind).toBeNull();
    expect(followUpDue(null, contacted, NOW)).toBeNull();
  });

  it('never nudges in a stage without a delay, or at an outcome', () => {
    const old = { kind: 'email_sent' as const, at: NOW - 30 * DAY_MS };
    expect(followUpDue(old, { kind: 'open', followUpDays: undefined }, NOW)).toBeNull();
    expect(followUpDue(old, { kind: 'won', followUpDays: 3 }, NOW)).toBeNull();
    expect(followUpDue(old, undefined, NOW)).toBeNull();
  });
});
