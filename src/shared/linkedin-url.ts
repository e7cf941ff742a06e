/**
 * A LinkedIn person's two identities (see ../../shared/notes/pages.md): the vanity profile URL
 * `/in/<slug>/` (slug case-insensitive) and the member id `ACoA…` that messaging, search rows and
 * many other links use instead (case-SENSITIVE: lower-casing it names nobody). Kept free of zod:
 * content scripts import it and must stay small.
 */
const LINKEDIN_PROFILE =
  /^https:\/\/(?:[a-z]{2,3}\.|www\.)?linkedin\.com\/in\/([^/?#\s]+)\/?(?:[?#].*)?$/i;

const MEMBER_ID = /^ACoA[A-Za-z0-9_-]{20,100}$/;

/** A member id as LinkedIn writes it (`ACoAA…`, base64url-like). Case matters. */
export function isMemberId(slug: string): boolean {
  return MEMBER_ID.test(slug);
}

/** The profile URL LinkedIn's own links use for a member id. */
export function memberIdUrl(memberId: string): string {
  return `https://www.linkedin.com/in/${memberId}/`;
}

/**
 * Accepts any LinkedIn profile URL shape seen in the wild (country subdomains, missing slash,
 * query strings, percent-encoded slugs) and yields the one canonical form the contract names,
 * so the same person always has the same key. Vanity slugs are lower-cased (LinkedIn ignores
 * their case); a member-id slug keeps its case.
 */
export function canonicalLinkedinUrl(raw: string): string | undefined {
  const slug = profileSlug(raw);
  if (slug === undefined) return undefined;
  return isMemberId(slug)
    ? memberIdUrl(slug)
    : `https://www.linkedin.com/in/${encodeURIComponent(slug.toLowerCase())}/`;
}

/** Which identity a profile URL names: a member id, or else a canonical vanity URL. */
export function linkedinIdentity(
  raw: string,
): { vanityUrl?: string; memberId?: string } | undefined {
  const slug = profileSlug(raw);
  if (slug === undefined) return undefined;
  if (isMemberId(slug)) return { memberId: slug };
  return { vanityUrl: `https://www.linkedin.com/in/${encodeURIComponent(slug.toLowerCase())}/` };
}

/** The decoded `/in/<slug>` of a profile URL; undefined for anything else. */
function profileSlug(raw: string): string | undefined {
  const slug = LINKEDIN_PROFILE.exec(raw.trim())?.[1];
  if (!slug) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    return undefined;
  }
  if (decoded.length === 0 || decoded.length > 100) return undefined;
  return decoded;
}
