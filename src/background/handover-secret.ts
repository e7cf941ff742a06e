/**
 * Creates the per-install handover secret (src/shared/handover-secret.ts) the first time the
 * worker starts, and keeps it from then on: content scripts of two builds, the one an update
 * orphans and the one that replaces it, must read the same secret. Random from Web Crypto;
 * `storage.local` is readable by Etape's own contexts only, never by a web page.
 */
import {
  decodeSecret,
  encodeSecret,
  HANDOVER_SECRET_BYTES,
  HANDOVER_SECRET_KEY,
} from '../shared/handover-secret.ts';

export interface SecretStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Resolves once a valid secret is stored; true when this call created it. */
export async function ensureHandoverSecret(storage: SecretStorage): Promise<boolean> {
  const stored = await storage.get(HANDOVER_SECRET_KEY);
  if (decodeSecret(stored[HANDOVER_SECRET_KEY])) return false;
  const bytes = crypto.getRandomValues(new Uint8Array(HANDOVER_SECRET_BYTES));
  await storage.set({ [HANDOVER_SECRET_KEY]: encodeSecret(bytes) });
  return true;
}
