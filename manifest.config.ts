import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

/**
 * Permissions are the promise we make to users: only what is used, Gmail and LinkedIn only,
 * no remote code, nothing reachable from web pages or other extensions. README lists why each
 * one is here; manifest.test.ts fails if anything broader appears.
 */
export default defineManifest({
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
  background: { service_worker: 'src/background/index.ts', type: 'module' },
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
  // an update (Chrome does not); no other host, no other code.
  permissions: ['storage', 'alarms', 'scripting'],
  optional_permissions: ['notifications'],
  commands: {
    'advance-prospect': {
      suggested_key: { default: 'Alt+Shift+A' },
      description: '__MSG_popupCommandAdvance__',
    },
  },
  host_permissions: ['https://mail.google.com/*', 'https://www.linkedin.com/*'],
  content_security_policy: {
    extension_pages: "script-src 'self'; object-src 'self'",
  },
});
