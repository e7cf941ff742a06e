/**
 * Detector: rows of the inbox (or any thread list): which thread, which sender. The chip goes
 * on rows whose sender is tracked. Reads attributes only; the snippet text is never read.
 */
import { queryAll, queryOptional, SelectorError } from '../shared/dom.ts';
import * as selectors from './selectors.ts';

export interface InboxRow {
  threadId: string;
  email: string;
  name: string;
  /** Where the chip goes (after the sender's name). */
  anchor: Element;
}

export interface ParsedInbox {
  rows: InboxRow[];
  /** Rows exist but no sender could be read on any of them: the selector drifted. */
  error: SelectorError | null;
}

export function parseInbox(root: ParentNode): ParsedInbox {
  const rows: InboxRow[] = [];
  let unreadable = 0;
  for (const row of queryAll(root, selectors.inboxRow)) {
    if (isHidden(row)) continue;
    const sender = queryOptional(row, selectors.rowSender);
    const email = sender?.getAttribute('email')?.trim().toLowerCase() ?? '';
    // A row of only drafts ("Draft") has no sender address: one such row is not a failure.
    if (!sender || !email.includes('@')) {
      unreadable++;
      continue;
    }
    const thread = queryOptional(row, selectors.rowThread);
    const threadId =
      thread?.getAttribute('data-legacy-thread-id') ?? thread?.getAttribute('data-thread-id') ?? '';
    const name = sender.getAttribute('name')?.trim() || sender.textContent?.trim() || email;
    rows.push({ threadId: threadId.replace(/^#/, ''), email, name, anchor: sender });
  }
  const error = rows.length === 0 && unreadable > 0 ? new SelectorError(selectors.rowSender) : null;
  return { rows, error };
}

/** Inside a view Gmail keeps but does not show. */
export function isHidden(element: Element): boolean {
  return element.closest(selectors.hiddenView.alternatives.join(',')) !== null;
}
