/**
 * One column of the board and its cards: a window of the column (more on demand, or on
 * scrolling near its end), each card draggable and operable from the keyboard.
 */
import { formatDuration, t } from '../../browser/i18n.ts';
import type { BoardCard, BoardColumn } from '../../shared/board.ts';
import type { Process, Stage } from '../../shared/schemas.ts';
import { targetStatus } from '../../shared/timing.ts';
import { formatMoney, formatNumber } from '../format.ts';

export interface CardActions {
  open(prospectId: string): void;
  openMove(card: BoardCard): void;
  step(card: BoardCard, direction: 'next' | 'previous'): void;
  drop(stageId: string, prospectId: string): void;
  /** The column or outcome a card is being dragged over, for its highlight. */
  dropTarget: string | null;
  setDropTarget(stageId: string | null): void;
}

/** Within this many pixels of a column's end, scrolling shows the next cards. */
const NEAR_END_PX = 200;

export function BoardColumnView(props: {
  column: BoardColumn;
  process: Process;
  now: number;
  currency: string | undefined;
  limit: number;
  pinned: string | null;
  onMore(): void;
  actions: CardActions;
}) {
  const { column, actions, limit } = props;
  const { stage, cards } = column;
  const shown = cards.slice(0, limit);
  // A card just moved here lands at its column's end: show it even past the window.
  const pinned = props.pinned ? cards.find((card) => card.id === props.pinned) : undefined;
  if (pinned && !shown.includes(pinned)) shown.push(pinned);
  const rest = cards.length - shown.length;
  const titleId = `column-${stage.id}-title`;
  return (
    <section
      class="column"
      data-stage-column={stage.id}
      aria-labelledby={titleId}
      data-drop={actions.dropTarget === stage.id ? 'over' : undefined}
      onDragOver={(event) => {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
        if (actions.dropTarget !== stage.id) actions.setDropTarget(stage.id);
      }}
      onDragLeave={(event) => {
        // Leaving for one of its own cards is still being over the column.
        if (!(event.currentTarget as Element).contains(event.relatedTarget as Node | null))
          actions.setDropTarget(null);
      }}
      onDrop={(event) => {
        event.preventDefault();
        actions.setDropTarget(null);
        const id = event.dataTransfer?.getData('text/plain');
        if (id) actions.drop(stage.id, id);
      }}
    >
      <header>
        <h2 id={titleId}>{stage.name}</h2>
        <p class="muted">
          <span data-stage-count={cards.length}>{t('boardCount', formatNumber(cards.length))}</span>{' '}
          · <span data-stage-value={column.value}>{formatMoney(column.value, props.currency)}</span>
        </p>
      </header>
      <ul
        class="cards"
        onScroll={(event) => {
          const list = event.currentTarget;
          if (rest > 0 && list.scrollTop + list.clientHeight >= list.scrollHeight - NEAR_END_PX)
            props.onMore();
        }}
      >
        {shown.map((card) => (
          <Card key={card.id} card={card} stage={stage} now={props.now} actions={actions} />
        ))}
      </ul>
      {cards.length === 0 && <p class="muted empty">{t('boardColumnEmpty')}</p>}
      {rest > 0 && (
        <p class="more">
          <span class="muted">
            {t('boardShowing', formatNumber(shown.length), formatNumber(cards.length))}
          </span>{' '}
          <button type="button" data-action="show-more" onClick={props.onMore}>
            {t('boardShowMore', formatNumber(Math.min(rest, 50)))}
          </button>
        </p>
      )}
    </section>
  );
}

function Card({
  card,
  stage,
  now,
  actions,
}: {
  card: BoardCard;
  stage: Stage;
  now: number;
  actions: CardActions;
}) {
  const elapsed = Math.max(0, now - card.stageEnteredAt);
  const level = targetStatus(elapsed, stage.targetDays).level;
  const next = card.nextActionId
    ? stage.actions.find((action) => action.id === card.nextActionId)
    : undefined;
  const factsId = `card-${card.id}-facts`;
  return (
    <li
      class="card"
      data-prospect-card={card.id}
      data-stage-id={card.stageId}
      draggable
      onDragStart={(event) => {
        event.dataTransfer?.setData('text/plain', card.id);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      }}
      onDragEnd={() => actions.setDropTarget(null)}
      onKeyDown={(event) => onCardKey(event, card, actions)}
    >
      <button
        type="button"
        class="card-open"
        aria-describedby={factsId}
        onClick={() => actions.open(card.id)}
      >
        <strong>{card.name}</strong>
        {card.company && <span class="muted"> · {card.company}</span>}
      </button>
      <div id={factsId} class="card-facts">
        <span data-level={level} data-time-in-stage={elapsed}>
          {t('boardInStage', formatDuration(elapsed))}
        </span>{' '}
        <span class="muted">
          {t(
            'boardLastTouch',
            card.lastTouchAt === undefined
              ? t('popupNever')
              : t('popupAgo', formatDuration(Math.max(0, now - card.lastTouchAt))),
          )}
        </span>{' '}
        {card.followUpSince !== undefined && (
          <span class="follow-up" data-follow-up={card.followUpSince}>
            {t('followUpDue', formatDuration(Math.max(0, now - card.followUpSince)))}
          </span>
        )}
        {next && <span class="muted">{t('boardNext', next.label)}</span>}
      </div>
      <button
        type="button"
        class="card-move"
        aria-haspopup="dialog"
        aria-label={t('boardMoveLabel', card.name)}
        onClick={() => actions.openMove(card)}
      >
        {t('boardMove')}
      </button>
    </li>
  );
}

/** The board's keys (documented in `boardKeysHelp`): moves with Shift, focus without. */
function onCardKey(event: KeyboardEvent, card: BoardCard, actions: CardActions): void {
  const item = event.currentTarget as HTMLElement;
  const focusCard = (target: Element | null | undefined) => {
    const button = target?.querySelector<HTMLElement>('.card-open');
    if (!button) return false;
    button.focus();
    return true;
  };
  const column = item.closest('[data-stage-column]');
  const sideColumn = (step: 1 | -1) => {
    let next = step === 1 ? column?.nextElementSibling : column?.previousElementSibling;
    while (next && !next.querySelector('[data-prospect-card]'))
      next = step === 1 ? next.nextElementSibling : next.previousElementSibling;
    return next?.querySelector('[data-prospect-card]');
  };
  const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
  let handled = true;
  if (event.shiftKey && plain && event.key === 'ArrowRight') actions.step(card, 'next');
  else if (event.shiftKey && plain && event.key === 'ArrowLeft') actions.step(card, 'previous');
  else if (event.shiftKey || !plain) handled = false;
  else if (event.key === 'ArrowDown') handled = focusCard(item.nextElementSibling);
  else if (event.key === 'ArrowUp') handled = focusCard(item.previousElementSibling);
  else if (event.key === 'ArrowRight') handled = focusCard(sideColumn(1));
  else if (event.key === 'ArrowLeft') handled = focusCard(sideColumn(-1));
  else if (event.key === 'm' || event.key === 'M') actions.openMove(card);
  else handled = false;
  if (handled) event.preventDefault();
}
