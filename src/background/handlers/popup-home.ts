/**
 * The popup's first data as one message (see `popupHome` in src/shared/messages.ts), composed
 * from the handlers that answer each part on their own, so both ways give the same answer.
 */
import type { RequestPayload, ResponseMap } from '../../shared/messages.ts';
import type { Handlers } from '../context.ts';

type Parts = Pick<Handlers, 'getTabContext' | 'getProspect' | 'firstTouches' | 'needsAttention'>;

export async function popupHome(
  handlers: Parts,
  { tabId: asked, limit }: RequestPayload<'popupHome'>,
  activeTab: () => Promise<number | null>,
): Promise<ResponseMap['popupHome']> {
  const tabId = asked === 'active' ? await activeTab().catch(() => null) : asked;
  const context = tabId === null ? null : await handlers.getTabContext({ tabId });
  const shows =
    context !== null &&
    (context.prospects.length > 0 || (context.page?.participants.length ?? 0) > 0);
  if (!context || !shows) {
    return {
      tabId,
      context: null,
      details: {},
      attention: await handlers.needsAttention({ limit }),
    };
  }
  const ids = context.prospects.map(({ prospect }) => prospect.id);
  const none: ResponseMap['firstTouches'] = { firstTouchAt: {} };
  const [found, first] = await Promise.all([
    Promise.all(ids.map((prospectId) => handlers.getProspect({ prospectId }))),
    ids.length > 0 ? handlers.firstTouches({ prospectIds: ids }) : none,
  ]);
  const details: ResponseMap['popupHome']['details'] = {};
  for (const [index, prospectId] of ids.entries()) {
    const detail = found[index];
    if (detail)
      details[prospectId] = { ...detail, firstTouchAt: first.firstTouchAt[prospectId] ?? null };
  }
  return { tabId, context, details, attention: null };
}
