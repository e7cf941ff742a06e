/**
 * The content scripts' native API keeps what callers relied on from webextension-polyfill: an
 * unanswered message is undefined (not a rejection), a rejection sent by a polyfilled listener
 * is an error, any other failure (an orphaned script's "Extension context invalidated") stays
 * a rejection; Firefox's `browser` is preferred over `chrome`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ext } from './ext-native.ts';

const scope = globalThis as { browser?: unknown; chrome?: unknown };

function install(name: 'browser' | 'chrome', sendMessage: (message: unknown) => Promise<unknown>) {
  const api = {
    runtime: { sendMessage: vi.fn(sendMessage) },
    storage: {
      local: { get: vi.fn(async () => ({ k: 1 })) },
      onChanged: { addListener: vi.fn(), removeListener: vi.fn() },
    },
    i18n: { getMessage: vi.fn((key: string) => `msg:${key}`), getUILanguage: () => 'fr' },
  };
  scope[name] = api;
  return api;
}

afterEach(() => {
  delete scope.browser;
  delete scope.chrome;
});

describe('native extension API (content scripts)', () => {
  it('passes messages and answers through', async () => {
    const chrome = install('chrome', async (message) => ({ ok: true, data: message }));
    await expect(ext.runtime.sendMessage({ type: 'x' })).resolves.toEqual({
      ok: true,
      data: { type: 'x' },
    });
    expect(chrome.runtime.sendMessage).toHaveBeenCalledOnce();
  });

  it('answers undefined when the receiving end closed without a response', async () => {
    install('chrome', async () => {
      throw new Error('The message port closed before a response was received.');
    });
    await expect(ext.runtime.sendMessage({})).resolves.toBeUndefined();
  });

  it('rejects on a polyfilled rejection and on any other failure', async () => {
    install('chrome', async () => ({ __mozWebExtensionPolyfillReject__: true, message: 'boom' }));
    await expect(ext.runtime.sendMessage({})).rejects.toThrow('boom');
    install('chrome', async () => {
      throw new Error('Extension context invalidated.');
    });
    await expect(ext.runtime.sendMessage({})).rejects.toThrow('Extension context invalidated');
  });

  it('prefers Firefox’s promise-based browser over chrome', async () => {
    const chrome = install('chrome', async () => 'chrome');
    install('browser', async () => 'browser');
    await expect(ext.runtime.sendMessage({})).resolves.toBe('browser');
    expect(chrome.runtime.sendMessage).not.toHaveBeenCalled();
  });

  it('reads storage and messages of the browser in use', async () => {
    const chrome = install('chrome', async () => undefined);
    await expect(ext.storage.local.get('k')).resolves.toEqual({ k: 1 });
    const listener = () => undefined;
    ext.storage.onChanged.addListener(listener);
    ext.storage.onChanged.removeListener(listener);
    expect(chrome.storage.onChanged.addListener).toHaveBeenCalledWith(listener);
    expect(chrome.storage.onChanged.removeListener).toHaveBeenCalledWith(listener);
    expect(ext.i18n.getMessage('liLink', ['a'])).toBe('msg:liLink');
    expect(chrome.i18n.getMessage).toHaveBeenCalledWith('liLink', ['a']);
    expect(ext.i18n.getUILanguage()).toBe('fr');
  });
});
