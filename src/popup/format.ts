/** Labels the popup shows for records: channels, kinds, relative times. */
import { formatDuration, t } from '../browser/i18n.ts';

export { CHANNEL_KEYS, KIND_KEYS } from '../browser/i18n.ts';

/** "3 d ago" / "il y a 3 j"; "—" when it never happened. */
export function ago(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined) return t('popupNever');
  return t('popupAgo', formatDuration(Math.max(0, now - at)));
}

/** The first view with data marks the page, once: the bench reads this as "first useful paint". */
export function markReady(view: 'context' | 'attention'): void {
  const root = document.documentElement;
  if (root.dataset.etapeReady) return;
  root.dataset.etapeReady = view;
  performance.mark('etape:ready');
}

export { errorText } from '../browser/error-text.ts';
