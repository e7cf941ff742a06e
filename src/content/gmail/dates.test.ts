import { describe, expect, it } from 'vitest';
import { dateLocale, parseGmailDate } from './dates.ts';

const at = (y: number, m: number, d: number, h: number, min: number) =>
  new Date(y, m - 1, d, h, min).getTime();

describe('parseGmailDate', () => {
  it.each([
    ['Wed, Apr 9, 2025, 8:01 AM', at(2025, 4, 9, 8, 1)],
    ['Wed, Apr 9, 2025, 8:01\u202fPM', at(2025, 4, 9, 20, 1)],
    ['Apr 9, 2025, 12:30 AM', at(2025, 4, 9, 0, 30)],
    ['Tue, Apr 8, 2025 at 12:05 PM', at(2025, 4, 8, 12, 5)],
    ['Wed, 9 Apr 2025, 20:01', at(2025, 4, 9, 20, 1)],
    ['Sat, Mar 1, 2025, 9:00 AM (9 minutes ago)', at(2025, 3, 1, 9, 0)],
    ['Thursday, September 4, 2025, 7:45 a.m.', at(2025, 9, 4, 7, 45)],
  ])('reads English %s', (title, expected) => {
    expect(parseGmailDate(title, 'en')).toBe(expected);
    expect(parseGmailDate(title, 'en-GB')).toBe(expected);
  });

  it.each([
    ['mer. 9 avr. 2025, 08:01', at(2025, 4, 9, 8, 1)],
    ['9 avr. 2025, 20:01', at(2025, 4, 9, 20, 1)],
    ['mar. 4 mars 2025 à 09:15', at(2025, 3, 4, 9, 15)],
    ['mercredi 13 août 2025 à 17 h 40', at(2025, 8, 13, 17, 40)],
    ['jeu.\u00a01\u00a0févr. 2024, 07:05', at(2024, 2, 1, 7, 5)],
    ['1er déc. 2025, 23:59', at(2025, 12, 1, 23, 59)],
  ])('reads French %s', (title, expected) => {
    expect(parseGmailDate(title, 'fr')).toBe(expected);
  });

  it.each([
    ['another language', 'Mi., 9. Apr. 2025, 08:01', 'de'],
    ['a French title on an English page', '9 avr. 2025, 08:01', 'en'],
    ['an English title on a French page', 'Apr 9, 2025, 8:01 AM', 'fr'],
    ['a relative text only', '9 minutes ago', 'en'],
    ['no time', 'Wed, Apr 9, 2025', 'en'],
    ['no year', 'Apr 9, 8:01 AM', 'en'],
    ['no day', 'Apr 2025, 8:01 AM', 'en'],
    ['a day that does not exist', 'Feb 30, 2025, 8:01 AM', 'en'],
    ['an hour that does not exist', 'Apr 9, 2025, 13:01 PM', 'en'],
    ['AM/PM in French', '9 avr. 2025, 8:01 PM', 'fr'],
    ['an empty title', '', 'en'],
  ])('gives null for %s', (_name, title, lang) => {
    expect(parseGmailDate(title, lang)).toBeNull();
  });

  it('reads the language from <html lang>', () => {
    expect(dateLocale('fr-FR')).toBe('fr');
    expect(dateLocale('en-US')).toBe('en');
    expect(dateLocale('')).toBe('en');
    expect(dateLocale('de')).toBeNull();
  });
});
