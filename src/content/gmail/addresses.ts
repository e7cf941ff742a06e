/**
 * Who may be tracked. Pure: no browser API, tested directly. The account's own addresses, its
 * colleagues (same company domain), the user's ignored domains and automated senders are never
 * offered a Track control nor auto-tracked (a tracked prospect is still logged whatever its
 * domain: the rep decided).
 */

export interface AddressPolicy {
  /** The signed-in account and any address Gmail shows as "me". Lower-case. */
  own: ReadonlySet<string>;
  /** From settings.ignoredDomains; a domain also covers its subdomains. */
  ignoredDomains: readonly string[];
}

/** The policy for a page: the addresses it shows as the user's, plus the saved settings. */
export function addressPolicy(
  own: Iterable<string>,
  settings: { ownAddresses: readonly string[]; ignoredDomains: readonly string[] } | null,
): AddressPolicy {
  return {
    own: new Set([...own, ...(settings?.ownAddresses ?? [])]),
    ignoredDomains: settings?.ignoredDomains ?? [],
  };
}

/** Local parts of senders no human reads: replying to them or tracking them makes no sense. */
const AUTOMATED_LOCAL =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?|notifications?|notify|alerts?|newsletter|news|info[-_.]?noreply)(?:[-_.+].*)?$/;

/** Mailbox providers: sharing one with the account says nothing about being a colleague. */
const PUBLIC_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'aol.com',
]);

export function isTrackable(email: string, policy: AddressPolicy): boolean {
  const address = email.toLowerCase();
  if (policy.own.has(address)) return false;
  const domain = domainOf(address);
  if (!domain) return false;
  const local = address.slice(0, address.length - domain.length - 1);
  if (AUTOMATED_LOCAL.test(local) || local.includes('noreply')) return false;
  for (const mine of policy.own) {
    const own = domainOf(mine);
    if (own && own === domain && !PUBLIC_DOMAINS.has(own)) return false;
  }
  return !policy.ignoredDomains.some(
    (ignored) => domain === ignored || domain.endsWith(`.${ignored}`),
  );
}

/**
 * Gmail's legacy hex message id starts with the message's time in ms (the low 20 bits are a
 * counter): a locale-independent date when the header's title cannot be parsed.
 */
export function timeFromLegacyId(hex: string | null | undefined): number | null {
  if (!hex || !/^[0-9a-f]{12,16}$/i.test(hex)) return null;
  const ms = Number(BigInt(`0x${hex}`) >> 20n);
  // Gmail launched in 2004; anything outside [2004, now + 1 day] is not a timestamp.
  return ms > 1_072_915_200_000 && ms < Date.now() + 86_400_000 ? ms : null;
}

function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(at + 1) : null;
}
