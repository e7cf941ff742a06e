/**
 * Keyboard shortcuts (manifest `commands`). "Advance" moves the prospect the toolbar badge shows
 * for the tab — the same choice as the badge, so the shortcut never surprises — to its next
 * stage, guarded by the stage it was seen in.
 */
import type { StageMove } from '../shared/messages.ts';
import { nextStage } from '../shared/process.ts';
import type { Handlers } from './context.ts';
import { focusProspect } from './toolbar-badge.ts';

export const ADVANCE_COMMAND = 'advance-prospect';

export async function advanceProspectInTab(
  handlers: Pick<Handlers, 'getTabContext' | 'advanceStage'>,
  tabId: number,
  now: number,
): Promise<StageMove | null> {
  const context = await handlers.getTabContext({ tabId });
  const focus = focusProspect(context, now);
  if (!focus || !nextStage(context.process, focus.prospect.stageId)) return null;
  return handlers.advanceStage({
    prospectId: focus.prospect.id,
    fromStageId: focus.prospect.stageId,
  });
}
