/**
 * The popup's first data, fetched as one promise chain that starts before the first render
 * (main.tsx): tab → its context → either the details of the prospects it shows or the
 * needs-attention list. Waiting for render-then-effect between each step would add a frame per
 * hop to the popup's first useful paint.
 */
import { send } from '../browser/client.ts';
import type { ProspectDetail, ResponseMap } from '../shared/messages.ts';
import type { Process } from '../shared/schemas.ts';
import { resolveTabId } from './tab.ts';

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
  // Marks split the first paint for the bench: page scripts → tab context → view data → ready.
  performance.mark('etape:start');
  const tabId = await resolveTabId(search).catch(() => null);
  const context = await loadContext(tabId);
  performance.mark('etape:context');
  if (!context) {
    return {
      tabId,
      context: null,
      details: {},
      attention: await send('needsAttention', { limit: ATTENTION_SIZE }),
    };
  }
  const entries = await Promise.all(
    context.prospects.map(
      async ({ prospect }) => [prospect.id, await loadDetail(prospect.id)] as const,
    ),
  );
  return { tabId, context, details: Object.fromEntries(entries), attention: null };
}
