/**
 * What the Gmail detectors share within one page: the background's answers (cache), the
 * signed-in account, the main view the session observes, and the open conversation as the
 * last scan read it (the compose detector needs its subject and thread for an inline reply).
 * Written by the conversation detector, read by the others, in the order site.ts lists them.
 */
import { immediately, type OnScreen } from '../shared/on-screen.ts';
import { ContextCache } from './context.ts';
import type { ParsedConversation } from './conversation.ts';

export class GmailState {
  readonly cache = new ContextCache();

  /** When a control may be drawn: once its anchor is on screen (the page), at once (tests). */
  constructor(readonly onScreen: OnScreen = immediately) {}

  account: string | null = null;
  /** The observed main view; null while Gmail boots. */
  view: Element | null = null;
  conversation: ParsedConversation | null = null;
  /** The account's addresses the open conversation shows (aliases Gmail marks "me"). */
  own: ReadonlySet<string> = new Set();
  /** A send of this tab is in its undo period or on its way: its conversation copy waits. */
  sendsPending: () => boolean = () => false;

  /** The user's own addresses as this tab knows them: the conversation's and the account. */
  ownAddresses(): Set<string> {
    return new Set([...this.own, ...(this.account ? [this.account] : [])]);
  }
}
