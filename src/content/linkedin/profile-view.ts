/**
 * Detector: a visit to a profile page. Identity comes from the URL, never from page data that
 * may still describe the previous profile after in-page navigation. At most one touchpoint per
 * prospect per day: the key holds the local date.
 */

import { canonicalLinkedinUrl } from '../../shared/linkedin-url.ts';
import type { TouchpointInput } from '../../shared/messages.ts';

export const detector = 'profile-view';

export function profileViewTouchpoint(href: string, now: Date): TouchpointInput | null {
  const linkedinUrl = canonicalLinkedinUrl(href.split(/[?#]/)[0] ?? '');
  if (!linkedinUrl) return null;
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return {
    channel: 'linkedin',
    kind: 'linkedin_profile_view',
    linkedinUrl,
    at: now.getTime(),
    key: `linkedin:view:${linkedinUrl}:${day}`,
  };
}
