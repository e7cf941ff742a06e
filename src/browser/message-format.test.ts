/** The content scripts' message formatting gives what `translate` (and so the browser) gives. */
import { describe, expect, it } from 'vitest';
import { catalogue, LOCALES, type MessageKey, translate } from '../shared/i18n.ts';
import { formatMessage } from './message-format.ts';

describe('formatMessage', () => {
  it.each(LOCALES)('formats every %s message as translate does', (locale) => {
    const entries = catalogue(locale);
    for (const key of Object.keys(entries) as MessageKey[]) {
      const entry = entries[key];
      if (!entry) continue;
      const substitutions = ['A', 'B', 'C', 'D'];
      expect(formatMessage(entry, substitutions), key).toBe(translate(locale, key, substitutions));
    }
  });
});
