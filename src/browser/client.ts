/**
 * Typed stubs over the message map, for content scripts, popup and dashboard. A failure comes
 * back as an `EtapeError` with the background's code and message, ready to show.
 */
import browser from 'webextension-polyfill';
import type { RequestInput, RequestType, ResponseMap } from '../shared/messages.ts';
import {
  CHANGE_STORAGE_KEY,
  type ChangeEvent,
  type Envelope,
  EtapeError,
} from '../shared/protocol.ts';

export async function send<T extends RequestType>(
  type: T,
  payload: RequestInput<T>,
): Promise<ResponseMap[T]> {
  const reply = (await browser.runtime.sendMessage({ type, ...payload })) as
    | Envelope<ResponseMap[T]>
    | undefined;
  if (!reply) throw new EtapeError('internal', 'The Etape background did not answer');
  if (!reply.ok) {
    const { code, message, issues, prospectIds } = reply.error;
    throw new EtapeError(code, message, issues, prospectIds);
  }
  return reply.data;
}

/** Calls `listener` after every write the background makes, until `signal` aborts. */
export function onChange(listener: (event: ChangeEvent) => void, signal: AbortSignal): void {
  const handle = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
    const change = changes[CHANGE_STORAGE_KEY];
    if (area === 'local' && change?.newValue) listener(change.newValue as ChangeEvent);
  };
  browser.storage.onChanged.addListener(handle);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(handle), {
    once: true,
  });
}
