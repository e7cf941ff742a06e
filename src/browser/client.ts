/**
 * Typed stubs over the message map, for content scripts, popup and dashboard. A failure comes
 * back as an `EtapeError` with the background's code, reason and params: `errorText` in
 * ./error-text.ts turns it into a sentence of the user's language.
 */
import type { RequestInput, RequestType, ResponseMap } from '../shared/messages.ts';
import {
  CHANGE_STORAGE_KEY,
  type ChangeEvent,
  type Envelope,
  EtapeError,
} from '../shared/protocol.ts';
import { ext, type StorageListener } from './ext.ts';

export async function send<T extends RequestType>(
  type: T,
  payload: RequestInput<T>,
): Promise<ResponseMap[T]> {
  const reply = (await ext.runtime.sendMessage({ type, ...payload })) as
    | Envelope<ResponseMap[T]>
    | undefined;
  if (!reply)
    throw new EtapeError('internal', 'The Etape background did not answer', undefined, {
      reason: 'noAnswer',
    });
  if (!reply.ok) {
    const { code, message, issues, reason, params, prospectIds } = reply.error;
    // A reply without a reason (a worker of an older version) gets its code's generic one.
    throw new EtapeError(
      code,
      message,
      issues,
      reason
        ? { reason, params, prospectIds }
        : prospectIds
          ? { reason: 'conflict', prospectIds }
          : undefined,
    );
  }
  return reply.data;
}

/** Calls `listener` after every write the background makes, until `signal` aborts. */
export function onChange(listener: (event: ChangeEvent) => void, signal: AbortSignal): void {
  const handle: StorageListener = (changes, area) => {
    const change = changes[CHANGE_STORAGE_KEY];
    if (area === 'local' && change?.newValue) listener(change.newValue as ChangeEvent);
  };
  ext.storage.onChanged.addListener(handle);
  signal.addEventListener('abort', () => ext.storage.onChanged.removeListener(handle), {
    once: true,
  });
}
