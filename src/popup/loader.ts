/**
 * The popup's first data: one `popupHome` message answering the tab, and either the details of
 * the prospects its page shows or the needs-attention list. It starts in the page's first script
 * (start.ts), before the rest of the popup has loaded; waiting for a render, or for a reply per
 * part, would add a frame or a round trip per hop to the first useful paint.
 */
import { send } from '../browser/client.ts';
import type { ProspectDetail, ResponseMap } from '../shared/messages.ts';
import type { Process } from '../shared/schemas.ts';
import { tabOf } from './tab.ts';

export const ATTENTION_SIZE = 30;

export type Detail = ProspectDetail & { process: Process; firstTouchAt: number | null };
export type TabContext = ResponseMap['getTabContext'];
export type Attention = ResponseMap['needsAttention'];

export interface Home {
  tabId: number | null;
  /** null when the tab shows nobody Etape knows or could track. */
  context: TabContext | null;
  /** Details of the prospects in context, by id (what their cards show first). */
  details: Record<string, Detail>;
  /** Only fetched when there is no context. */
  attention: Attention | null;
}

export async function loadDetail(prospectId: string): Promise<Detail> {
  const [found, first] = await Promise.all([
    send('getProspect', { prospectId }),
    send('firstTouches', { prospectIds: [prospectId] }),
  ]);
  return { ...found, firstTouchAt: first.firstTouchAt[prospectId] ?? null };
}

export async function loadContext(tabId: number | null): Promise<TabContext | null> {
  if (tabId === null) return null;
  const answer = await send('getTabContext', { tabId });
  const shows = answer.prospects.length > 0 || (answer.page?.participants.length ?? 0) > 0;
  return shows ? answer : null;
}

export async function loadHome(search: string): Promise<Home> {
  // Marks split the first paint for the bench: page scripts → data → ready.
  performance.mark('etape:start');
  const home = await send('popupHome', { tabId: tabOf(search), limit: ATTENTION_SIZE });
  performance.mark('etape:data');
  return home;
}

let started: { search: string; home: Promise<Home> } | undefined;

/**
 * Called by the page's first script (start.ts) before the rest of the popup loads: the data
 * is on its way while the browser fetches and runs the page's code.
 */
export function startHome(search: string): void {
  const home = loadHome(search);
  // Taken (and its failure shown) by the App; never an unhandled rejection meanwhile.
  home.catch(() => undefined);
  started = { search, home };
}

/** The home started for this query string, once; a fresh load when there is none. */
export function takeHome(search: string): Promise<Home> {
  const early = started;
  started = undefined;
  return early?.search === search ? early.home : loadHome(search);
}
