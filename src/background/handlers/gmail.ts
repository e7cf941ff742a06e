/**
 * Gmail-specific reads. A message sent from a Gmail tab is logged when it leaves, keyed by its
 * draft (`gmail:compose:…`); the same message later appears in its conversation (as `msg-a`,
 * then `msg-f`), where it gets the key of a sent message (`gmail:sent:…`, see
 * src/content/gmail/conversation.ts). This answers which of those conversation copies are
 * already logged under another key, so the content script does not count them twice:
 * - a send of a tab: same prospect, a compose key, the same subject, within MATCH_WINDOW_MS;
 * - a message logged by an older version under its Gmail id (`gmail:msg-f:<id>:…`): same
 *   prospect, within the same minute (both read the same header date).
 * Read-only: retries and two tabs are harmless.
 */
import { normalizeSubject } from '../../shared/subject.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

/** Gmail dates a sent message when it really left: at most the longest undo period (30 s) plus
 * clock and sync slack after our commit. Generous, because the subject must match too. */
const MATCH_WINDOW_MS = 15 * 60_000;
/** The header's date is to the minute, the legacy id's to the ms: one message, < 1 min apart. */
const SAME_MESSAGE_MS = 60_000;

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
        const byContent = send.key.startsWith('gmail:sent:');
        if (
          near.some(
            (touchpoint) =>
              touchpoint.kind === 'email_sent' &&
              touchpoint.key !== send.key &&
              ((touchpoint.key.startsWith('gmail:compose:') &&
                normalizeSubject(touchpoint.summary ?? '') === subject) ||
                (byContent &&
                  /^gmail:msg-[af]:/.test(touchpoint.key) &&
                  Math.abs(touchpoint.at - send.at) < SAME_MESSAGE_MS)),
          )
        )
          matched.push(send.key);
      }
      return { matched };
    },
  });
}
