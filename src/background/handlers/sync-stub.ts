/**
 * replaced by the sync engine at merge — a stand-in for team sync's four messages, so the
 * settings form and the team view are built and tested against the contract
 * (src/shared/sync-status.ts) before the engine exists. It connects to nothing and keeps no
 * credentials: Connect checks the URL as the engine will (https, or http on this computer only;
 * a database named in the path; no credentials in it) and reports a bad one as an `error`
 * status with its reason; anything else stays `off`.
 */
import type { SyncStatus } from '../../shared/sync-status.ts';
import { defineHandlers } from '../context.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function syncStubHandlers() {
  let status: SyncStatus = { state: 'off' };
  return defineHandlers({
    async syncStatus() {
      return status;
    },
    async syncConnect({ url }) {
      status = databaseUrl(url) ? { state: 'off' } : { state: 'error', reason: 'syncBadUrl' };
      return status;
    },
    async syncNow() {
      return status;
    },
    async syncDisconnect() {
      status = { state: 'off' };
      return status;
    },
  });
}

/** The database URL, or null when it is not one sync may use. */
export function databaseUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  const database = url.pathname.replace(/^\/+|\/+$/g, '');
  if (!secure || !database || url.username || url.password || url.search || url.hash) return null;
  return url;
}
