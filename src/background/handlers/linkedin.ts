/**
 * LinkedIn's writes beyond touchpoints: linking a profile to a prospect found elsewhere (Gmail),
 * recording both LinkedIn ids of a person, and merging two prospects that are one person. The
 * merge is shown before it is done (`previewMerge`, what the confirmation reads) and applied in
 * one transaction: every touchpoint, stage change and checked action moves to the kept
 * prospect, nothing is deleted but the emptied duplicate record itself.
 */
import { fail } from '../../shared/error-reasons.ts';
import { MergeConflictError, planMerge } from '../../shared/merge.ts';
import type { ResponseMap } from '../../shared/messages.ts';
import { stageById } from '../../shared/process.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';
import { memberIdUrls, splitLinkedin } from '../store/identity.ts';

export function linkedinHandlers(ctx: ServiceContext) {
  const { store, now, notify } = ctx;

  async function plan(keepId: string, mergeId: string) {
    const process = await store.processes.current();
    const keep = await store.prospects.require(keepId);
    const merge = await store.prospects.require(mergeId);
    const keepChanges = await store.stageChanges.of(keepId);
    const mergeChanges = await store.stageChanges.of(mergeId);
    try {
      return {
        keep,
        merge,
        mergeChanges,
        process,
        plan: planMerge(keep, merge, keepChanges, mergeChanges, process, now()),
      };
    } catch (error) {
      if (error instanceof MergeConflictError) throw fail(error.reason);
      throw error;
    }
  }

  async function applyMerge(
    keepId: string,
    mergeId: string,
  ): Promise<ResponseMap['mergeProspects']> {
    const result = await store.transaction(
      'rw',
      ['prospects', 'touchpoints', 'stageChanges', 'actionChecks', 'processes'],
      async () => {
        const { plan: merged, mergeChanges } = await plan(keepId, mergeId);
        // The LinkedIn indexes are not unique: free them first so the kept record can take them.
        await store.prospects.delete([mergeId]);
        const prospect = await store.prospects.put(merged.prospect);
        const touchpoints = await store.touchpoints.move(mergeId, keepId);
        await store.stageChanges.move(mergeChanges, keepId);
        if (merged.closingChange) await store.stageChanges.add(merged.closingChange);
        await store.actionChecks.move(mergeId, keepId);
        return { prospect, moved: { touchpoints, stageChanges: mergeChanges.length } };
      },
    );
    notify({ what: 'prospect', prospectIds: [keepId, mergeId] });
    return result;
  }

  return defineHandlers({
    async previewMerge({ keepId, mergeId }) {
      const { keep, merge, plan: merged, process } = await plan(keepId, mergeId);
      return {
        keep,
        merge,
        prospect: merged.prospect,
        stageName: stageById(process, merged.prospect.stageId)?.name ?? merged.prospect.stageId,
        touchpoints: await store.touchpoints.count(mergeId),
      };
    },

    mergeProspects({ keepId, mergeId }) {
      return applyMerge(keepId, mergeId);
    },

    /**
     * "Link to existing prospect…" from a LinkedIn profile: the profile joins the chosen prospect.
     * If the profile is tracked on its own already, the two are merged (the chosen one is kept).
     */
    async linkLinkedinProfile({ prospectId, linkedinUrl }) {
      const existing = await store.prospects.byLinkedinUrl(linkedinUrl);
      if (existing?.id === prospectId) {
        return { prospect: existing, merged: false };
      }
      if (existing) {
        const { prospect } = await applyMerge(prospectId, existing.id);
        return { prospect, merged: true };
      }
      // A member-id URL (a conversation's link) joins as the member id, a vanity URL as the URL.
      const ids = splitLinkedin({ linkedinUrl });
      const prospect = await store.transaction('rw', ['prospects'], async () => {
        const target = await store.prospects.require(prospectId);
        if (
          (ids.linkedinUrl && target.linkedinUrl && target.linkedinUrl !== ids.linkedinUrl) ||
          (ids.linkedinMemberId &&
            target.linkedinMemberId &&
            target.linkedinMemberId !== ids.linkedinMemberId)
        ) {
          throw fail('linkedToOtherProfile');
        }
        return store.prospects.put({ ...target, ...ids });
      });
      notify({ what: 'prospect', prospectIds: [prospectId] });
      return { prospect, merged: false };
    },

    /**
     * A profile page tells both ids of its person. Fill-gaps rule: an id the prospect lacks is
     * added, a set one is never overwritten; two prospects (one per id) are not merged silently.
     */
    async recordLinkedinIdentity({ linkedinUrl, linkedinMemberId }) {
      const outcome = await store.transaction('rw', ['prospects'], async () => {
        const byUrl = await store.prospects.byVanityUrl(linkedinUrl);
        const byMember = await store.prospects.byMemberId(linkedinMemberId);
        if (byUrl && byMember && byUrl.id !== byMember.id) {
          throw fail('linkedinIdsOfTwoProspects', { profile: linkedinUrl }, undefined, [
            byUrl.id,
            byMember.id,
          ]);
        }
        const prospect = byUrl ?? byMember;
        if (!prospect) return { prospect: null, filled: false };
        // A pre-version-4 record may hold the member id as a lower-cased URL: that is no vanity
        // URL, so the real one replaces it (see db.ts, version 4).
        const legacy =
          prospect.linkedinUrl !== undefined &&
          prospect.linkedinUrl !== linkedinUrl &&
          memberIdUrls(linkedinMemberId).includes(prospect.linkedinUrl);
        const next = {
          ...prospect,
          ...(legacy || prospect.linkedinUrl === undefined ? { linkedinUrl } : {}),
          ...(prospect.linkedinMemberId === undefined ? { linkedinMemberId } : {}),
        };
        if (
          next.linkedinUrl === prospect.linkedinUrl &&
          next.linkedinMemberId === prospect.linkedinMemberId
        )
          return { prospect, filled: false };
        return { prospect: await store.prospects.put(next), filled: true };
      });
      if (outcome.filled && outcome.prospect)
        notify({ what: 'prospect', prospectIds: [outcome.prospect.id] });
      return outcome;
    },
  });
}
