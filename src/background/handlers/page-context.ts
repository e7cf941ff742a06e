/**
 * Per-tab page context: who the open Gmail conversation or LinkedIn page shows. Kept in memory
 * only (it describes what is on screen now, not data to keep); after a worker restart the
 * content script's next scan reports it again.
 */
import { fail } from '../../shared/error-reasons.ts';
import type { PageContext } from '../../shared/messages.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';

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
      const found = new Map<string, import('../../shared/schemas.ts').Prospect>();
      if (emails.length > 0) {
        for (const prospect of await ctx.db.prospects.where('emails').anyOf(emails).toArray())
          found.set(prospect.id, prospect);
      }
      if (linkedinUrls.length > 0) {
        for (const prospect of await ctx.db.prospects
          .where('linkedinUrl')
          .anyOf(linkedinUrls)
          .toArray()) {
          found.set(prospect.id, prospect);
        }
      }
      return {
        page,
        process: await ctx.currentProcess(),
        prospects: [...found.values()].map((prospect) => ({
          prospect,
          lastTouchAt: prospect.lastTouchAt ?? null,
        })),
      };
    },
  });
}
