import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

export type TargetBrowser = 'chrome' | 'firefox';

/** Firefox's id for Etape: fixed, so updates, storage and the e2e tests find the same add-on. */
export const GECKO_ID = 'etape@etape-extension';

/**
 * Permissions are the promise we make to users: only what is used, Gmail and LinkedIn only,
 * no remote code, nothing reachable from web pages or other extensions (no
 * `web_accessible_resources`: the content scripts are classic scripts that load nothing).
 * README lists why each one is here; manifest.test.ts fails if anything broader appears.
 * Chrome and Firefox get the same manifest but for the background (Firefox MV3 runs
 * background scripts, not a service worker) and Firefox's own settings.
 */
/**
 * Held in a constant, not written inline, because crxjs's manifest type predates gecko_android
 * (an inline literal's extra key is refused); Firefox and AMO's linter read it.
 */
const FIREFOX_SETTINGS = {
  gecko: {
    id: GECKO_ID,
    // 140 (the ESR line Debian and enterprises ship): the first desktop Firefox that
    // knows data_collection_permissions.
    strict_min_version: '140.0',
    // Etape collects nothing and sends nothing: Firefox shows this at install.
    data_collection_permissions: { required: ['none' as const] },
  },
  // Firefox for Android learnt data_collection_permissions in 142; without its own
  // minimum, AMO's linter warns that older Android versions would refuse the key.
  gecko_android: { strict_min_version: '142.0' },
};

export function manifestFor(browser: TargetBrowser) {
  return defineManifest({
    manifest_version: 3,
    name: '__MSG_extName__',
    short_name: '__MSG_extShortName__',
    description: '__MSG_extDescription__',
    version: pkg.version,
    default_locale: 'en',
    icons: {
      16: 'icons/icon-16.png',
      32: 'icons/icon-32.png',
      48: 'icons/icon-48.png',
      128: 'icons/icon-128.png',
    },
    action: {
      default_title: '__MSG_actionTitle__',
      default_popup: 'src/popup/index.html',
      default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' },
    },
    // crxjs reads the worker from `service_worker` for Chrome and from `scripts[0]` for Firefox.
    background:
      browser === 'firefox'
        ? { scripts: ['src/background/index.ts'], type: 'module' }
        : { service_worker: 'src/background/index.ts', type: 'module' },
    // Each is built as one self-contained classic script (scripts/classic-content-scripts.ts).
    content_scripts: [
      {
        matches: ['https://mail.google.com/*'],
        js: ['src/content/gmail/index.ts'],
        run_at: 'document_idle',
      },
      {
        matches: ['https://www.linkedin.com/*'],
        js: ['src/content/linkedin/index.ts'],
        run_at: 'document_idle',
      },
    ],
    // alarms: the daily reminder. notifications is optional: asked for only when reminders go on.
    // scripting: re-injects the content scripts above into Gmail/LinkedIn tabs left open across
    // an update (Chrome does not) or opened before Firefox's host access was granted; no other
    // host, no other code.
    permissions: ['storage', 'alarms', 'scripting'],
    optional_permissions: ['notifications'],
    commands: {
      'advance-prospect': {
        suggested_key: { default: 'Alt+Shift+A' },
        description: '__MSG_popupCommandAdvance__',
      },
    },
    // Firefox treats these as opt-in the user can revoke: the popup and the dashboard ask again
    // (src/ui/host-access.tsx).
    host_permissions: ['https://mail.google.com/*', 'https://www.linkedin.com/*'],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: FIREFOX_SETTINGS,
        }
      : {}),
  });
}

export default manifestFor('chrome');
