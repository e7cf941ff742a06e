/**
 * The pipeline board and the follow-up nudges. Both read the open prospects the worker keeps in
 * memory (../store/open-prospects.ts), so a board opening costs a walk over memory, not a read of
 * every prospect; the board's moves are the core stage messages (advanceStage, setStage,
 * markWon, markLost, undoStageChange), the same as the popup's.
 */
import { type BoardCard, encodeCards } from '../../shared/board.ts';
import { followUpDue } from '../../shared/follow-up.ts';
import type { ProspectContext } from '../../shared/messages.ts';
import { stageById } from '../../shared/process.ts';
import type { Process, Prospect, Stage } from '../../shared/schemas.ts';
import { defineHandlers, type ServiceContext } from '../context.ts';
import { checkKey, type OpenProspects } from '../store/open-prospects.ts';

/** How long the encoded cards may be reused while nothing changes (follow-ups fall due with time). */
const CARDS_TTL_MS = 60_000;

export function boardHandlers(ctx: ServiceContext) {
  const open = ctx.store.openProspects;
  let encoded: { key: string; json: string; currency: string | undefined } | undefined;

  /** Open prospects whose follow-up is due now, with when our unanswered message went out. */
  async function dueFollowUps(process: Process, set: OpenProspects, now: number) {
    const asking = new Map(
      process.stages
        .filter((stage) => stage.kind === 'open' && stage.followUpDays)
        .map((stage) => [stage.id, stage]),
    );
    const candidates = [...set.prospects.values()].filter((prospect) =>
      asking.has(prospect.stageId),
    );
    const exchanges = await open.lastExchanges(candidates.map((prospect) => prospect.id));
    const due = new Map<string, number>();
    for (const prospect of candidates) {
      const since = followUpDue(
        exchanges.get(prospect.id) ?? null,
        asking.get(prospect.stageId),
        now,
      );
      if (since !== null) due.set(prospect.id, since);
    }
    return due;
  }

  return defineHandlers({
    async getBoard() {
      const process = await ctx.store.processes.current();
      const set = await open.current();
      const now = ctx.now();
      // The same cards as last time unless the set, the process or the minute changed (a
      // follow-up falls due with time): a warm opening skips 6,000 cards' encoding.
      const key = `${set.version}:${process.savedAt}:${Math.floor(now / CARDS_TTL_MS)}`;
      if (encoded?.key !== key) {
        const due = await dueFollowUps(process, set, now);
        const cards: BoardCard[] = [];
        let currency: string | undefined;
        for (const prospect of set.prospects.values()) {
          const stage = stageById(process, prospect.stageId);
          currency ??= prospect.currency;
          cards.push(cardOf(prospect, stage, set.checks.get(prospect.id), due.get(prospect.id)));
        }
        encoded = { key, json: encodeCards(cards), currency };
      }
      return { process, now, cardsJson: encoded.json, currency: encoded.currency };
    },

    async followUps({ limit }) {
      const process = await ctx.store.processes.current();
      const set = await open.current();
      const due = await dueFollowUps(process, set, ctx.now());
      const oldest = [...due].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
      const prospects: Array<ProspectContext & { followUpSince: number }> = [];
      for (const [id, since] of oldest.slice(0, limit)) {
        const prospect = set.prospects.get(id);
        if (prospect)
          prospects.push({
            prospect,
            lastTouchAt: prospect.lastTouchAt ?? null,
            followUpSince: since,
          });
      }
      return { process, prospects, total: due.size };
    },
  });
}

/** Only what a card shows: the board's reply for 6,000 open prospects stays a few hundred KB. */
function cardOf(
  prospect: Prospect,
  stage: Stage | undefined,
  checked: ReadonlySet<string> | undefined,
  followUpSince: number | undefined,
): BoardCard {
  const next = stage?.actions.find((action) => !checked?.has(checkKey(stage.id, action.id)));
  const card: BoardCard = {
    id: prospect.id,
    name: prospect.name,
    stageId: prospect.stageId,
    stageEnteredAt: prospect.stageEnteredAt,
  };
  if (prospect.company) card.company = prospect.company;
  if (prospect.lastTouchAt !== undefined) card.lastTouchAt = prospect.lastTouchAt;
  if (prospect.dealValue !== undefined) card.dealValue = prospect.dealValue;
  if (next) card.nextActionId = next.id;
  if (followUpSince !== undefined) card.followUpSince = followUpSince;
  return card;
}
