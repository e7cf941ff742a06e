/**
 * Detector: a visit to a profile page (/in/<slug>/). Identity comes from the URL, never from
 * page data that may still describe the previous profile after in-page navigation: the top card
 * is read only once it names the same profile as the URL. At most one touchpoint per prospect
 * per day: the key holds the local date.
 */

import { canonicalLinkedinUrl } from '../../shared/linkedin-url.ts';
import type { TouchpointInput } from '../../shared/messages.ts';
import { queryOptional } from '../shared/dom.ts';
import {
  connectButton,
  messageButton,
  profileAboutLink,
  profileCompany,
  profileHeadline,
  profileName,
} from './selectors.ts';

export interface ProfileInfo {
  /** Canonical, from the URL. */
  linkedinUrl: string;
  name: string;
  headline?: string;
  company?: string;
  hasConnect: boolean;
  hasMessage: boolean;
  /**
   * The same person's member-id URL (/in/ACoAA…/), read from the Message link: messaging often
   * links people that way, so a conversation can be matched to the vanity-URL prospect.
   */
  memberUrl?: string;
  /** The name's element: the badge goes next to it. */
  nameElement: HTMLElement;
}

export type ProfileRead =
  | { state: 'not-profile' }
  /** The top card is missing or still shows another profile: try again on the next mutation. */
  | { state: 'pending'; linkedinUrl: string }
  | { state: 'ready'; profile: ProfileInfo };

/** The canonical profile URL of a page URL, only for the profile's main page. */
export function profileUrlOf(href: string): string | null {
  return canonicalLinkedinUrl(href.split(/[?#]/)[0] ?? '') ?? null;
}

/** The canonical profile URL any /in/<slug>/… link points to (relative links allowed). */
export function profileUrlInLink(href: string | null | undefined): string | null {
  if (!href) return null;
  const match = /(?:^|linkedin\.com)\/in\/([^/?#\s]+)/i.exec(href);
  return match?.[1]
    ? (canonicalLinkedinUrl(`https://www.linkedin.com/in/${match[1]}/`) ?? null)
    : null;
}

/**
 * Reads the profile the page shows. `previous` is the last profile read in this tab: LinkedIn
 * changes the URL before it swaps the top card, so the same name element under a new URL is
 * stale until proven otherwise (`sinceNavigation` lets a real namesake through after a while).
 */
export function readProfile(
  root: ParentNode,
  href: string,
  previous?: { linkedinUrl: string; nameElement: Element; name: string } | null,
  sinceNavigationMs = 0,
): ProfileRead {
  const linkedinUrl = profileUrlOf(href);
  if (!linkedinUrl) return { state: 'not-profile' };
  const nameElement = queryOptional(root, profileName);
  const name = clean(nameElement?.textContent);
  if (!nameElement || !name) return { state: 'pending', linkedinUrl };
  const about = queryOptional<HTMLAnchorElement>(root, profileAboutLink);
  const aboutUrl = profileUrlInLink(about?.getAttribute('href'));
  if (aboutUrl && aboutUrl !== linkedinUrl) return { state: 'pending', linkedinUrl };
  if (
    !aboutUrl &&
    previous &&
    previous.linkedinUrl !== linkedinUrl &&
    previous.nameElement === nameElement &&
    previous.name === name &&
    sinceNavigationMs < STALE_GRACE_MS
  ) {
    return { state: 'pending', linkedinUrl };
  }
  const card = topCardOf(nameElement, root);
  const headline = clean(queryOptional(card, profileHeadline)?.textContent);
  // The top card's Message link names the person's member id; only trusted when the card
  // proved to be this URL's (its about link), never from a card that may be the previous one.
  const memberUrl = aboutUrl === linkedinUrl ? memberUrlIn(card) : undefined;
  const company = companyText(
    queryOptional(card, profileCompany) ?? queryOptional(root, profileCompany),
  );
  return {
    state: 'ready',
    profile: {
      linkedinUrl,
      name,
      ...(headline ? { headline } : {}),
      ...(company ? { company } : {}),
      ...(memberUrl && memberUrl !== linkedinUrl ? { memberUrl } : {}),
      // Read when asked (their selectors use `:has()`): no scan of the page needs them.
      get hasConnect() {
        return queryOptional(card, connectButton) !== null;
      },
      get hasMessage() {
        return queryOptional(card, messageButton) !== null;
      },
      nameElement,
    },
  };
}

export function profileViewTouchpoint(href: string, now: Date): TouchpointInput | null {
  const linkedinUrl = profileUrlOf(href);
  if (!linkedinUrl) return null;
  return {
    channel: 'linkedin',
    kind: 'linkedin_profile_view',
    linkedinUrl,
    at: now.getTime(),
    key: `linkedin:view:${linkedinUrl}:${localDay(now)}`,
  };
}

export function localDay(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

const STALE_GRACE_MS = 3000;

/** 2025-04: the Message link carries `profileUrn=urn:li:fsd_profile:<member id>`. */
function memberUrlIn(card: ParentNode): string | undefined {
  const href = card.querySelector('a[href*="profileUrn="]')?.getAttribute('href') ?? '';
  let decoded = href;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    return undefined;
  }
  const id = /fsd_profile:([A-Za-z0-9_-]+)/.exec(decoded)?.[1];
  return id ? (profileUrlInLink(`/in/${id}/`) ?? undefined) : undefined;
}

/** Collapses whitespace; LinkedIn pads names with newlines and visually-hidden duplicates. */
function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The section holding the name: headline and buttons are looked up there, not page-wide. */
function topCardOf(nameElement: Element, root: ParentNode): ParentNode {
  // Absent only on a page without sections (then the whole root is the card).
  return nameElement.closest('section') ?? root;
}

/**
 * The company's visible text. The 2024 button's aria label ("Current company: Northwind. Click
 * to skip…") is localized and wordy; its text is just the name.
 */
function companyText(element: Element | null): string | undefined {
  if (!element) return undefined;
  const text = clean(element.textContent);
  return text ? text.slice(0, 200) : undefined;
}
