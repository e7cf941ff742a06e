/**
 * LinkedIn's writes beyond touchpoints: linking a profile to a prospect found elsewhere (Gmail)
 * and merging two prospects that are one person. The merge is shown before it is done
 * (`previewMerge`, what the confirmation reads) and applied in one transaction: every
 * touchpoint, stage change and checked action moves to the kept prospect, nothing is deleted but
 * the emptied duplicate record itself.
 */
import { Dexie } from 'dexie';
import { fail } from '../../shared/error-reasons.ts';
import { MergeConflictError, planMerge } from '../../shared/merge.ts';
import type { ResponseMap } from '../../shared/messages.ts';
import { stageById } from '../../shared/process.ts';
import { type Prospect, prospectSchema, stageChangeSchema } from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../service.ts';
import {
  memberIdUrls,
  prospectByLinkedinUrl,
  prospectByMemberId,
  splitLinkedin,
} from '../store/identity.ts';

export function linkedinHandlers(ctx: ServiceContext) {
  const { db, now, notify } = ctx;

  /** Touchpoints are indexed by [prospectId+at] only: a range over one prospect. */
  const touchpointsOf = (prospectId: string) =>
    db.touchpoints
      .where('[prospectId+at]')
      .between([prospectId, Dexie.minKey], [prospectId, Dexie.maxKey]);

  async function plan(keepId: string, mergeId: string) {
    const process = await ctx.currentProcess();
    const keep = await ctx.requireProspect(keepId);
    const merge = await ctx.requireProspect(mergeId);
    const keepChanges = await ctx.changesOf(keepId);
    const mergeChanges = await ctx.changesOf(mergeId);
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
    const result = await db.transaction(
      'rw',
      [db.prospects, db.touchpoints, db.stageChanges, db.actionChecks, db.processes],
      async () => {
        const { plan: merged, mergeChanges } = await plan(keepId, mergeId);
        const prospect = prospectSchema.parse(merged.prospect);
        const touchpoints = await touchpointsOf(mergeId).toArray();
        // The linkedinUrl index is not unique: free it first so the kept record can take it.
        await db.prospects.delete(mergeId);
        await db.prospects.put(prospect);
        if (touchpoints.length > 0) {
          await db.touchpoints.bulkPut(
            touchpoints.map((touchpoint) => ({ ...touchpoint, prospectId: keepId })),
          );
        }
        for (const change of mergeChanges) {
          if (change.id !== undefined)
            await db.stageChanges.update(change.id, { prospectId: keepId });
        }
        if (merged.closingChange) {
          await db.stageChanges.add(stageChangeSchema.parse(merged.closingChange));
        }
        const checks = await db.actionChecks.where('prospectId').equals(mergeId).toArray();
        for (const check of checks) {
          await db.actionChecks.delete([check.prospectId, check.stageId, check.actionId]);
          const existing = await db.actionChecks.get([keepId, check.stageId, check.actionId]);
          if (!existing) await db.actionChecks.put({ ...check, prospectId: keepId });
        }
        return {
          prospect,
          moved: { touchpoints: touchpoints.length, stageChanges: mergeChanges.length },
        };
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
        touchpoints: await touchpointsOf(mergeId).count(),
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
      const existing = await prospectByLinkedinUrl(db, linkedinUrl);
      if (existing?.id === prospectId) {
        return { prospect: existing, merged: false };
      }
      if (existing) {
        const { prospect } = await applyMerge(prospectId, existing.id);
        return { prospect, merged: true };
      }
      // A member-id URL (a conversation's link) joins as the member id, a vanity URL as the URL.
      const ids = splitLinkedin({ linkedinUrl });
      const prospect = await db.transaction('rw', db.prospects, async () => {
        const target = await ctx.requireProspect(prospectId);
        if (
          (ids.linkedinUrl && target.linkedinUrl && target.linkedinUrl !== ids.linkedinUrl) ||
          (ids.linkedinMemberId &&
            target.linkedinMemberId &&
            target.linkedinMemberId !== ids.linkedinMemberId)
        ) {
          throw fail('linkedToOtherProfile');
        }
        const updated: Prospect = prospectSchema.parse({
          ...target,
          ...ids,
          updatedAt: now(),
        });
        await db.prospects.put(updated);
        return updated;
      });
      notify({ what: 'prospect', prospectIds: [prospectId] });
      return { prospect, merged: false };
    },

    /**
     * A profile page tells both ids of its person. Fill-gaps rule: an id the prospect lacks is
     * added, a set one is never overwritten; two prospects (one per id) are not merged silently.
     */
    async recordLinkedinIdentity({ linkedinUrl, linkedinMemberId }) {
      const outcome = await db.transaction('rw', db.prospects, async () => {
        const byUrl = await db.prospects.where('linkedinUrl').equals(linkedinUrl).first();
        const byMember = await prospectByMemberId(db, linkedinMemberId);
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
        const updated = prospectSchema.parse({ ...next, updatedAt: now() });
        await db.prospects.put(updated);
        return { prospect: updated, filled: true };
      });
      if (outcome.filled && outcome.prospect)
        notify({ what: 'prospect', prospectIds: [outcome.prospect.id] });
      return outcome;
    },
  });
}
