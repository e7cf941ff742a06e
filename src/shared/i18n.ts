/**
 * Locale catalogues as data, for code that must not call browser APIs (the default process,
 * tests, the background's localized defaults). Pages and content scripts use `browser.i18n`
 * through `src/browser/i18n.ts`, which shares the same key type.
 */
import en from '../../public/_locales/en/messages.json';
import fr from '../../public/_locales/fr/messages.json';

export type MessageKey = keyof typeof en;
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

type Catalogue = Record<
  string,
  { message: string; placeholders?: Record<string, { content: string }> }
>;
const catalogues: Record<Locale, Catalogue> = { en, fr };

/** `fr-CA`, `fr` → fr; anything else → en (the default_locale). */
export function pickLocale(uiLanguage: string | undefined): Locale {
  return uiLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Same substitution rules as `chrome.i18n.getMessage` for the subset we use ($NAME$ → $1). */
export function translate(
  locale: Locale,
  key: MessageKey,
  substitutions: readonly string[] = [],
): string {
  const entry = catalogues[locale][key] ?? catalogues.en[key];
  if (!entry) return key;
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content;
    const index = content ? Number(content.slice(1)) - 1 : -1;
    return index >= 0 ? (substitutions[index] ?? '') : whole;
  });
}

export function catalogue(locale: Locale): Catalogue {
  return catalogues[locale];
}
