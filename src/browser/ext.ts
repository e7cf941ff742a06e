/**
 * The part of the extension API that the typed client (./client.ts), `t` (./i18n.ts) and the
 * content scripts use, as one narrow type. Extension pages and the background get it from
 * webextension-polyfill; the content scripts' build swaps this module for ./ext-native.ts
 * (scripts/classic-content-scripts.ts), so Gmail and LinkedIn never evaluate the polyfill:
 * every page load would pay for its ~1,000-line metadata table and its Proxy wrappers, and
 * every `t()` of our UI would go through them.
 */
import browser from 'webextension-polyfill';

export type StorageChanges = Record<string, { oldValue?: unknown; newValue?: unknown }>;
export type StorageListener = (changes: StorageChanges, area: string) => void;

export interface Ext {
  runtime: {
    /** Resolves with the background's answer; undefined when no listener answered. */
    sendMessage(message: unknown): Promise<unknown>;
  };
  storage: {
    local: { get(keys: string | string[]): Promise<Record<string, unknown>> };
    onChanged: {
      addListener(listener: StorageListener): void;
      removeListener(listener: StorageListener): void;
    };
  };
  i18n: {
    getMessage(key: string, substitutions?: string[]): string;
    getUILanguage(): string;
  };
}

export const ext: Ext = browser;
