/**
 * Who a prospect is: any of their addresses, their LinkedIn vanity URL or their LinkedIn member
 * id names them. Every lookup "by identity" goes through here, so a member-id link from a
 * LinkedIn conversation and the vanity URL of the same person's profile find the same prospect.
 */

import { fail } from '../../shared/error-reasons.ts';
import { linkedinIdentity, memberIdUrl } from '../../shared/linkedin-url.ts';
import type { Prospect } from '../../shared/schemas.ts';
import type { EtapeDb } from '../db.ts';

/** A person's LinkedIn identities as a write should store them. */
export interface LinkedinIds {
  linkedinUrl?: string;
  linkedinMemberId?: string;
}

/**
 * Puts each id where it belongs: a member-id URL given as `linkedinUrl` becomes the member id
 * (`linkedinUrl` holds vanity URLs only). A member-id URL that names another member id than the
 * one given is refused rather than guessed.
 */
export function splitLinkedin(input: {
  linkedinUrl?: string | undefined;
  linkedinMemberId?: string | undefined;
}): LinkedinIds {
  const identity = input.linkedinUrl ? linkedinIdentity(input.linkedinUrl) : undefined;
  const memberId = input.linkedinMemberId ?? identity?.memberId;
  if (identity?.memberId && input.linkedinMemberId && identity.memberId !== input.linkedinMemberId)
    throw fail('invalidInput', { field: 'linkedinMemberId' });
  return {
    ...(identity?.vanityUrl ? { linkedinUrl: identity.vanityUrl } : {}),
    ...(memberId ? { linkedinMemberId: memberId } : {}),
  };
}

/**
 * The `linkedinUrl` values under which a member id may be stored: the URL itself, and the
 * lower-cased form records written before version 4 hold (the old code lower-cased every slug;
 * the case cannot be recovered, so the lower-cased URL is the last resort).
 */
export function memberIdUrls(memberId: string): string[] {
  const url = memberIdUrl(memberId);
  return [...new Set([url, url.toLowerCase()])];
}

export interface IdentityQuery {
  emails?: readonly string[];
  /** Profile URLs of either form (a member-id URL is looked up by member id). */
  linkedinUrls?: readonly string[];
  memberIds?: readonly string[];
}

/** Every prospect named by any of these identities, each once (emails first, then LinkedIn). */
export async function prospectsByIdentity(db: EtapeDb, query: IdentityQuery): Promise<Prospect[]> {
  const { emails, vanityUrls, memberIds } = identityKeys(query);
  const urls = [...vanityUrls, ...memberIds.flatMap(memberIdUrls)];
  const none: Prospect[] = [];
  // Together: each read is a trip to the browser process (the popup's first paint waits on it).
  const lists = await Promise.all([
    emails.length > 0 ? db.prospects.where('emails').anyOf(emails).toArray() : none,
    urls.length > 0 ? db.prospects.where('linkedinUrl').anyOf(urls).toArray() : none,
    memberIds.length > 0 ? db.prospects.where('linkedinMemberId').anyOf(memberIds).toArray() : none,
  ]);
  const found = new Map<string, Prospect>();
  for (const prospect of lists.flat())
    if (!found.has(prospect.id)) found.set(prospect.id, prospect);
  return [...found.values()];
}

/** The prospect a profile URL of either form names. */
export async function prospectByLinkedinUrl(
  db: EtapeDb,
  url: string,
): Promise<Prospect | undefined> {
  const identity = linkedinIdentity(url);
  if (identity?.memberId) return prospectByMemberId(db, identity.memberId);
  if (identity?.vanityUrl)
    return db.prospects.where('linkedinUrl').equals(identity.vanityUrl).first();
  return undefined;
}

export async function prospectByMemberId(
  db: EtapeDb,
  memberId: string,
): Promise<Prospect | undefined> {
  return (
    (await db.prospects.where('linkedinMemberId').equals(memberId).first()) ??
    (await db.prospects.where('linkedinUrl').anyOf(memberIdUrls(memberId)).first())
  );
}

/** The first prospect named by a detail set: emails, then vanity URL, then member id. */
export async function prospectByDetails(
  db: EtapeDb,
  details: { emails: readonly string[] } & LinkedinIds,
): Promise<Prospect | undefined> {
  return (
    (details.emails.length > 0
      ? await db.prospects.where('emails').anyOf(details.emails).first()
      : undefined) ??
    (details.linkedinUrl
      ? await db.prospects.where('linkedinUrl').equals(details.linkedinUrl).first()
      : undefined) ??
    (details.linkedinMemberId ? await prospectByMemberId(db, details.linkedinMemberId) : undefined)
  );
}

/**
 * Matching in memory, for writes of thousands of records at once (CSV import, restore-merge):
 * one key per identity, so a row finds a prospect read up front or created earlier in the batch.
 */
export class IdentityIndex {
  private readonly owner = new Map<string, string>();

  add(prospect: Prospect): void {
    for (const key of keysOf(prospect)) this.owner.set(key, prospect.id);
  }

  /** The id of the prospect any of these identities names. */
  find(details: { emails: readonly string[] } & LinkedinIds): string | undefined {
    for (const email of details.emails) {
      const id = this.owner.get(`e:${email}`);
      if (id) return id;
    }
    if (details.linkedinUrl) {
      const id = this.owner.get(`u:${details.linkedinUrl}`);
      if (id) return id;
    }
    if (details.linkedinMemberId) {
      const id = this.owner.get(`m:${details.linkedinMemberId}`);
      if (id) return id;
      for (const url of memberIdUrls(details.linkedinMemberId)) {
        const legacy = this.owner.get(`u:${url}`);
        if (legacy) return legacy;
      }
    }
    return undefined;
  }
}

function keysOf(prospect: Prospect): string[] {
  return [
    ...prospect.emails.map((email) => `e:${email}`),
    ...(prospect.linkedinUrl ? [`u:${prospect.linkedinUrl}`] : []),
    ...(prospect.linkedinMemberId ? [`m:${prospect.linkedinMemberId}`] : []),
  ];
}

function identityKeys(query: IdentityQuery) {
  const vanityUrls = new Set<string>();
  const memberIds = new Set(query.memberIds ?? []);
  for (const url of query.linkedinUrls ?? []) {
    const identity = linkedinIdentity(url);
    if (identity?.vanityUrl) vanityUrls.add(identity.vanityUrl);
    if (identity?.memberId) memberIds.add(identity.memberId);
  }
  return {
    emails: [...new Set(query.emails ?? [])],
    vanityUrls: [...vanityUrls],
    memberIds: [...memberIds],
  };
}

/**
 * The ids another prospect does not hold already. Filling an id someone else holds would make
 * two prospects one person's: that is a merge the user decides, never a side effect.
 */
export async function unclaimedIds(
  db: EtapeDb,
  prospectId: string,
  ids: LinkedinIds,
): Promise<LinkedinIds> {
  const out: LinkedinIds = {};
  if (ids.linkedinUrl) {
    const owner = await db.prospects.where('linkedinUrl').equals(ids.linkedinUrl).first();
    if (!owner || owner.id === prospectId) out.linkedinUrl = ids.linkedinUrl;
  }
  if (ids.linkedinMemberId) {
    const owner = await prospectByMemberId(db, ids.linkedinMemberId);
    if (!owner || owner.id === prospectId) out.linkedinMemberId = ids.linkedinMemberId;
  }
  return out;
}
