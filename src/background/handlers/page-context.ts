/**
 * Per-tab page context: who the open Gmail conversation or LinkedIn page shows. Kept in memory
 * only (it describes what is on screen now, not data to keep); after a worker restart the
 * content script's next scan reports it again.
 */
import { fail } from '../../shared/error-reasons.ts';
import type { PageContext } from '../../shared/messages.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

export function pageContextHandlers(ctx: ServiceContext) {
  const pages = new Map<number, PageContext>();
  return defineHandlers({
    async reportPageContext(payload, meta) {
      if (meta?.tabId === undefined) throw fail('notInTab');
      pages.set(meta.tabId, { ...payload, tabId: meta.tabId, at: ctx.now() });
      return { stored: true };
    },

    async getTabContext({ tabId }) {
      const page = pages.get(tabId) ?? null;
      const emails =
        page?.participants.flatMap((participant) =>
          participant.email ? [participant.email] : [],
        ) ?? [];
      const linkedinUrls =
        page?.participants.flatMap((participant) =>
          participant.linkedinUrl ? [participant.linkedinUrl] : [],
        ) ?? [];
      // Participants of a conversation come as member-id URLs: resolved by either id.
      const found = await ctx.store.memo.get(
        `identity:${JSON.stringify([emails, linkedinUrls])}`,
        () => ctx.store.prospects.byIdentity({ emails, linkedinUrls }),
      );
      return {
        page,
        process: await ctx.store.processes.current(),
        prospects: found.map((prospect) => ({
          prospect,
          lastTouchAt: prospect.lastTouchAt ?? null,
        })),
      };
    },
  });
}
