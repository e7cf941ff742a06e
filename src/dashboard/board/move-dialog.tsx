/**
 * "Move" for one card: any stage, won, or lost with its reason — the keyboard's way to every
 * move a drag can make, and what a drop on "lost" opens to ask why. A modal <dialog>: focus
 * moves in, Escape cancels, and the board puts focus back where it was.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../browser/i18n.ts';
import type { BoardCard } from '../../shared/board.ts';
import { nextStage, outcomeStage } from '../../shared/process.ts';
import type { Process, Stage } from '../../shared/schemas.ts';
import { LostReasonFields, useLostReason } from '../../ui/lost-reason.tsx';

export function MoveDialog(props: {
  card: BoardCard;
  process: Process;
  /** Opened by a drop on "lost": the reason is what is asked. */
  lost: boolean;
  /** The choice, or null when cancelled. */
  onDone(choice: { target: Stage; reason?: string } | null): void;
}) {
  const { card, process } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const targets = process.stages.filter((stage) => !stage.archived && stage.id !== card.stageId);
  const first = props.lost
    ? outcomeStage(process, 'lost')
    : (nextStage(process, card.stageId) ?? targets[0]);
  const [targetId, setTargetId] = useState(first?.id ?? '');
  const lostReason = useLostReason(process);
  const done = useRef(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // Focus the choice that matters: the reason for a loss, the stage otherwise.
    element?.querySelector<HTMLElement>(props.lost ? 'select' : 'input:checked')?.focus();
  }, []);

  const target = targets.find((stage) => stage.id === targetId);
  const chosenReason = lostReason.chosen;
  const finish = (choice: { target: Stage; reason?: string } | null) => {
    if (done.current) return;
    done.current = true;
    dialog.current?.close();
    props.onDone(choice);
  };
  const titleId = `move-${card.id}-title`;

  return (
    <dialog
      ref={dialog}
      class="move-dialog"
      aria-labelledby={titleId}
      data-move-dialog={card.id}
      onClose={() => finish(null)}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!target) return;
          if (target.kind === 'lost') {
            if (chosenReason) finish({ target, reason: chosenReason });
          } else finish({ target });
        }}
      >
        <h2 id={titleId}>{t('boardMoveLabel', card.name)}</h2>
        <fieldset>
          <legend>{t('boardMoveTo')}</legend>
          {targets.map((stage) => (
            <label key={stage.id}>
              <input
                type="radio"
                name="move-target"
                value={stage.id}
                checked={stage.id === targetId}
                onChange={() => setTargetId(stage.id)}
              />{' '}
              {stage.name}
            </label>
          ))}
        </fieldset>
        {target?.kind === 'lost' && (
          <LostReasonFields
            process={process}
            state={lostReason}
            selectHook={{ 'data-move': 'lost-reason' }}
          />
        )}
        <div class="row">
          <button
            type="submit"
            class="primary"
            data-action="confirm-move"
            disabled={!target || (target.kind === 'lost' && !chosenReason)}
          >
            {t('boardMove')}
          </button>
          <button type="button" onClick={() => finish(null)}>
            {t('boardCancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
