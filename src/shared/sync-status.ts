/**
 * What team sync (#17) reports to the pages — its state, when it last completed, and why it
 * failed as an error reason the pages translate (src/browser/error-text.ts) — and what the
 * Settings form sends. The contract between the sync engine (src/background/sync/) and the
 * settings and team views. Browser-free.
 */
import { z } from 'zod';
import { ERROR_REASONS, type ErrorReason } from './error-reasons.ts';
import { LIMITS, ownerRepSchema } from './schemas.ts';

export const SYNC_STATES = ['off', 'syncing', 'synced', 'offline', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

const REASONS = Object.keys(ERROR_REASONS) as [ErrorReason, ...ErrorReason[]];

export const syncStatusSchema = z.object({
  state: z.enum(SYNC_STATES),
  /** When a sync last completed, both ways. */
  lastSyncAt: z.number().int().nonnegative().optional(),
  /** Why the state is `error` or `offline` (a key of error-reasons.ts, translated by the page). */
  reason: z.enum(REASONS).optional(),
  /** The database URL, user and rep name in use (never the password). */
  url: z.string().optional(),
  user: z.string().optional(),
  repName: z.string().optional(),
  /** Local records written since the last push, not yet on the server (prospects). */
  pending: z.number().int().nonnegative().optional(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/**
 * The team database's address. Its rules (checkSyncUrl) are checked by the handler, which
 * answers the translated `syncBadUrl` rather than a generic invalid field.
 */
export const syncUrlSchema = z.string().trim().min(1).max(2000);

export const syncConnectSchema = z.strictObject({
  url: syncUrlSchema,
  // Empty ones are the server's to refuse (wrong password), after the URL's check.
  user: z.string().trim().max(LIMITS.name),
  password: z.string().max(1000),
  repName: ownerRepSchema,
});
export type SyncConnect = z.output<typeof syncConnectSchema>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a URL cannot be the team database (`syncBadUrl`), or null when it can: https anywhere,
 * http on loopback only (credentials would cross the network in clear otherwise), a database
 * path, no user:password inside the URL (it would end up in logs and the status).
 */
export function checkSyncUrl(value: string): 'syncBadUrl' | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'syncBadUrl';
  }
  if (url.username || url.password || url.search || url.hash) return 'syncBadUrl';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return 'syncBadUrl';
  const path = url.pathname.replace(/\/+$/, '');
  // One path segment at least (the database); CouchDB database names never start with `_`.
  if (!path || /\/_[^/]*$/.test(path)) return 'syncBadUrl';
  return null;
}

/** The URL as stored and shown: no trailing slash. */
export function normalSyncUrl(value: string): string {
  const url = new URL(value.trim());
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
