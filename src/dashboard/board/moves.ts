/**
 * A board move is the stage change the popup makes: to the next stage it is "Advance"
 * (`advanceStage`), to the won outcome `markWon`, to the lost one `markLost` with its reason,
 * anywhere else `setStage` — the same handlers, so the same history, badges and Undo. Every
 * move but a win carries the stage the card was seen in, so a card moved meanwhile (another
 * tab, Gmail's badge) is refused instead of moved twice.
 */
import { send } from '../../browser/client.ts';
import type { BoardCard } from '../../shared/board.ts';
import type { StageMove } from '../../shared/messages.ts';
import { nextStage } from '../../shared/process.ts';
import type { Process, Stage } from '../../shared/schemas.ts';

export function moveCard(
  process: Process,
  card: BoardCard,
  target: Stage,
  lostReason?: string,
): Promise<StageMove> {
  const guard = { prospectId: card.id, fromStageId: card.stageId };
  if (target.kind === 'lost') {
    if (!lostReason) throw new Error('A loss needs its reason');
    return send('markLost', { prospectId: card.id, reason: lostReason });
  }
  if (target.kind === 'won' && nextStage(process, card.stageId)?.id !== target.id)
    return send('markWon', { prospectId: card.id });
  if (nextStage(process, card.stageId)?.id === target.id) return send('advanceStage', guard);
  return send('setStage', { ...guard, stageId: target.id });
}

export function undoMove(prospectId: string) {
  return send('undoStageChange', { prospectId });
}
