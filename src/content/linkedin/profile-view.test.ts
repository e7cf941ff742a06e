// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  profileUrlInLink,
  profileUrlOf,
  profileViewTouchpoint,
  readProfile,
} from './profile-view.ts';
import { loadFixture } from './test-fixtures.ts';

describe('readProfile on dated fixtures', () => {
  it('reads the 2024 profile (readable classes, English, Connect)', () => {
    const read = readProfile(
      loadFixture('profile-2024-07.html'),
      'https://www.linkedin.com/in/camille-durand/',
    );
    expect(read.state).toBe('ready');
    if (read.state !== 'ready') return;
    expect(read.profile).toMatchObject({
      linkedinUrl: 'https://www.linkedin.com/in/camille-durand/',
      name: 'Camille Durand',
      headline: 'Head of Sales at Northwind Traders',
      company: 'Northwind Traders',
      hasConnect: true,
      hasMessage: false,
    });
  });

  it('reads the 2025 profile (hashed classes, French, Message, Connect hidden in More)', () => {
    const read = readProfile(
      loadFixture('profile-2025-04.html'),
      'https://www.linkedin.com/in/julien-moreau/?originalSubdomain=fr',
    );
    expect(read.state === 'ready' && read.profile).toMatchObject({
      linkedinUrl: 'https://www.linkedin.com/in/julien-moreau/',
      name: 'Julien Moreau',
      headline: 'Directeur commercial chez Fabrikam',
      company: 'Fabrikam',
      hasConnect: false,
      hasMessage: true,
      memberUrl: 'https://www.linkedin.com/in/acoaac4k9zsbq1x2/',
    });
  });

  it('reads a private third-degree profile without inventing a company or buttons', () => {
    const read = readProfile(
      loadFixture('profile-private-2025-04.html'),
      'https://www.linkedin.com/in/ACoAAB9xQzT4kLm/',
    );
    expect(read.state).toBe('ready');
    if (read.state !== 'ready') return;
    expect(read.profile.name).toBe('LinkedIn Member');
    expect(read.profile.company).toBeUndefined();
    expect(read.profile.hasConnect).toBe(false);
    expect(read.profile.hasMessage).toBe(false);
  });

  it('waits while the top card still shows the previous profile under a new URL', () => {
    const doc = loadFixture('profile-2024-07.html');
    expect(readProfile(doc, 'https://www.linkedin.com/in/nadia-lefevre/')).toEqual({
      state: 'pending',
      linkedinUrl: 'https://www.linkedin.com/in/nadia-lefevre/',
    });
  });

  it('without an about link, treats the same name element under a new URL as stale for a while', () => {
    const doc = loadFixture('profile-2024-07.html');
    doc.querySelector('main a[href$="/overlay/about-this-profile/"]')?.removeAttribute('href');
    const first = readProfile(doc, 'https://www.linkedin.com/in/camille-durand/');
    if (first.state !== 'ready') throw new Error('expected ready');
    const next = 'https://www.linkedin.com/in/nadia-lefevre/';
    expect(readProfile(doc, next, first.profile, 100).state).toBe('pending');
    expect(readProfile(doc, next, first.profile, 5000).state).toBe('ready');
  });

  it('is not a profile page elsewhere, and pending before the top card renders', () => {
    const empty = new DOMParser().parseFromString('<main></main>', 'text/html');
    expect(readProfile(empty, 'https://www.linkedin.com/feed/').state).toBe('not-profile');
    expect(
      readProfile(empty, 'https://www.linkedin.com/in/someone/details/experience/').state,
    ).toBe('not-profile');
    expect(readProfile(empty, 'https://www.linkedin.com/in/someone/').state).toBe('pending');
  });
});

describe('profile URLs and the visit touchpoint', () => {
  it('derives identity from URL shapes only', () => {
    expect(profileUrlOf('https://fr.linkedin.com/in/Camille-Durand?trk=x')).toBe(
      'https://www.linkedin.com/in/camille-durand/',
    );
    expect(profileUrlInLink('/in/camille-durand/overlay/about-this-profile/')).toBe(
      'https://www.linkedin.com/in/camille-durand/',
    );
    expect(profileUrlInLink('https://www.linkedin.com/in/lea-bernard?miniProfileUrn=x')).toBe(
      'https://www.linkedin.com/in/lea-bernard/',
    );
    expect(profileUrlInLink('/company/northwind/')).toBeNull();
  });

  it('keys a visit by profile and local day (at most one per day)', () => {
    const morning = profileViewTouchpoint(
      'https://www.linkedin.com/in/a-b/',
      new Date(2026, 0, 5, 9),
    );
    const evening = profileViewTouchpoint(
      'https://www.linkedin.com/in/a-b/',
      new Date(2026, 0, 5, 21),
    );
    const tomorrow = profileViewTouchpoint(
      'https://www.linkedin.com/in/a-b/',
      new Date(2026, 0, 6, 9),
    );
    expect(morning?.key).toBe(evening?.key);
    expect(morning?.key).not.toBe(tomorrow?.key);
    expect(morning).toMatchObject({ kind: 'linkedin_profile_view', channel: 'linkedin' });
  });
});
