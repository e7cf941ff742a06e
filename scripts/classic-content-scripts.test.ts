/**
 * What the content build adds to each classic script: the catalogue entries its code names
 * (en and fr, French falling back on English as the browser does), exactly once, and the
 * native extension API in place of webextension-polyfill.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../src/shared/i18n.ts';
import {
  bundleMessages,
  MESSAGES_PLACEHOLDER,
  nativeExtensionApi,
} from './classic-content-scripts.ts';

const ROOT = resolve(import.meta.dirname, '..');

function bundledOf(code: string): Record<'en' | 'fr', Record<string, unknown>> {
  const out = bundleMessages(code, ROOT);
  const literal = /var m=("(?:[^"\\]|\\.)*")/.exec(out)?.[1] ?? '';
  return JSON.parse(JSON.parse(literal));
}

describe('bundleMessages', () => {
  it('bundles the entries the code names, in both languages', () => {
    const code = `var m="${MESSAGES_PLACEHOLDER}";t("liLink");x={key:'errRefused'};y=\`durationDays\`;z="notAKey"`;
    const { en, fr } = bundledOf(code);
    expect(Object.keys(en).sort()).toEqual(['durationDays', 'errRefused', 'liLink']);
    expect(en.liLink).toEqual(catalogue('en').liLink);
    expect(fr.liLink).toEqual(catalogue('fr').liLink);
    expect(fr.errRefused).toEqual(catalogue('fr').errRefused);
  });

  it('refuses a script without the placeholder, or with two', () => {
    expect(() => bundleMessages('t("liLink")', ROOT)).toThrow(/0 message placeholders/);
    expect(() =>
      bundleMessages(`a="${MESSAGES_PLACEHOLDER}";b='${MESSAGES_PLACEHOLDER}'`, ROOT),
    ).toThrow(/2 message placeholders/);
  });

  it('uses the placeholder ext-native.ts holds', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(resolve(ROOT, 'src/browser/ext-native.ts'), 'utf8');
    expect(source).toContain(`= '${MESSAGES_PLACEHOLDER}';`);
  });
});

describe('nativeExtensionApi', () => {
  const plugin = nativeExtensionApi();
  const resolveId = plugin.resolveId as unknown as (
    this: { error(message: string): never },
    source: string,
    importer?: string,
  ) => string | null;
  const context = {
    error(message: string): never {
      throw new Error(message);
    },
  };

  it('swaps src/browser/ext.ts for ext-native.ts, from any importer', () => {
    expect(resolveId.call(context, './ext.ts', `${ROOT}/src/browser/client.ts`)).toBe(
      `${ROOT}/src/browser/ext-native.ts`,
    );
    expect(
      resolveId.call(context, '../../browser/ext.ts', `${ROOT}/src/content/shared/browser-deps.ts`),
    ).toBe(`${ROOT}/src/browser/ext-native.ts`);
    expect(resolveId.call(context, './dom.ts', `${ROOT}/src/content/shared/mount.ts`)).toBeNull();
  });

  it('fails the build on a direct import of webextension-polyfill', () => {
    expect(() =>
      resolveId.call(context, 'webextension-polyfill', `${ROOT}/src/content/x.ts`),
    ).toThrow(/content scripts use src\/browser\/ext.ts/);
  });
});
