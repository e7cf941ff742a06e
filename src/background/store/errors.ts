/** Database failures, named for the user: the write did not happen, and why. */
import { Dexie } from 'dexie';
import type { ErrorInfo } from '../../shared/protocol.ts';

export function storageErrorInfo(error: unknown): ErrorInfo | undefined {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return {
      code: 'storage',
      message:
        'The browser refused to store more data (storage quota exceeded). Nothing was saved.',
    };
  }
  if (name.endsWith('Error') && error instanceof Dexie.DexieError) {
    return { code: 'storage', message: `Database error (${name}); nothing was saved.` };
  }
  return undefined;
}
