/**
 * Host access: Etape sees Gmail and LinkedIn only once the browser lets it. Firefox grants MV3
 * host permissions apart from the install and the user can revoke them (Chrome's "site access"
 * can withhold them too): then no content script runs and nothing is detected, silently. This
 * bar says so and asks again. `permissions.request` must run inside the click itself (a user
 * gesture); the background re-injects the content scripts into open tabs once it is granted
 * (background/reinject.ts). Mounted by the popup and the dashboard above their own content.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../browser/i18n.ts';
import './host-access.css';

/** The manifest's own hosts: Gmail and LinkedIn, nothing else is ever asked for. */
function hosts(): string[] {
  return browser.runtime.getManifest().host_permissions ?? [];
}

export function HostAccess() {
  // Unknown until the browser answers: nothing shows for a granted access, not even briefly.
  const [granted, setGranted] = useState<boolean | null>(null);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    let live = true;
    const check = () => {
      browser.permissions.contains({ origins: hosts() }).then(
        (ok) => live && setGranted(ok),
        () => live && setGranted(null),
      );
    };
    check();
    // Granted or revoked elsewhere too (about:addons, chrome://extensions, another page).
    browser.permissions.onAdded.addListener(check);
    browser.permissions.onRemoved.addListener(check);
    return () => {
      live = false;
      browser.permissions.onAdded.removeListener(check);
      browser.permissions.onRemoved.removeListener(check);
    };
  }, []);

  if (granted !== false) return null;
  const allow = () => {
    // No await before this call: the click's user gesture must reach the browser's prompt.
    browser.permissions.request({ origins: hosts() }).then(
      (ok) => {
        setRefused(!ok);
        if (ok) setGranted(true);
      },
      () => setRefused(true),
    );
  };
  return (
    <section class="host-access" data-host-access="missing" aria-labelledby="host-access-title">
      <p id="host-access-title">
        <strong>{t('hostAccessTitle')}</strong> {t('hostAccessExplain')}
      </p>
      <button type="button" class="host-access-allow" onClick={allow}>
        {t('hostAccessAllow')}
      </button>
      {refused && (
        <p class="muted" role="status">
          {t('hostAccessRefused')}
        </p>
      )}
    </section>
  );
}

/** Renders the bar in its own element just before `anchor` (the page's root). */
export function mountHostAccess(anchor: Element): void {
  const bar = document.createElement('div');
  anchor.before(bar);
  render(<HostAccess />, bar);
}
