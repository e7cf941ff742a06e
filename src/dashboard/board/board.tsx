/**
 * The pipeline board: a column per open stage, a card per open prospect, won and lost as drop
 * targets at the end. Cards move by drag and drop or by the keyboard (keys in `boardKeysHelp`,
 * shown above the board), each move with Undo; a move is the popup's stage change (moves.ts).
 *
 * At 10,000 prospects the page holds every card's data but renders a window of each column
 * (WINDOW cards, more on demand or on scrolling near its end): filtering and sorting thousands
 * of small objects is fast, putting thousands of nodes in the DOM is not.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import {
  type BoardCard,
  type BoardFilter,
  type BoardSort,
  boardColumns,
  companiesOf,
  keyboardTarget,
  NO_FILTER,
} from '../../shared/board.ts';
import type { ResponseMap } from '../../shared/messages.ts';
import { outcomeStage, stageById } from '../../shared/process.ts';
import type { Stage } from '../../shared/schemas.ts';
import { useKeptFocus } from '../../ui/kept-focus.ts';
import { BoardColumnView, type CardActions } from './board-column.tsx';
import { MoveDialog } from './move-dialog.tsx';
import { moveCard, undoMove } from './moves.ts';
import './board.css';

export type BoardData = Omit<ResponseMap['getBoard'], 'cardsJson'> & { cards: BoardCard[] };

/** Cards a column renders at first, and how many more each "show more" adds. */
export const WINDOW = 30;
export const MORE = 50;

interface Pending {
  /** Where the card shows until the board's data has it; null: gone to an outcome. */
  stageId: string | null;
  at: number;
  /** The move is stored: the next data from the worker includes it. */
  settled: boolean;
}

