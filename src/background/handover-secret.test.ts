import { describe, expect, it } from 'vitest';
import { decodeSecret, HANDOVER_SECRET_KEY } from '../shared/handover-secret.ts';
import { ensureHandoverSecret, type SecretStorage } from './handover-secret.ts';

function memoryStorage(initial: Record<string, unknown> = {}) {
  const items: Record<string, unknown> = { ...initial };
  const storage: SecretStorage = {
    async get(key) {
      return key in items ? { [key]: items[key] } : {};
    },
    async set(values) {
      Object.assign(items, values);
    },
  };
  return { items, storage };
}

describe('ensureHandoverSecret', () => {
  it('creates a 256-bit secret once and keeps it across worker starts (updates)', async () => {
    const { items, storage } = memoryStorage();
    expect(await ensureHandoverSecret(storage)).toBe(true);
    const first = items[HANDOVER_SECRET_KEY];
    expect(decodeSecret(first)?.length).toBe(32);
    expect(await ensureHandoverSecret(storage)).toBe(false);
    expect(items[HANDOVER_SECRET_KEY]).toBe(first);
  });

  it('replaces a value that is not a secret it wrote', async () => {
    const { items, storage } = memoryStorage({ [HANDOVER_SECRET_KEY]: 'short' });
    expect(await ensureHandoverSecret(storage)).toBe(true);
    expect(decodeSecret(items[HANDOVER_SECRET_KEY])).not.toBeNull();
  });

  it('draws a different secret per install', async () => {
    const a = memoryStorage();
    const b = memoryStorage();
    await ensureHandoverSecret(a.storage);
    await ensureHandoverSecret(b.storage);
    expect(a.items[HANDOVER_SECRET_KEY]).not.toBe(b.items[HANDOVER_SECRET_KEY]);
  });
});
