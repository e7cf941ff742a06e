/**
 * For unit tests of a whole content-script session: a background that records every message
 * and answers through handlers a test gives (unknown types answer `{}`), and session deps
 * around it with the page already claimed.
 */
import type { ChangeEvent } from '../../shared/messages.ts';
import type { SessionDeps } from './session.ts';

export interface Call {
  type: string;
  payload: Record<string, unknown>;
}

type Handler = (payload: Record<string, unknown>) => unknown;

export function fakeBackground(handlers: Record<string, Handler> = {}) {
  const calls: Call[] = [];
  let listener: ((event: ChangeEvent) => void) | undefined;
  const send = (async (type: string, payload: Record<string, unknown>) => {
    calls.push({ type, payload });
    const handler = handlers[type];
    if (handler) return handler(payload);
    if (type === 'logTouchpoints') {
      const touchpoints = payload.touchpoints as Array<{ key: string }>;
      return { results: touchpoints.map((t) => ({ key: t.key, status: 'created' })) };
    }
    return {};
  }) as unknown as SessionDeps['send'];
  const deps: SessionDeps = {
    document,
    send,
    onChange: (handle) => {
      listener = handle;
    },
    claim: () => true,
    now: () => Date.now(),
  };
  const of = (type: string) => calls.filter((call) => call.type === type).map((c) => c.payload);
  return {
    calls,
    deps,
    of,
    /** Every key logged so far, in order. */
    loggedKeys: () =>
      of('logTouchpoints').flatMap((payload) =>
        (payload.touchpoints as Array<{ key: string }>).map((t) => t.key),
      ),
    change: (event: Omit<ChangeEvent, 'seq' | 'at'>) => listener?.({ ...event, seq: 1, at: 1 }),
  };
}
