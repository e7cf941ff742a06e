/**
 * Logging touchpoints: detectors send what they saw (an address or a profile URL, not our ids);
 * each is filed under the prospect it names and the stage that prospect was in at the time.
 * The dedupe key makes every retry a no-op.
 */
import type { ResponseMap } from '../../shared/messages.ts';
import type { Prospect, StageChange, Touchpoint } from '../../shared/schemas.ts';
import { stageAt } from '../../shared/timing.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';

export function touchpointHandlers(ctx: ServiceContext) {
  const { store, notify } = ctx;

  /** By our id, an address, or a LinkedIn URL of either form (a conversation's member id). */
  function findProspect(match: {
    prospectId?: string | undefined;
    email?: string | undefined;
    linkedinUrl?: string | undefined;
  }): Promise<Prospect | undefined> {
    if (match.prospectId) return store.prospects.get(match.prospectId);
    if (match.email) return store.prospects.byEmail(match.email);
    if (match.linkedinUrl) return store.prospects.byLinkedinUrl(match.linkedinUrl);
    return Promise.resolve(undefined);
  }

  return defineHandlers({
    async logTouchpoints({ touchpoints }) {
      const touched = new Set<string>();
      const results = await store.transaction(
        'rw',
        ['prospects', 'touchpoints', 'stageChanges'],
        async () => {
          // A conversation scan sends dozens at once: read what exists in bulk, write in bulk.
          const existing = await store.touchpoints.existingKeys(
            touchpoints.map((input) => input.key),
          );
          const prospects = new Map<string, Prospect | undefined>();
          const history = new Map<string, StageChange[]>();
          const lastTouch = new Map<string, number>();
          /** The prospects touched, as read above (this transaction is their only writer). */
          const byId = new Map<string, Prospect>();
          const toAdd: Touchpoint[] = [];
          const out: ResponseMap['logTouchpoints']['results'] = [];
          for (const input of touchpoints) {
            if (existing.has(input.key)) {
              out.push({ key: input.key, status: 'duplicate' });
              continue;
            }
            const matchKey = input.prospectId ?? input.email ?? input.linkedinUrl ?? '';
            if (!prospects.has(matchKey)) prospects.set(matchKey, await findProspect(input));
            const prospect = prospects.get(matchKey);
            if (!prospect) {
              out.push({ key: input.key, status: 'untracked' });
              continue;
            }
            let changes = history.get(prospect.id);
            if (!changes) {
              changes = await store.stageChanges.of(prospect.id);
              history.set(prospect.id, changes);
            }
            toAdd.push({
              prospectId: prospect.id,
              channel: input.channel,
              kind: input.kind,
              at: input.at,
              stageId: stageAt(changes, input.at) ?? prospect.stageId,
              key: input.key,
              summary: input.summary || undefined,
            });
            // The same key twice in one batch is stored once, like across batches.
            existing.add(input.key);
            lastTouch.set(prospect.id, Math.max(lastTouch.get(prospect.id) ?? -1, input.at));
            byId.set(prospect.id, prospect);
            touched.add(prospect.id);
            out.push({ key: input.key, status: 'created', prospectId: prospect.id });
          }
          await store.touchpoints.addMany(toAdd);
          for (const [prospectId, at] of lastTouch) {
            const prospect = byId.get(prospectId);
            if (prospect) await store.prospects.setLastTouch(prospect, at);
          }
          return out;
        },
      );
      if (touched.size > 0) notify({ what: 'touchpoint', prospectIds: [...touched] });
      return { results };
    },
  });
}
