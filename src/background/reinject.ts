/**
 * Chrome injects the manifest's content scripts only into pages loaded after the extension.
 * After an update (or a reload of the unpacked extension) a Gmail or LinkedIn tab left open all
 * day would run without detection, its old script cut off from the background. On install and
 * update this injects the same packaged scripts into the tabs already open on their sites; the
 * new script takes over from the old one (src/content/shared/handover.ts). The same happens
 * when host access is granted later (Firefox asks for it apart, and a user can revoke and grant
 * it again in either browser): tabs opened meanwhile had no content script. It needs the
 * `scripting` permission and reaches no host beyond the manifest's own `matches`.
 */
import type { Browser } from 'webextension-polyfill';
import { REINJECTED_FLAG } from '../shared/handover-secret.ts';

export interface ContentScriptEntry {
  matches?: string[] | undefined;
  js?: string[] | undefined;
}

export interface ReinjectDeps {
  /** The manifest's content scripts: each `js` is one self-contained classic script. */
  scripts: ContentScriptEntry[];
  queryTabs(urls: string[]): Promise<Array<{ id?: number | undefined; discarded?: boolean }>>;
  inject(tabId: number, files: string[]): Promise<unknown>;
}

/**
 * Call synchronously at the worker's start, so the install/update event is not missed. The API
 * comes from the caller: this module stays loadable by unit tests outside an extension.
 */
export function startReinjection(
  browser: Pick<Browser, 'runtime' | 'tabs' | 'scripting' | 'permissions'>,
): void {
  const reinject = () =>
    void reinjectContentScripts({
      scripts: browser.runtime.getManifest().content_scripts ?? [],
      queryTabs: (urls) => browser.tabs.query({ url: urls }),
      inject: async (tabId, files) => {
        const target = { tabId, allFrames: false };
        // Marks the isolated world the files are about to run in (same extension, same world):
        // this copy replaces one the update orphaned, so it announces itself for a handover.
        await browser.scripting.executeScript({
          target,
          func: (flag: string) => {
            (globalThis as Record<string, unknown>)[flag] = true;
          },
          args: [REINJECTED_FLAG],
        });
        return browser.scripting.executeScript({ target, files });
      },
    });
  browser.runtime.onInstalled.addListener((details) => {
    if (details.reason === 'install' || details.reason === 'update') reinject();
  });
  // A tab that already runs a live copy keeps it (the second copy steps aside: handover.ts).
  browser.permissions.onAdded.addListener((added) => {
    if ((added.origins ?? []).length > 0) reinject();
  });
}

/** Injects every content script into its open tabs; returns how many injections succeeded. */
export async function reinjectContentScripts(deps: ReinjectDeps): Promise<number> {
  let injected = 0;
  for (const script of deps.scripts) {
    const matches = script.matches ?? [];
    const files = script.js ?? [];
    if (matches.length === 0 || files.length === 0) continue;
    let tabs: Array<{ id?: number | undefined; discarded?: boolean }>;
    try {
      tabs = await deps.queryTabs(matches);
    } catch {
      continue;
    }
    const done = await Promise.all(
      tabs
        // A discarded tab reloads when it is shown again and gets the manifest's injection then.
        .filter((tab) => tab.id !== undefined && !tab.discarded)
        .map((tab) =>
          deps.inject(tab.id as number, files).then(
            () => true,
            // One tab failing (an error page, a tab closing meanwhile) must not stop the others.
            () => false,
          ),
        ),
    );
    injected += done.filter(Boolean).length;
  }
  return injected;
}
