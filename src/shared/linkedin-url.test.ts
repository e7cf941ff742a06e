import { describe, expect, it } from 'vitest';
import { canonicalLinkedinUrl, isMemberId, linkedinIdentity, memberIdUrl } from './linkedin-url.ts';

/** Shaped like the ids of pages.md (invented). */
const MEMBER = 'ACoAACxYz12AbCdEfGhIjKlMnOpQrStUvWxYz_-9';

describe('LinkedIn identities', () => {
  it('tells a member id from a vanity slug, case-sensitively', () => {
    expect(isMemberId(MEMBER)).toBe(true);
    expect(isMemberId(MEMBER.toLowerCase())).toBe(false);
    expect(isMemberId('robertkcheung')).toBe(false);
    expect(isMemberId('ACoA')).toBe(false);
    expect(isMemberId(`${MEMBER}/`)).toBe(false);
  });

  it('keeps the case of a member-id URL and lower-cases a vanity one', () => {
    expect(canonicalLinkedinUrl(`https://www.linkedin.com/in/${MEMBER}`)).toBe(
      `https://www.linkedin.com/in/${MEMBER}/`,
    );
    expect(canonicalLinkedinUrl(`https://fr.linkedin.com/in/${MEMBER}/?mini=true`)).toBe(
      memberIdUrl(MEMBER),
    );
    expect(canonicalLinkedinUrl('https://www.linkedin.com/in/Robert-K-Cheung/')).toBe(
      'https://www.linkedin.com/in/robert-k-cheung/',
    );
  });

  it('parses either form into the identity it names', () => {
    expect(linkedinIdentity(`https://www.linkedin.com/in/${MEMBER}/`)).toEqual({
      memberId: MEMBER,
    });
    expect(linkedinIdentity('https://linkedin.com/in/Jane-Doe#about')).toEqual({
      vanityUrl: 'https://www.linkedin.com/in/jane-doe/',
    });
    expect(linkedinIdentity('https://www.linkedin.com/company/acme/')).toBeUndefined();
  });
});
