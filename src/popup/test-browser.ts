/**
 * For popup component tests only: a stand-in for webextension-polyfill whose messages reach the
 * real background service over fake-indexeddb, and whose storage events carry its change
 * notices, so the views are tested against real behaviour rather than canned replies.
 * Use: vi.mock('webextension-polyfill', () => import('./test-browser.ts'));
 */
import { openDb } from '../background/db.ts';
import { createService, type Service } from '../background/service.ts';
import { type MessageKey, translate } from '../shared/i18n.ts';
import { CHANGE_STORAGE_KEY } from '../shared/protocol.ts';

type StorageListener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

export const bridge = {
  db: openDb(`etape-popup-test-${Math.random()}`),
  service: undefined as unknown as Service,
  listeners: new Set<StorageListener>(),
  /** The active tab (what the worker's tabs query answers); null for none. */
  activeTabId: 3 as number | null,
  /** Whether the user accepts the notifications prompt. */
  grantNotifications: true,
  requests: [] as Array<{ type: string } & Record<string, unknown>>,
  permissionRequests: 0,
  seq: 0,
};

/** A fresh, empty background (new database) for each test. */
export function resetBackground(): typeof bridge {
  bridge.db = openDb(`etape-popup-test-${Math.random()}`);
  bridge.requests = [];
  bridge.permissionRequests = 0;
  bridge.activeTabId = 3;
  bridge.grantNotifications = true;
  let ids = 0;
  bridge.service = createService({
    db: bridge.db,
    now: () => Date.now(),
    locale: 'en',
    newId: () => `p${++ids}`,
    // The worker answers 'active' with the tabs API; here, with the tab the test says is active.
    activeTab: async () => bridge.activeTabId,
    notify(event) {
      const change = { ...event, seq: ++bridge.seq, at: Date.now() };
      for (const listener of bridge.listeners)
        listener({ [CHANGE_STORAGE_KEY]: { newValue: change } }, 'local');
    },
  });
  return bridge;
}

/** What a content script in tab `tabId` reports about its page. */
export async function reportPage(
  tabId: number,
  participants: Array<{ email?: string; linkedinUrl?: string; name?: string }>,
): Promise<void> {
  const reply = await bridge.service.handle(
    { type: 'reportPageContext', site: 'gmail', participants },
    { tabId },
  );
  if (!reply.ok) throw new Error(reply.error.message);
}

const browser = {
  i18n: {
    getMessage: (key: string, substitutions: string[] = []) =>
      translate('en', key as MessageKey, substitutions),
    getUILanguage: () => 'en',
  },
  runtime: {
    getURL: (path: string) => `chrome-extension://test/${path}`,
    sendMessage(message: { type: string } & Record<string, unknown>) {
      bridge.requests.push(message);
      return bridge.service.handle(message, {});
    },
  },
  storage: {
    onChanged: {
      addListener: (listener: StorageListener) => bridge.listeners.add(listener),
      removeListener: (listener: StorageListener) => bridge.listeners.delete(listener),
    },
  },
  tabs: {
    query: async () => (bridge.activeTabId === null ? [] : [{ id: bridge.activeTabId }]),
  },
  permissions: {
    async request() {
      bridge.permissionRequests++;
      return bridge.grantNotifications;
    },
    remove: async () => true,
  },
};

export default browser;
