/**
 * The cryptography of the handover (./handover.ts), Web Crypto only. From the per-install
 * secret (src/shared/handover-secret.ts) HKDF derives two non-extractable keys:
 * - HMAC-SHA256 authenticates every announcement and handover, over all of its fields (site,
 *   protocol version, both instance ids, time, the sealed state): a page can neither forge one
 *   nor move a real one to another instance;
 * - AES-GCM seals the handed-over state: a handover travels through the page's DOM, and what an
 *   instance owes (which people got a touchpoint) says who the rep tracks — the page must not
 *   read it.
 * Keys exist only inside the isolated world of the content script that derived them.
 */

export interface HandoverKeys {
  mac: CryptoKey;
  seal: CryptoKey;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function deriveHandoverKeys(secret: Uint8Array): Promise<HandoverKeys> {
  const subtle = crypto.subtle;
  const base = await subtle.importKey('raw', bytes(secret), 'HKDF', false, ['deriveKey']);
  const hkdf = (info: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info: encoder.encode(info),
  });
  const [mac, seal] = await Promise.all([
    subtle.deriveKey(
      hkdf('etape handover mac v2'),
      base,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    ),
    subtle.deriveKey(
      hkdf('etape handover seal v2'),
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    ),
  ]);
  return { mac, seal };
}

/**
 * The MAC of an ordered list of fields. JSON of the array is the canonical form: the same
 * fields always give the same bytes, and no two lists give the same bytes.
 */
export async function signFields(
  keys: HandoverKeys,
  fields: ReadonlyArray<string | number>,
): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', keys.mac, encoder.encode(JSON.stringify(fields)));
  return toBase64(new Uint8Array(mac));
}

/** Constant-time check (Web Crypto's verify) of a MAC made by `signFields`. */
export async function verifyFields(
  keys: HandoverKeys,
  fields: ReadonlyArray<string | number>,
  mac: string,
): Promise<boolean> {
  const signature = fromBase64(mac);
  if (signature?.length !== 32) return false;
  try {
    return await crypto.subtle.verify(
      'HMAC',
      keys.mac,
      bytes(signature),
      encoder.encode(JSON.stringify(fields)),
    );
  } catch {
    return false;
  }
}

/** Encrypts `text`, bound to `context` (the handover's ids): a fresh 96-bit IV each time. */
export async function sealText(
  keys: HandoverKeys,
  text: string,
  context: string,
): Promise<{ iv: string; box: string }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const box = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    keys.seal,
    encoder.encode(text),
  );
  return { iv: toBase64(iv), box: toBase64(new Uint8Array(box)) };
}

/** The text `sealText` sealed, or null for anything else (wrong key, context, IV or bytes). */
export async function openText(
  keys: HandoverKeys,
  sealed: { iv: string; box: string },
  context: string,
): Promise<string | null> {
  const iv = fromBase64(sealed.iv);
  const box = fromBase64(sealed.box);
  if (iv?.length !== 12 || !box) return null;
  try {
    const text = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes(iv), additionalData: encoder.encode(context) },
      keys.seal,
      bytes(box),
    );
    return decoder.decode(text);
  } catch {
    return null;
  }
}

/** Web Crypto wants an ArrayBuffer-backed view; a copy guarantees one. */
function bytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(view);
}

function toBase64(data: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let start = 0; start < data.length; start += 0x8000)
    binary += String.fromCharCode(...data.subarray(start, start + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
