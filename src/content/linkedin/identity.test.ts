// @vitest-environment happy-dom
/**
 * The member id of the profile a page shows, on the dated fixture whose page also names the
 * viewer's, a mutual connection's and the previous profile's ids before hers.
 */
import { describe, expect, it } from 'vitest';
import { readMemberId } from './identity.ts';
import { readProfile } from './profile-view.ts';
import { loadFixture } from './test-fixtures.ts';

const MAELLE = 'https://www.linkedin.com/in/maelle-garnier-4b2c1a/';
const MAELLE_ID = 'ACoAAD7hR2kLmN0pQ3sT5vX8zY1bC4eF6gH9jKw';

describe('readMemberId', () => {
  it('takes the id tied to the URL’s slug, not the first one the page names', () => {
    const doc = loadFixture('profile-member-id-2025-04.html');
    // The first id in the page is the viewer's, the first in main a mutual connection's.
    expect(doc.querySelector('a[href*="miniProfileUrn="]')?.getAttribute('href')).toContain(
      'ACoAAB0r',
    );
    expect(readMemberId(doc, MAELLE)).toBe(MAELLE_ID);
  });

  it('falls back on the embedded JSON object naming the slug (not the previous profile’s)', () => {
    const doc = loadFixture('profile-member-id-2025-04.html');
    for (const link of doc.querySelectorAll('a[href*="profileUrn="]')) link.removeAttribute('href');
    expect(readMemberId(doc, MAELLE)).toBe(MAELLE_ID);
    // Under the previous profile's URL the JSON names Léo, not Maëlle.
    expect(readMemberId(doc, 'https://www.linkedin.com/in/leo-fontaine/')).toBe(
      'ACoAAF2lEoFoNtAiNe55555555aaaaBBBBcccc1',
    );
  });

  it('keeps the id’s case, and matches the slug whatever its case in the URL', () => {
    const doc = loadFixture('profile-member-id-2025-04.html');
    expect(readMemberId(doc, 'https://www.linkedin.com/in/Maelle-Garnier-4B2C1A/')).toBe(MAELLE_ID);
  });

  it('names nobody when the page ties no id to this slug', () => {
    const doc = loadFixture('profile-member-id-2025-04.html');
    for (const code of doc.querySelectorAll('code')) code.remove();
    for (const link of doc.querySelectorAll('a[href*="maelle"]')) link.removeAttribute('href');
    expect(readMemberId(doc, MAELLE)).toBeNull();
    // A page that only names others' ids under their own slugs.
    expect(readMemberId(loadFixture('profile-2025-04.html'), MAELLE)).toBeNull();
  });

  it('reads the rest of the 2025 top card as before', () => {
    const read = readProfile(loadFixture('profile-member-id-2025-04.html'), MAELLE);
    expect(read.state === 'ready' && read.profile).toMatchObject({
      linkedinUrl: MAELLE,
      name: 'Maëlle Garnier',
      headline: 'VP Operations at Tailspin Toys',
      company: 'Tailspin Toys',
      hasConnect: true,
    });
  });
});
