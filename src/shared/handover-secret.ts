/**
 * The per-install secret that authenticates a content script's handover to its successor after
 * an update (src/content/shared/handover.ts). The background creates it once
 * (src/background/handover-secret.ts) in `storage.local`, which the extension's own contexts
 * read and no web page can; each content-script instance reads it while its extension context
 * is alive and keeps only keys derived from it, non-extractable, in its isolated world.
 * Shared by both sides: the storage key and the encoding, nothing else.
 */
export const HANDOVER_SECRET_KEY = 'etape:handoverSecret';

/** 256 bits: the HMAC-SHA256 and AES-GCM keys are derived from it (HKDF). */
export const HANDOVER_SECRET_BYTES = 32;

export function encodeSecret(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The stored secret, or null when it is absent or not what `encodeSecret` writes. */
export function decodeSecret(value: unknown): Uint8Array | null {
  if (typeof value !== 'string' || value.length > 100) return null;
  let binary: string;
  try {
    binary = atob(value);
  } catch {
    return null;
  }
  if (binary.length !== HANDOVER_SECRET_BYTES) return null;
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/**
 * Set by the background in the isolated world of a copy it re-injects after an update, before
 * the copy runs: only such a copy can have an orphaned predecessor to take over from, so only
 * it announces itself in the page (a copy injected at page load has none, and announcing would
 * tell the page that Etape runs).
 */
export const REINJECTED_FLAG = 'etape:reinjected';

/**
 * `storage.local` key `npm run bench` sets (from an extension page) so that content scripts
 * publish their scan times; pages cannot set it, so they never see Etape's measures.
 */
export const BENCH_FLAG_KEY = 'etape:bench';
