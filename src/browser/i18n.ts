/** `browser.i18n` with the catalogue's key type: a missing key is a type error, not a blank. */
import browser from 'webextension-polyfill';
import type { MessageKey } from '../shared/i18n.ts';
import type { DurationUnit } from '../shared/timing.ts';
import { durationParts } from '../shared/timing.ts';

export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

const UNIT_KEYS: Record<DurationUnit, MessageKey> = {
  minutes: 'durationMinutes',
  hours: 'durationHours',
  days: 'durationDays',
  weeks: 'durationWeeks',
};

/** "6 d" / "6 j". */
export function formatDuration(ms: number): string {
  const { n, unit } = durationParts(ms);
  return t(UNIT_KEYS[unit], String(n));
}
