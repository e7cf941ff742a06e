/**
 * The MV3 service worker: Etape's single writer. It validates every message, runs it against
 * IndexedDB and tells every open page what changed. Listeners are registered synchronously at
 * start so a message that wakes the worker is never missed.
 */
import browser from 'webextension-polyfill';
import { CONTENT_PORT, parsePortRequest } from '../shared/content-port.ts';
import { fail } from '../shared/error-reasons.ts';
import { pickLocale } from '../shared/i18n.ts';
import { CHANGE_STORAGE_KEY, type ChangeEvent } from '../shared/messages.ts';
import { openDb } from './db.ts';
import { ensureHandoverSecret } from './handover-secret.ts';
import { startReinjection } from './reinject.ts';
import { isTrustedSender } from './sender.ts';
import { createService } from './service.ts';
import { createSyncHost } from './sync/host.ts';
import { keepEngineImportable, loadEngine } from './sync/load.ts';
import { startToolbar } from './toolbar.ts';

const extensionOrigin = browser.runtime.getURL('').replace(/\/$/, '');
let seq = 0;

// The sync engine's script must be imported once while installing to be importable later.
keepEngineImportable(globalThis);

// Team sync (opt-in): its settings are read at start; its engine is reached only when on.
const sync = createSyncHost({
  storage: browser.storage.local,
  alarms: browser.alarms,
  keepAlive: () => browser.runtime.getPlatformInfo(),
  loadEngine,
  now: () => Date.now(),
});
const syncReady = sync.start();

const service = createService({
  sync,
  db: openDb(),
  now: () => Date.now(),
  locale: pickLocale(browser.i18n.getUILanguage()),
  newId: () => crypto.randomUUID(),
  async activeTab() {
    // The window the toolbar popup opened in is the focused one; the id needs no "tabs" permission.
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id ?? null;
  },
  notify(event) {
    sync.noteChange(event);
    const change: ChangeEvent = { ...event, seq: ++seq, at: Date.now() };
    // storage.onChanged reaches content scripts, popup and dashboard alike; a failure here only
    // delays a badge refresh, so it must not turn a successful write into an error. It is sent
    // once the write's answer has gone: the browser process then carries the answer first
    // (≈ 0.5 ms of every logged touchpoint in the log bench).
    setTimeout(() => {
      browser.storage.local.set({ [CHANGE_STORAGE_KEY]: change }).catch(() => undefined);
    }, 0);
  },
});

const toolbar = startToolbar(service);
// Open Gmail/LinkedIn tabs get the new content scripts after an update, not only new pages.
startReinjection(browser);
// The secret that authenticates the old content script's handover to the new one after an
// update; created once, kept across updates (a no-op on every later start).
ensureHandoverSecret(browser.storage.local).catch(() => undefined);

/** A trusted sender's message, by whichever way it came: the same handling for both. */
function handleTrusted(message: unknown, meta: { tabId: number | undefined }) {
  // A write must know the connected rep (ownerRep): the sync settings are read first (~1 ms).
  return syncReady
    .then(() => service.handle(message, meta))
    .then((reply) => {
      toolbar.afterMessage(message, meta, reply);
      return reply;
    });
}

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  if (!isTrustedSender(sender, browser.runtime.id, extensionOrigin)) {
    return Promise.resolve({ ok: false, error: fail('notFromEtape').toInfo() });
  }
  return handleTrusted(message, { tabId: sender.tab?.id });
});

// Content scripts' requests, over one port per page (src/shared/content-port.ts): the same
// sender check and handling as a message's, the answer posted back under the request's id.
browser.runtime.onConnect.addListener((port) => {
  if (port.name !== CONTENT_PORT) return;
  const sender = port.sender;
  if (!sender || !isTrustedSender(sender, browser.runtime.id, extensionOrigin)) {
    port.disconnect();
    return;
  }
  const meta = { tabId: sender.tab?.id };
  port.onMessage.addListener((data: unknown) => {
    const request = parsePortRequest(data);
    if (!request) return;
    handleTrusted(request.message, meta)
      .catch(() => ({ ok: false, error: fail('internal').toInfo() }))
      .then((reply) => {
        try {
          port.postMessage({ id: request.id, reply });
        } catch {
          // The page went away meanwhile: nobody waits for this answer.
        }
      });
  });
});

// Sync's periodic run (one-shot replications: an MV3 worker cannot hold a live one).
browser.alarms.onAlarm.addListener((alarm) => {
  void sync.onAlarm(alarm.name);
});
// A worker restarted with sync on picks up where it stopped.
void syncReady.then(() => sync.resume());