export function Board({ data, openTimeline }: { data: BoardData; openTimeline(id: string): void }) {
  const { process } = data;
  const [filter, setFilter] = useState<BoardFilter>(NO_FILTER);
  const [sort, setSort] = useState<BoardSort>('timeInStage');
  const [windows, setWindows] = useState<Record<string, number>>({});
  const [pending, setPending] = useState<ReadonlyMap<string, Pending>>(new Map());
  const [undo, setUndo] = useState<{ card: BoardCard } | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{
    card: BoardCard;
    lost: boolean;
    opener: Element | null;
    /** Each opening its own dialog (the key): a reused one would keep the last one's state. */
    opening: number;
  }>();
  const openings = useRef(0);
  /**
   * The dialog shown now. A modal dialog's `close` event comes a task after Escape, once the
   * browser has put focus back: an M pressed in between opens the next dialog first, and the
   * late close must not shut that one.
   */
  const shownDialog = useRef(dialog);
  shownDialog.current = dialog;
  const openDialog = (card: BoardCard, lost: boolean) =>
    setDialog({ card, lost, opener: document.activeElement, opening: ++openings.current });
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  /**
   * The card to focus once it shows in this stage (moved by the keyboard, it is a new element
   * in another column; the old one took the focus with it).
   */
  const focusAfter = useRef<{ id: string; stageId: string } | null>(null);
  /**
   * Focus Undo once it shows: a card moved by the keyboard to won or lost leaves the board, and
   * focus with it; Undo is what the user may want next, and where their place is kept.
   */
  const focusUndo = useRef(false);
  /** Shown even beyond its column's window: the card the user just moved. */
  const [pinned, setPinned] = useState<string | null>(null);

  // New data from the worker includes every settled move: their overrides go.
  useEffect(() => {
    setPending((old) =>
      [...old.values()].some((move) => move.settled)
        ? new Map([...old].filter(([, move]) => !move.settled))
        : old,
    );
  }, [data]);

  const cards = useMemo(() => {
    if (pending.size === 0) return data.cards;
    const shown: BoardCard[] = [];
    for (const card of data.cards) {
      const move = pending.get(card.id);
      if (!move) shown.push(card);
      else if (move.stageId)
        shown.push({
          ...card,
          stageId: move.stageId,
          stageEnteredAt: move.at,
          followUpSince: undefined,
        });
    }
    return shown;
  }, [data, pending]);
  const columns = useMemo(
    () => boardColumns(process, cards, filter, sort, data.now),
    [process, cards, filter, sort, data.now],
  );
  const companies = useMemo(() => companiesOf(data.cards), [data.cards]);
  const byId = useMemo(() => new Map(cards.map((card) => [card.id, card])), [cards]);

  // Ctrl+Z (⌘Z) undoes the last move while focus is on the board, not in a text field.
  // New data re-sorts a column, which moves a focused card's element (and a moved element
  // loses the focus): the card keeps it (../../ui/kept-focus.ts).
  const focus = useKeptFocus<HTMLDivElement>({ selectorOf: boardControl });
  const view = focus.ref;
  const undoRef = useRef<() => void>(() => undefined);
  undoRef.current = () => void undoLast();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z') return;
      if (!view.current?.contains(target) || target.closest('input, select, textarea')) return;
      event.preventDefault();
      undoRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (focusUndo.current && undo) {
      focusUndo.current = false;
      view.current?.querySelector<HTMLElement>('[data-action="undo-move"]')?.focus();
    }
    const wanted = focusAfter.current;
    if (!wanted) return;
    const card = document.querySelector<HTMLElement>(`[data-prospect-card="${wanted.id}"]`);
    if (card?.dataset.stageId !== wanted.stageId) return;
    focusAfter.current = null;
    card.querySelector<HTMLElement>('.card-open')?.focus();
  });

  async function move(
    card: BoardCard,
    target: Stage,
    options: { reason?: string; keyboard?: boolean } = {},
  ) {
    if (target.id === card.stageId) return;
    if (target.kind === 'lost' && !options.reason) {
      openDialog(card, true);
      return;
    }
    setError(null);
    const at = Date.now();
    setPending((old) =>
      new Map(old).set(card.id, {
        stageId: target.kind === 'open' ? target.id : null,
        at,
        settled: false,
      }),
    );
    if (options.keyboard && target.kind === 'open')
      focusAfter.current = { id: card.id, stageId: target.id };
    if (options.keyboard && target.kind !== 'open') focusUndo.current = true;
    setPinned(card.id);
    try {
      await moveCard(process, card, target, options.reason);
      setPending((old) => {
        const next = new Map(old);
        const entry = next.get(card.id);
        if (entry) next.set(card.id, { ...entry, settled: true });
        return next;
      });
      setUndo({ card });
      setStatus(t('boardMoved', card.name, target.name));
    } catch (failure) {
      setPending((old) => {
        const next = new Map(old);
        next.delete(card.id);
        return next;
      });
      setError(errorText(failure));
      focusUndo.current = false;
      if (options.keyboard) focusAfter.current = { id: card.id, stageId: card.stageId };
    }
  }

  async function undoLast() {
    if (!undo) return;
    const { card } = undo;
    setUndo(null);
    setError(null);
    try {
      const { prospect } = await undoMove(card.id);
      const back = stageById(process, prospect.stageId);
      setPending((old) =>
        new Map(old).set(card.id, {
          stageId: back?.kind === 'open' ? back.id : null,
          at: prospect.stageEnteredAt,
          settled: true,
        }),
      );
      setPinned(card.id);
      if (back?.kind === 'open') focusAfter.current = { id: card.id, stageId: back.id };
      setStatus(t('boardUndone', card.name, back?.name ?? prospect.stageId));
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  const actions: CardActions = {
    open: openTimeline,
    openMove: (card) => openDialog(card, false),
    step(card, direction) {
      const target = keyboardTarget(process, card.stageId, direction);
      if (target) void move(card, target, { keyboard: true });
    },
    drop(stageId, cardId) {
      const card = byId.get(cardId);
      const target = stageById(process, stageId);
      if (card && target) void move(card, target);
    },
    dropTarget,
    setDropTarget,
  };

  const won = outcomeStage(process, 'won');
  const lost = outcomeStage(process, 'lost');
  return (
    <div class="board-view" ref={view} onFocusIn={focus.onFocusIn} onFocusOut={focus.onFocusOut}>
      <BoardToolbar
        filter={filter}
        sort={sort}
        companies={companies}
        onFilter={setFilter}
        onSort={setSort}
      />
      <p class="muted keys-help" id="board-keys-help">
        {t('boardKeysHelp')}
      </p>
      <div class="board-status">
        <p role="status" data-board-status>
          {status}
        </p>
        {undo && (
          <button type="button" data-action="undo-move" onClick={() => void undoLast()}>
            {t('boardUndo')}
          </button>
        )}
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </div>
      {data.cards.length === 0 && (
        <p class="notice">
          {t('boardEmpty')} <a href="#/overview">{t('boardOpenOverview')}</a>
        </p>
      )}
      <section class="board" aria-label={t('boardRegion')}>
        {columns.map((column) => (
          <BoardColumnView
            key={column.stage.id}
            column={column}
            process={process}
            now={data.now}
            currency={data.currency}
            limit={windows[column.stage.id] ?? WINDOW}
            pinned={pinned}
            onMore={() =>
              setWindows((old) => ({
                ...old,
                [column.stage.id]: (old[column.stage.id] ?? WINDOW) + MORE,
              }))
            }
            actions={actions}
          />
        ))}
        <ul class="outcomes" aria-label={t('boardOutcomes')}>
          {[won, lost].map(
            (stage) =>
              stage && (
                <li
                  key={stage.id}
                  class="outcome"
                  data-outcome-target={stage.kind}
                  data-stage-id={stage.id}
                  data-drop={dropTarget === stage.id ? 'over' : undefined}
                  onDragOver={(event) => {
                    event.preventDefault();
                    setDropTarget(stage.id);
                  }}
                  onDragLeave={() => setDropTarget(null)}
                  onDrop={(event) => {
                    event.preventDefault();
                    setDropTarget(null);
                    const id = event.dataTransfer?.getData('text/plain');
                    if (id) actions.drop(stage.id, id);
                  }}
                >
                  <strong>{stage.name}</strong>
                  <span class="muted">{t('boardDropHint')}</span>
                </li>
              ),
          )}
        </ul>
      </section>
      {dialog && (
        <MoveDialog
          key={dialog.opening}
          card={dialog.card}
          process={process}
          lost={dialog.lost}
          onDone={(choice) => {
            if (shownDialog.current !== dialog) return;
            const { card, opener } = dialog;
            setDialog(undefined);
            if (choice) void move(card, choice.target, { reason: choice.reason, keyboard: true });
            // Back where the user was when the dialog opened.
            if (!choice && opener instanceof HTMLElement && opener.isConnected) opener.focus();
            else if (!choice) focusAfter.current = { id: card.id, stageId: card.stageId };
          }}
        />
      )}
    </div>
  );
}

/** A card's own buttons by the card's id (its element changes between columns), else ours. */
function boardControl(element: Element): string | null {
  const card = element.closest('[data-prospect-card]')?.getAttribute('data-prospect-card');
  const part = element.classList.contains('card-move') ? '.card-move' : '.card-open';
  if (card) return `[data-prospect-card="${CSS.escape(card)}"] ${part}`;
  const action = element.getAttribute('data-action');
  return action ? `[data-action="${CSS.escape(action)}"]` : null;
}

function BoardToolbar(props: {
  filter: BoardFilter;
  sort: BoardSort;
  companies: string[];
  onFilter(filter: BoardFilter): void;
  onSort(sort: BoardSort): void;
}) {
  const { filter } = props;
  return (
    <search class="board-tools" aria-label={t('boardFilters')}>
      <label>
        {t('boardFilterText')}{' '}
        <input
          type="search"
          value={filter.text}
          data-board-filter="text"
          onInput={(event) => props.onFilter({ ...filter, text: event.currentTarget.value })}
        />
      </label>
      <label>
        {t('boardCompany')}{' '}
        <select
          value={filter.company ?? ''}
          data-board-filter="company"
          onChange={(event) =>
            props.onFilter({ ...filter, company: event.currentTarget.value || null })
          }
        >
          <option value="">{t('boardAllCompanies')}</option>
          {props.companies.map((company) => (
            <option key={company} value={company}>
              {company}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={filter.overTargetOnly}
          data-board-filter="over-target"
          onChange={(event) =>
            props.onFilter({ ...filter, overTargetOnly: event.currentTarget.checked })
          }
        />{' '}
        {t('boardOverTargetOnly')}
      </label>
      <label>
        {t('boardSort')}{' '}
        <select
          value={props.sort}
          data-board-sort
          onChange={(event) => props.onSort(event.currentTarget.value as BoardSort)}
        >
          <option value="timeInStage">{t('boardSortTimeInStage')}</option>
          <option value="lastTouch">{t('boardSortLastTouch')}</option>
        </select>
      </label>
    </search>
  );
}
