/**
 * Every error the background can return reaches the user as a sentence of their language: each
 * reason has its message in en and fr with one placeholder per param, and real failures of the
 * service come out in French with their detail, never as an error class name or zod's English.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '../background/db.ts';
import { createService } from '../background/service.ts';
import { ERROR_REASONS, type ErrorReason } from '../shared/error-reasons.ts';
import { catalogue, type Locale, type MessageKey, translate } from '../shared/i18n.ts';
import { EtapeError } from '../shared/protocol.ts';

const ui = vi.hoisted(() => ({ locale: 'fr' as Locale }));
vi.mock('webextension-polyfill', () => ({
  default: {
    i18n: {
      getMessage: (key: string, substitutions: string[] = []) =>
        translate(ui.locale, key as MessageKey, substitutions),
      getUILanguage: () => ui.locale,
    },
  },
}));

const { ERROR_TEXTS, errorMessage } = await import('./error-text.ts');

function service() {
  let ids = 0;
  return createService({
    db: openDb(`etape-error-text-${Math.random()}`),
    now: () => Date.now(),
    locale: 'fr',
    newId: () => `p${++ids}`,
    notify: () => undefined,
  });
}

/** A reply's error as the page's client rebuilds it. */
async function failureOf(message: Record<string, unknown>): Promise<EtapeError> {
  const reply = await service().handle(message);
  if (reply.ok) throw new Error('expected a failure');
  const { code, message: log, issues, reason, params } = reply.error;
  return new EtapeError(code, log, issues, { reason, params });
}

beforeEach(() => {
  ui.locale = 'fr';
});

describe('error texts', () => {
  it.each(Object.keys(ERROR_REASONS) as ErrorReason[])(
    '%s has a message in en and fr with one placeholder per param',
    (reason) => {
      const text = ERROR_TEXTS[reason];
      for (const locale of ['en', 'fr'] as const) {
        const entry = catalogue(locale)[text.key];
        expect(entry?.message, `${locale} ${text.key}`).toBeTruthy();
        expect(Object.keys(entry?.placeholders ?? {})).toHaveLength(text.params?.length ?? 0);
        // The fallback is shown when a param is missing: it has none itself.
        if (text.bare) expect(catalogue(locale)[text.bare]?.placeholders).toBeUndefined();
      }
    },
  );

  it('shows a refused restore in French, with no English from the parser', async () => {
    const failure = await failureOf({
      type: 'restoreBackup',
      text: '{"format":"etape-backup","formatVersion":1,"data":{"prosp',
      mode: 'replace',
    });
    expect(failure.reason).toBe('backupTruncated');
    expect(errorMessage(failure)).toBe(
      'Le fichier est tronqué : ce n’est pas une sauvegarde complète.',
    );
  });

  it('names the field of an invalid message as a placeholder, not zod’s sentence', async () => {
    const failure = await failureOf({ type: 'trackContact', name: 'Ana', emails: ['not-mail'] });
    const text = errorMessage(failure);
    expect(text).toBe(
      'Etape a refusé : le champ « emails.0 » n’est pas valide. Rien n’a été enregistré.',
    );
    expect(failure.message).toMatch(/Invalid/);
    expect(text).not.toMatch(/Invalid|Error/);
  });

  it('gives the details of a newer backup as placeholders', async () => {
    const failure = await failureOf({
      type: 'restoreBackup',
      text: JSON.stringify({ format: 'etape-backup', formatVersion: 99, data: {} }),
      mode: 'merge',
    });
    expect(errorMessage(failure)).toContain('format 99');
    ui.locale = 'en';
    expect(errorMessage(failure)).toMatch(/^This backup was made by a newer Etape \(format 99;/);
  });

  it('falls back to the sentence without detail, and never shows a foreign error', () => {
    const bare = new EtapeError('invalid', 'Invalid data');
    expect(bare.reason).toBe('invalidInput');
    expect(errorMessage(bare)).toBe(translate('fr', 'errInvalidInput'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(errorMessage(new TypeError('x is undefined'))).toBe(translate('fr', 'errInternal'));
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
