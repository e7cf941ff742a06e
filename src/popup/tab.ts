/**
 * Which tab the popup describes. The toolbar popup reads the active tab (its id needs no "tabs"
 * permission); `?tab=<id>` points the page at a given tab, which is how tests open it as a tab.
 */
import browser from 'webextension-polyfill';

export async function resolveTabId(search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}
