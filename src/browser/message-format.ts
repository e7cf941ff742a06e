/**
 * One catalogue entry with its substitutions, by the rules of `chrome.i18n.getMessage` for the
 * subset our catalogues use (named placeholders `$NAME$` whose content is `$1`, `$2`…): the
 * same rules as `translate` in ../shared/i18n.ts, without importing the catalogues (the
 * content scripts bundle only the entries they name, see ./ext-native.ts).
 */
export interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export function formatMessage(entry: MessageEntry, substitutions: readonly string[] = []): string {
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content;
    const index = content ? Number(content.slice(1)) - 1 : -1;
    return index >= 0 ? (substitutions[index] ?? '') : whole;
  });
}
