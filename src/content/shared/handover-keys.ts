/**
 * Reads the per-install handover secret from `storage.local` while this instance's extension
 * context is alive (an orphan cannot reach storage any more), and derives its keys
 * (./handover-crypto.ts) when a handover first needs them: most pages never see one, and Web
 * Crypto works in an orphaned script too. Right after an install the worker may not have
 * written the secret yet: the instance waits for it a while.
 */
import { decodeSecret, HANDOVER_SECRET_KEY } from '../../shared/handover-secret.ts';
import { deriveHandoverKeys, type HandoverKeys } from './handover-crypto.ts';

type Changes = Record<string, { newValue?: unknown }>;

export interface SecretSource {
  get(key: string): Promise<Record<string, unknown>>;
  onChanged: {
    addListener(listener: (changes: Changes, area: string) => void): void;
    removeListener(listener: (changes: Changes, area: string) => void): void;
  };
}

export function loadHandoverKeys(
  source: SecretSource,
  waitMs = 60_000,
): () => Promise<HandoverKeys | null> {
  const secret = readSecret(source, waitMs);
  let keys: Promise<HandoverKeys | null> | null = null;
  return () => {
    keys ??= secret.then((value) => (value ? deriveHandoverKeys(value) : null));
    return keys;
  };
}

function readSecret(source: SecretSource, waitMs: number): Promise<Uint8Array | null> {
  return new Promise<Uint8Array | null>((resolve) => {
    let done = false;
    const finish = (value: Uint8Array | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        source.onChanged.removeListener(onChanged);
      } catch {
        // An orphaned context may refuse; nothing more will arrive anyway.
      }
      resolve(value);
    };
    const onChanged = (changes: Changes, area: string) => {
      const value = area === 'local' ? decodeSecret(changes[HANDOVER_SECRET_KEY]?.newValue) : null;
      if (value) finish(value);
    };
    const timer = setTimeout(() => finish(null), waitMs);
    source.onChanged.addListener(onChanged);
    source.get(HANDOVER_SECRET_KEY).then(
      (stored) => {
        const value = decodeSecret(stored[HANDOVER_SECRET_KEY]);
        if (value) finish(value);
      },
      () => finish(null),
    );
  });
}
