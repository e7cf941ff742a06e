/** Database failures, named for the user: the write did not happen, and why. */
import { Dexie } from 'dexie';
import { fail } from '../../shared/error-reasons.ts';
import type { ErrorInfo } from '../../shared/protocol.ts';

export function storageErrorInfo(error: unknown): ErrorInfo | undefined {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return fail('storageFull').toInfo();
  }
  if (name.endsWith('Error') && error instanceof Dexie.DexieError) {
    return fail('storageFailed', { name }).toInfo();
  }
  return undefined;
}
