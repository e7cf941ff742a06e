/** How the dashboard names a rep: their team name, or "You" while team sync has not named them. */
import { t } from '../../browser/i18n.ts';
import type { RepKey } from '../../shared/analytics.ts';
import type { RepFilter } from '../route-id.ts';

export function repLabel(key: RepKey): string {
  if (key.rep === null) return t('teamYou');
  return key.self ? t('teamSelfNamed', key.rep) : key.rep;
}

/** The rep filter as a `<select>` value: '' for everyone, '~' for the unnamed own rep. */
export function repOptionValue(rep: RepFilter): string {
  if (rep === undefined) return '';
  return rep === null ? '~' : `=${rep}`;
}

export function repFromOption(value: string): RepFilter {
  if (value === '') return undefined;
  return value === '~' ? null : value.slice(1);
}
