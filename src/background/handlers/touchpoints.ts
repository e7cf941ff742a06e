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
          // A conversation scan sends dozens at once, a detector often one: either way the reads
          // go out together (each is a trip to the browser process), then one write of each kind.
          const matchKey = (input: (typeof touchpoints)[number]) =>
            input.prospectId ?? input.email ?? input.linkedinUrl ?? '';
          const asked = [...new Map(touchpoints.map((input) => [matchKey(input), input])).values()];
          const [existing, found] = await Promise.all([
            store.touchpoints.existingKeys(touchpoints.map((input) => input.key)),
            Promise.all(asked.map(findProspect)),
          ]);
          const prospects = new Map(asked.map((input, index) => [matchKey(input), found[index]]));
          const ids = [
            ...new Set(
              touchpoints.flatMap((input) => {
                const prospect = existing.has(input.key)
                  ? undefined
                  : prospects.get(matchKey(input));
                return prospect && !inCurrentStage(prospect, input.at) ? [prospect.id] : [];
              }),
            ),
          ];
          const histories = await Promise.all(ids.map((id) => store.stageChanges.of(id)));
          const history = new Map<string, StageChange[]>(
            ids.map((id, index) => [id, histories[index] ?? []]),
          );
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
            const prospect = prospects.get(matchKey(input));
            if (!prospect) {
              out.push({ key: input.key, status: 'untracked' });
              continue;
            }
            toAdd.push({
              prospectId: prospect.id,
              channel: input.channel,
              kind: input.kind,
              at: input.at,
              stageId: inCurrentStage(prospect, input.at)
                ? prospect.stageId
                : (stageAt(history.get(prospect.id) ?? [], input.at) ?? prospect.stageId),
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
          await Promise.all([
            store.touchpoints.addMany(toAdd),
            ...[...lastTouch].map(([prospectId, at]) => {
              const prospect = byId.get(prospectId);
              return prospect ? store.prospects.setLastTouch(prospect, at) : undefined;
            }),
          ]);
          return out;
        },
      );
      if (touched.size > 0) notify({ what: 'touchpoint', prospectIds: [...touched] });
      return { results };
    },
  });
}

/**
 * A touchpoint after the prospect entered its stage is in that stage (every move is at or after
 * the last one): only older ones need the stage history, one more read.
 */
function inCurrentStage(prospect: Prospect, at: number): boolean {
  return at > prospect.stageEnteredAt;
}
