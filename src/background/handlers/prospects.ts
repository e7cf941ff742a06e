/**
 * Tracking people and reading them back: Track (create, or find and complete), the context a
 * page badge needs, a prospect's detail, and the prospect list and search.
 */
import { fillGaps } from '../../shared/merge.ts';
import { firstStage } from '../../shared/process.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';
import { splitLinkedin } from '../store/identity.ts';

/** The popup's timeline shows the newest touchpoints; the dashboard's timeline has them all. */
const TIMELINE_SIZE = 50;

export function prospectHandlers(ctx: ServiceContext) {
  const { store, now, notify } = ctx;
  return defineHandlers({
    async trackContact(input) {
      const process = await store.processes.current();
      // A member-id URL (Track from a conversation) is stored as the member id.
      const { linkedinUrl: _url, linkedinMemberId: _memberId, ...rest } = input;
      const ids = splitLinkedin(input);
      const details = { ...rest, ...ids };
      const result = await store.transaction('rw', ['prospects', 'stageChanges'], async () => {
        const existing = await store.prospects.byDetails(details);
        if (existing) {
          // Tracking again is how a rep adds what the page newly shows; it never overwrites,
          // and never takes an id another prospect holds (that is a merge for the user).
          const fill = { ...rest, ...(await store.prospects.unclaimedIds(existing.id, ids)) };
          const merged = fillGaps(existing, fill);
          const changed = JSON.stringify(merged) !== JSON.stringify(existing);
          return {
            prospect: changed ? await store.prospects.put(merged) : existing,
            created: false,
          };
        }
        const at = now();
        const stage = firstStage(process);
        const prospect = await store.prospects.add({
          id: ctx.newId(),
          name: input.name,
          emails: [...new Set(input.emails)],
          linkedinUrl: ids.linkedinUrl,
          linkedinMemberId: ids.linkedinMemberId,
          company: input.company,
          title: input.title,
          dealValue: input.dealValue,
          currency: input.currency,
          stageId: stage.id,
          stageEnteredAt: at,
          status: 'open',
          createdAt: at,
          updatedAt: at,
        });
        await store.stageChanges.add({ prospectId: prospect.id, from: null, to: stage.id, at });
        return { prospect, created: true };
      });
      notify({ what: 'prospect', prospectIds: [result.prospect.id] });
      return result;
    },

    async getContext({ emails, linkedinUrls }) {
      const process = await store.processes.current();
      // Each prospect once, even when the page names it by both its vanity URL and member id.
      const found = await store.prospects.byIdentity({ emails, linkedinUrls });
      return {
        process,
        prospects: found.map((prospect) => ({
          prospect,
          lastTouchAt: prospect.lastTouchAt ?? null,
        })),
      };
    },

    async getProspect({ prospectId }) {
      const process = await store.processes.current();
      // All five reads at once: each is a trip to the browser process (the popup waits on this).
      const [prospect, stageChanges, touchpoints, touchpointCount, actionChecks] =
        await store.memo.get(`prospect:${prospectId}`, () =>
          store.transaction('r', ['prospects', 'stageChanges', 'touchpoints', 'actionChecks'], () =>
            Promise.all([
              store.prospects.require(prospectId),
              store.stageChanges.of(prospectId),
              store.touchpoints.newest(prospectId, TIMELINE_SIZE),
              store.touchpoints.count(prospectId),
              store.actionChecks.of(prospectId),
            ]),
          ),
        );
      return { process, prospect, stageChanges, touchpoints, touchpointCount, actionChecks };
    },

    /** Most recently updated first; `total` counts every match. */
    async listProspects({ status, query, limit }) {
      const { prospects, total } = query
        ? await store.prospects.search(query, { limit, status, withTotal: true })
        : await store.prospects.list({ limit, status });
      return {
        total,
        prospects: prospects.map((prospect) => ({
          prospect,
          lastTouchAt: prospect.lastTouchAt ?? null,
        })),
      };
    },
  });
}
