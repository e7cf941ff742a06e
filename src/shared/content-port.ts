/**
 * Content scripts talk to the background over one long-lived port per page rather than one
 * `runtime.sendMessage` per request: Chromium opens a message channel for every sendMessage,
 * and the page's main thread waits for the browser process each time (0.1–15 ms per request
 * in the page-cost bench's traces, a dozen requests as Gmail loads). A request is
 * `{ id, message }` with the same message as sendMessage would carry; the answer is
 * `{ id, reply }` with the same envelope. The background checks the port's sender as it
 * checks a message's.
 */
export const CONTENT_PORT = 'etape:content';

export interface PortRequest {
  id: number;
  message: unknown;
}

export interface PortReply {
  id: number;
  reply: unknown;
}

/** A request as the background accepts it; anything else is ignored. */
export function parsePortRequest(data: unknown): PortRequest | null {
  if (typeof data !== 'object' || data === null) return null;
  const { id, message } = data as Partial<PortRequest>;
  return typeof id === 'number' && Number.isSafeInteger(id) && 'message' in data
    ? { id, message }
    : null;
}

export function parsePortReply(data: unknown): PortReply | null {
  if (typeof data !== 'object' || data === null) return null;
  const { id } = data as Partial<PortReply>;
  return typeof id === 'number' && 'reply' in data
    ? { id, reply: (data as PortReply).reply }
    : null;
}
