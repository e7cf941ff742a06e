/** Kept free of zod: content scripts need it and must stay small. */
const LINKEDIN_PROFILE =
  /^https:\/\/(?:[a-z]{2,3}\.|www\.)?linkedin\.com\/in\/([^/?#\s]+)\/?(?:[?#].*)?$/i;

/**
 * Accepts any LinkedIn profile URL shape seen in the wild (country subdomains, missing slash,
 * query strings, percent-encoded slugs) and yields the one canonical form the contract names,
 * so the same person always has the same key.
 */
export function canonicalLinkedinUrl(raw: string): string | undefined {
  const match = LINKEDIN_PROFILE.exec(raw.trim());
  const slug = match?.[1];
  if (!slug) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    return undefined;
  }
  if (decoded.length === 0 || decoded.length > 100) return undefined;
  return `https://www.linkedin.com/in/${encodeURIComponent(decoded.toLowerCase())}/`;
}
