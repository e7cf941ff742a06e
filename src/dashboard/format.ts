/** Number, duration and label formatting for the dashboard, in the browser's UI language. */
import browser from 'webextension-polyfill';
import { t } from '../browser/i18n.ts';
import type { TouchFamily } from '../shared/analytics.ts';
import type { MessageKey } from '../shared/i18n.ts';
import type { Process } from '../shared/schemas.ts';
import { DAY_MS } from '../shared/timing.ts';

export function uiLanguage(): string {
  return browser.i18n.getUILanguage() || 'en';
}

export function isFrench(): boolean {
  return uiLanguage().toLowerCase().startsWith('fr');
}

const numberFormat = () => new Intl.NumberFormat(uiLanguage(), { maximumFractionDigits: 1 });

export function formatNumber(value: number): string {
  return numberFormat().format(value);
}

/** Durations on the dashboard are in days with one decimal: "4.5 d" / "4,5 j". */
export function formatDays(ms: number): string {
  return t('dashDays', formatNumber(ms / DAY_MS));
}

export function formatPercent(ratio: number | null): string {
  if (ratio === null) return t('dashNoData');
  return new Intl.NumberFormat(uiLanguage(), { style: 'percent', maximumFractionDigits: 0 }).format(
    ratio,
  );
}

export function formatMoney(value: number, currency: string | undefined): string {
  try {
    return new Intl.NumberFormat(uiLanguage(), {
      style: currency ? 'currency' : 'decimal',
      currency: currency ?? 'EUR',
      maximumFractionDigits: 0,
    }).format(value);
  } catch {
    return formatNumber(value);
  }
}

export function formatDate(at: number): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium' }).format(at);
}

export function formatDateTime(at: number): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    at,
  );
}

/** A stage id as the user named it; ids no longer in the process show as they are stored. */
export function stageName(process: Process, stageId: string): string {
  return process.stages.find((stage) => stage.id === stageId)?.name ?? stageId;
}

/** Lost reasons are stored as the process's reason id or as free text. */
export function lostReasonLabel(process: Process, reason: string): string {
  if (!reason) return t('dashNoReason');
  return process.lostReasons.find((item) => item.id === reason)?.label ?? reason;
}

const FAMILY_KEYS: Record<TouchFamily, [one: MessageKey, many: MessageKey]> = {
  email: ['dashFamEmailOne', 'dashFamEmailMany'],
  linkedinMessage: ['dashFamLinkedinMessageOne', 'dashFamLinkedinMessageMany'],
  linkedinConnect: ['dashFamConnectOne', 'dashFamConnectMany'],
  profileView: ['dashFamProfileViewOne', 'dashFamProfileViewMany'],
  call: ['dashFamCallOne', 'dashFamCallMany'],
  meeting: ['dashFamMeetingOne', 'dashFamMeetingMany'],
  note: ['dashFamNoteOne', 'dashFamNoteMany'],
};

/** "4 emails" / "1 LinkedIn message"; French takes the singular below 2. */
export function formatFamily(family: TouchFamily, n: number): string {
  const one = isFrench() ? n < 2 : n === 1;
  const [singular, plural] = FAMILY_KEYS[family];
  return t(one ? singular : plural, formatNumber(n));
}

/** A change versus the previous period, as text with its direction for screen readers too. */
export function trend(
  current: number,
  previous: number,
  format: (value: number) => string,
  lowerIsBetter = false,
): { text: string; direction: 'up' | 'down' | 'same'; good: boolean | null } {
  if (current === previous) return { text: t('dashTrendSame'), direction: 'same', good: null };
  const direction = current > previous ? 'up' : 'down';
  const delta = format(Math.abs(current - previous));
  const good = lowerIsBetter ? direction === 'down' : direction === 'up';
  return {
    text: t(direction === 'up' ? 'dashTrendUp' : 'dashTrendDown', delta),
    direction,
    good,
  };
}

export { KIND_KEYS } from '../browser/i18n.ts';
