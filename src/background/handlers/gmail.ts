/**
 * Gmail-specific reads. A message sent from a Gmail tab is logged when it leaves, keyed by its
 * draft (`gmail:compose:…`); the same message later appears in its conversation with its final
 * `msg-f` id. This answers which of those conversation copies are already logged, so the
 * content script does not count them twice. Read-only: retries and two tabs are harmless.
 */
import { normalizeSubject } from '../../shared/subject.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

/** Gmail dates a sent message when it really left: at most the longest undo period (30 s) plus
 * clock and sync slack after our commit. Generous, because the subject must match too. */
const MATCH_WINDOW_MS = 15 * 60_000;

export function gmailHandlers(ctx: ServiceContext) {
  const { store } = ctx;
  return defineHandlers({
    async gmailSentMatches({ sends }) {
      const matched: string[] = [];
      const prospects = new Map<string, string | null>();
      for (const send of sends) {
        if (!prospects.has(send.email)) {
          const prospect = await store.prospects.byEmail(send.email);
          prospects.set(send.email, prospect?.id ?? null);
        }
        const prospectId = prospects.get(send.email);
        if (!prospectId) continue;
        const subject = normalizeSubject(send.subject);
        const near = await store.touchpoints.between(
          prospectId,
          Math.max(0, send.at - MATCH_WINDOW_MS),
          send.at + MATCH_WINDOW_MS,
        );
        if (
          near.some(
            (touchpoint) =>
              touchpoint.kind === 'email_sent' &&
              touchpoint.key.startsWith('gmail:compose:') &&
              normalizeSubject(touchpoint.summary ?? '') === subject,
          )
        )
          matched.push(send.key);
      }
      return { matched };
    },
  });
}
