/**
 * The content scripts' native API: requests go over one port to the background and come back
 * by id; a port that goes away (a stopped worker) answers what was in flight with undefined,
 * as an unanswered sendMessage did, and the next request connects again; an orphaned script's
 * "Extension context invalidated" is the rejection; Firefox's `browser` is preferred.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_PORT } from '../shared/content-port.ts';
import { ext } from './ext-native.ts';

const scope = globalThis as { browser?: unknown; chrome?: unknown };

interface FakePort {
  name: string;
  posted: Array<{ id: number; message: unknown }>;
  answer(id: number, reply: unknown): void;
  disconnect(): void;
}

function install(name: 'browser' | 'chrome', connect?: () => never) {
  const ports: FakePort[] = [];
  const api = {
    runtime: {
      connect: vi.fn((info: { name: string }) => {
        if (connect) connect();
        const messageListeners: Array<(data: unknown) => void> = [];
        const disconnectListeners: Array<() => void> = [];
        let connected = true;
        const port = {
          name: info.name,
          posted: [] as FakePort['posted'],
          postMessage(data: { id: number; message: unknown }) {
            if (!connected) throw new Error('Attempting to use a disconnected port object');
            port.posted.push(data);
          },
          disconnect() {
            connected = false;
          },
          onMessage: {
            addListener: (listener: (data: unknown) => void) => messageListeners.push(listener),
          },
          onDisconnect: {
            addListener: (listener: () => void) => disconnectListeners.push(listener),
          },
        };
        ports.push({
          name: info.name,
          posted: port.posted,
          answer: (id, reply) => {
            for (const listener of messageListeners) listener({ id, reply });
          },
          disconnect: () => {
            connected = false;
            for (const listener of disconnectListeners) listener();
          },
        });
        return port;
      }),
    },
    storage: {
      local: { get: vi.fn(async () => ({ k: 1 })) },
      onChanged: { addListener: vi.fn(), removeListener: vi.fn() },
    },
    i18n: { getMessage: vi.fn((key: string) => `msg:${key}`), getUILanguage: () => 'fr' },
  };
  scope[name] = api;
  return { api, ports };
}

afterEach(() => {
  delete scope.browser;
  delete scope.chrome;
});

describe('native extension API (content scripts)', () => {
  it('sends requests over one port and matches answers by id', async () => {
    const { api, ports } = install('chrome');
    const first = ext.runtime.sendMessage({ type: 'a' });
    const second = ext.runtime.sendMessage({ type: 'b' });
    expect(api.runtime.connect).toHaveBeenCalledOnce();
    const [port] = ports;
    expect(port?.name).toBe(CONTENT_PORT);
    const [a, b] = port?.posted ?? [];
    expect(a?.message).toEqual({ type: 'a' });
    port?.answer(b?.id ?? -1, { ok: true, data: 'B' });
    port?.answer(a?.id ?? -1, { ok: true, data: 'A' });
    await expect(first).resolves.toEqual({ ok: true, data: 'A' });
    await expect(second).resolves.toEqual({ ok: true, data: 'B' });
    // An answer nobody waits for (a page forging one) changes nothing.
    port?.answer(999, { ok: true });
    port?.disconnect();
  });

  it('answers undefined when the background goes away, and connects again for the next request', async () => {
    const { api, ports } = install('chrome');
    const lost = ext.runtime.sendMessage({ type: 'a' });
    ports[0]?.disconnect();
    await expect(lost).resolves.toBeUndefined();
    const next = ext.runtime.sendMessage({ type: 'b' });
    expect(api.runtime.connect).toHaveBeenCalledTimes(2);
    const request = ports[1]?.posted[0];
    ports[1]?.answer(request?.id ?? -1, 'ok');
    await expect(next).resolves.toBe('ok');
    ports[1]?.disconnect();
  });

  it('rejects in an orphaned script (it cannot connect)', async () => {
    install('chrome', () => {
      throw new Error('Extension context invalidated.');
    });
    await expect(ext.runtime.sendMessage({})).rejects.toThrow('Extension context invalidated');
  });

  it('prefers Firefox’s promise-based browser over chrome', async () => {
    const chrome = install('chrome');
    const firefox = install('browser');
    const reply = ext.runtime.sendMessage({});
    expect(chrome.api.runtime.connect).not.toHaveBeenCalled();
    const request = firefox.ports[0]?.posted[0];
    firefox.ports[0]?.answer(request?.id ?? -1, 'browser');
    await expect(reply).resolves.toBe('browser');
    firefox.ports[0]?.disconnect();
  });

  it('reads storage and messages of the browser in use', async () => {
    const { api } = install('chrome');
    await expect(ext.storage.local.get('k')).resolves.toEqual({ k: 1 });
    const listener = () => undefined;
    ext.storage.onChanged.addListener(listener);
    ext.storage.onChanged.removeListener(listener);
    expect(api.storage.onChanged.addListener).toHaveBeenCalledWith(listener);
    expect(api.storage.onChanged.removeListener).toHaveBeenCalledWith(listener);
    expect(ext.i18n.getMessage('liLink', ['a'])).toBe('msg:liLink');
    expect(api.i18n.getMessage).toHaveBeenCalledWith('liLink', ['a']);
    expect(ext.i18n.getUILanguage()).toBe('fr');
  });
});
