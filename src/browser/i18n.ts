/** `browser.i18n` with the catalogue's key type: a missing key is a type error, not a blank. */
import type { MessageKey } from '../shared/i18n.ts';
import type { Channel, TouchpointKind } from '../shared/schemas.ts';
import type { DurationUnit } from '../shared/timing.ts';
import { durationParts } from '../shared/timing.ts';
import { ext } from './ext.ts';

export function t(key: MessageKey, ...substitutions: string[]): string {
  return ext.i18n.getMessage(key, substitutions) || key;
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

export const CHANNEL_KEYS: Record<Channel, MessageKey> = {
  gmail: 'channelGmail',
  linkedin: 'channelLinkedin',
  manual: 'channelManual',
};

/** Every view names touchpoint kinds the same way. */
export const KIND_KEYS: Record<TouchpointKind, MessageKey> = {
  email_sent: 'kindEmailSent',
  email_received: 'kindEmailReceived',
  linkedin_message_sent: 'kindLinkedinMessageSent',
  linkedin_message_received: 'kindLinkedinMessageReceived',
  linkedin_connect_sent: 'kindLinkedinConnectSent',
  linkedin_profile_view: 'kindLinkedinProfileView',
  call: 'kindCall',
  meeting: 'kindMeeting',
  note: 'kindNote',
};
