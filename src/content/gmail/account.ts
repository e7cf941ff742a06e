/**
 * The signed-in account decides direction: a message from it was sent, to it was received.
 * Each `/mail/u/N/` tab is its own account: the address is read from this tab's page only.
 */
import { queryOptional } from '../shared/dom.ts';
import { accountButton } from './selectors.ts';

const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

export function accountAddress(doc: Document): string | null {
  // Gmail titles read "Inbox - me@example.com - Gmail" in every locale (seen 2025-04).
  const fromTitle = ADDRESS.exec(doc.title)?.[0];
  if (fromTitle) return fromTitle.toLowerCase();
  // The account button's aria-label also names the address; localized text around it.
  const button = queryOptional(doc, accountButton);
  const fromButton = ADDRESS.exec(button?.getAttribute('aria-label') ?? '')?.[0];
  return fromButton ? fromButton.toLowerCase() : null;
}
