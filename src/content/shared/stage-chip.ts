/**
 * A small, passive stage chip for list rows (Gmail inbox): "Qualified · 6 d", coloured like the
 * badge. Not a button: the row it sits in opens the conversation, where the full badge is.
 */
import { formatDuration, t } from '../../browser/i18n.ts';
import { stageById } from '../../shared/process.ts';
import type { Process, Prospect } from '../../shared/schemas.ts';
import { targetStatus } from '../../shared/timing.ts';
import { el, setAttribute, type View } from './view.ts';

export interface StageChipProps {
  prospect: Prospect;
  process: Process;
  now: number;
}

export class StageChip implements View<StageChipProps> {
  readonly root = el('span', { class: 'chip' });

  constructor(props: StageChipProps) {
    this.update(props);
  }

  update({ prospect, process, now }: StageChipProps): void {
    const stage = stageById(process, prospect.stageId);
    const elapsed = Math.max(0, now - prospect.stageEnteredAt);
    setAttribute(this.root, 'data-level', targetStatus(elapsed, stage?.targetDays ?? null).level);
    this.root.title = `${prospect.name} — ${t('timeInStage')}`;
    this.root.textContent = `${stage?.name ?? prospect.stageId} · ${formatDuration(elapsed)}`;
  }
}

export const STAGE_CHIP_CSS = `
:host { all: initial; }
.chip { font: 11px/1.3 system-ui, -apple-system, 'Segoe UI', sans-serif; border-radius: 8px; padding: 0 6px;
  margin: 0 4px; background: #eef2fb; color: #1e49a5; white-space: nowrap; }
.chip[data-level='due'] { background: #fff4e0; color: #794300; }
.chip[data-level='over'] { background: #fde8e6; color: #921f18; }
.chip[data-level='late'] { background: #a5231c; color: #fff; }
@media (prefers-color-scheme: dark) {
  .chip { background: #1f2a44; color: #9bb9ff; }
  .chip[data-level='due'] { background: #3a2a10; color: #f0b35a; }
  .chip[data-level='over'] { background: #3d1614; color: #ff9289; }
  .chip[data-level='late'] { background: #ff8a80; color: #161a22; }
}
`;
