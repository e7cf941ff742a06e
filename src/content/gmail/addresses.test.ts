import { describe, expect, it } from 'vitest';
import { normalizeSubject } from '../../shared/subject.ts';
import { addressPolicy, isTrackable, timeFromLegacyId } from './addresses.ts';

describe('isTrackable', () => {
  const policy = { own: new Set(['rep@etape-demo.example']), ignoredDomains: ['partner.example'] };

  it('offers external people only', () => {
    expect(isTrackable('alice@northwind.example', policy)).toBe(true);
    expect(isTrackable('REP@etape-demo.example', policy)).toBe(false);
    expect(isTrackable('joe@partner.example', policy)).toBe(false);
    expect(isTrackable('joe@eu.partner.example', policy)).toBe(false);
    expect(isTrackable('joe@notpartner.example', policy)).toBe(true);
  });

  it('never offers colleagues, unless the account is on a public mailbox provider', () => {
    expect(isTrackable('sam@etape-demo.example', policy)).toBe(false);
    const personal = { own: new Set(['rep@gmail.com']), ignoredDomains: [] };
    expect(isTrackable('friend@gmail.com', personal)).toBe(true);
  });

  it('never offers automated senders', () => {
    for (const address of [
      'no-reply@x.example',
      'noreply@x.example',
      'do-not-reply@x.example',
      'donotreply@x.example',
      'notifications@x.example',
      'mailer-daemon@x.example',
      'bounces+123@x.example',
      'calendar-noreply@x.example',
    ])
      expect(isTrackable(address, policy), address).toBe(false);
    expect(isTrackable('nora@x.example', policy)).toBe(true);
  });
});

describe('normalizeSubject', () => {
  it('strips reply and forward prefixes in several languages', () => {
    expect(normalizeSubject('Re: Fwd: TR:  Pricing  for 2026')).toBe('pricing for 2026');
    expect(normalizeSubject('RE[2]: Pricing')).toBe('pricing');
    expect(normalizeSubject('Pricing')).toBe('pricing');
    expect(normalizeSubject('Regarding pricing')).toBe('regarding pricing');
  });
});

describe('timeFromLegacyId', () => {
  it('reads the time encoded in a legacy hex message id', () => {
    const at = Date.UTC(2025, 3, 8, 10, 14);
    const hex = ((BigInt(at) << 20n) + 5n).toString(16);
    expect(timeFromLegacyId(hex)).toBe(at);
  });

  it('refuses what is not a plausible id', () => {
    expect(timeFromLegacyId(null)).toBeNull();
    expect(timeFromLegacyId('xyz')).toBeNull();
    expect(timeFromLegacyId('0000000000001')).toBeNull();
  });
});

describe('addressPolicy', () => {
  it("joins the page's own addresses with the saved ones, and works before settings load", () => {
    const settings = { ownAddresses: ['me@other.example'], ignoredDomains: ['partner.example'] };
    const policy = addressPolicy(['rep@etape-demo.example'], settings);
    expect([...policy.own]).toEqual(['rep@etape-demo.example', 'me@other.example']);
    expect(isTrackable('joe@partner.example', policy)).toBe(false);
    expect(addressPolicy(['rep@etape-demo.example'], null)).toEqual({
      own: new Set(['rep@etape-demo.example']),
      ignoredDomains: [],
    });
  });
});
