/**
 * The date in a message header's `.g3[title]`, written in Gmail's UI language (the page's
 * `<html lang>`): "Wed, Apr 9, 2025, 8:01 AM" in English (en-GB: "Wed, 9 Apr 2025, 20:01"),
 * "mer. 9 avr. 2025, 08:01" in French. A message just sent from this tab (`msg-a`) has no
 * other date, so touchpoint keys are built from this one; a language we do not know, or a
 * title we cannot read whole, gives null — never a guess a key could depend on.
 * Minute precision, in the browser's time zone (Gmail writes the user's local time).
 */

const MONTHS: Record<'en' | 'fr', ReadonlyArray<RegExp>> = {
  en: [
    /^jan(?:uary)?$/,
    /^feb(?:ruary)?$/,
    /^mar(?:ch)?$/,
    /^apr(?:il)?$/,
    /^may$/,
    /^june?$/,
    /^july?$/,
    /^aug(?:ust)?$/,
    /^sep(?:t|tember)?$/,
    /^oct(?:ober)?$/,
    /^nov(?:ember)?$/,
    /^dec(?:ember)?$/,
  ],
  fr: [
    /^janv(?:ier)?$/,
    /^f[ée]vr(?:ier)?$/,
    /^mars$/,
    /^avr(?:il)?$/,
    /^mai$/,
    /^juin$/,
    /^juil(?:let)?$/,
    /^ao[uû]t$/,
    /^sept(?:embre)?$/,
    /^oct(?:obre)?$/,
    /^nov(?:embre)?$/,
    /^d[ée]c(?:embre)?$/,
  ],
};

/** The languages whose titles we read; anything else gives null. */
export function dateLocale(lang: string | null | undefined): 'en' | 'fr' | null {
  const base = (lang ?? '').trim().toLowerCase().split(/[-_]/)[0];
  if (base === 'fr') return 'fr';
  // Gmail always sets <html lang>; a page without one is read as English, Gmail's default.
  if (base === 'en' || base === '') return 'en';
  return null;
}

/** Epoch ms of the title's date (seconds = 0), or null when it cannot be read for sure. */
export function parseGmailDate(title: string, lang: string | null | undefined): number | null {
  const locale = dateLocale(lang);
  if (!locale) return null;
  const text = title
    .normalize('NFC')
    .toLowerCase()
    // Newer ICU puts a narrow no-break space before AM/PM; French uses no-break spaces.
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    // "8:01 AM (9 minutes ago)": the relative part is not the date.
    .replace(/\([^)]*\)/g, ' ');

  const time = [...text.matchAll(/(\d{1,2})\s*(?::|h)\s*(\d{2})(?:\s*([ap])\.?\s*m\.?)?/g)].at(-1);
  if (!time || time.index === undefined) return null;
  let hour = Number(time[1]);
  const minute = Number(time[2]);
  const meridiem = time[3];
  if (meridiem) {
    if (locale !== 'en' || hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;

  // The date is what comes before the time.
  const words = text
    .slice(0, time.index)
    .split(/[\s,.]+/)
    .filter(Boolean);
  const monthAt = words.findIndex((word) => MONTHS[locale].some((month) => month.test(word)));
  if (monthAt < 0) return null;
  const month = MONTHS[locale].findIndex((pattern) => pattern.test(words[monthAt] ?? ''));
  const years = words.filter((word) => /^\d{4}$/.test(word));
  if (years.length !== 1) return null;
  const year = Number(years[0]);
  // The day sits right next to the month: "Apr 9" or "9 avr." / "9 Apr".
  const next = words[monthAt + 1] ?? '';
  const previous = words[monthAt - 1] ?? '';
  const dayText = /^\d{1,2}$/.test(next) ? next : /^\d{1,2}(?:er)?$/.test(previous) ? previous : '';
  const day = Number.parseInt(dayText, 10);
  if (!day || day > 31) return null;

  const date = new Date(year, month, day, hour, minute, 0, 0);
  // new Date rolls "Feb 31" over into March: that is no date Gmail wrote.
  if (date.getMonth() !== month || date.getDate() !== day) return null;
  return date.getTime();
}
