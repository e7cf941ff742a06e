/**
 * The pipeline board's rules, pure so they are tested directly and the page stays a view: which
 * columns there are, which cards a filter keeps, in which order, and where a card moves by the
 * keyboard. The worker sends every open prospect as a compact card (handlers/board.ts); the page
 * filters and sorts them here and renders only a window of each column.
 */
import { nextStage } from './process.ts';
import type { Process, Stage } from './schemas.ts';
import { targetStatus } from './timing.ts';

export interface BoardCard {
  id: string;
  name: string;
  company?: string | undefined;
  stageId: string;
  stageEnteredAt: number;
  lastTouchAt?: number | undefined;
  dealValue?: number | undefined;
  /** The first of the stage's next steps not done yet; absent when none is left. */
  nextActionId?: string | undefined;
  /** When our unanswered message went out, when the stage's follow-up delay has passed. */
  followUpSince?: number | undefined;
}

/**
 * The cards as `getBoard` sends them: one JSON string of one array per card (see its reply in
 * messages.ts). Keys repeated 6,000 times were a third of the bytes.
 */
type CardTuple = [
  id: string,
  name: string,
  company: string | null,
  stageId: string,
  stageEnteredAt: number,
  lastTouchAt: number | null,
  dealValue: number | null,
  nextActionId: string | null,
  followUpSince: number | null,
];

export function encodeCards(cards: readonly BoardCard[]): string {
  return JSON.stringify(
    cards.map(
      (card): CardTuple => [
        card.id,
        card.name,
        card.company ?? null,
        card.stageId,
        card.stageEnteredAt,
        card.lastTouchAt ?? null,
        card.dealValue ?? null,
        card.nextActionId ?? null,
        card.followUpSince ?? null,
      ],
    ),
  );
}

export function parseCards(json: string): BoardCard[] {
  return (JSON.parse(json) as CardTuple[]).map(
    ([
      id,
      name,
      company,
      stageId,
      stageEnteredAt,
      lastTouchAt,
      dealValue,
      nextActionId,
      followUp,
    ]) => {
      const card: BoardCard = { id, name, stageId, stageEnteredAt };
      if (company !== null) card.company = company;
      if (lastTouchAt !== null) card.lastTouchAt = lastTouchAt;
      if (dealValue !== null) card.dealValue = dealValue;
      if (nextActionId !== null) card.nextActionId = nextActionId;
      if (followUp !== null) card.followUpSince = followUp;
      return card;
    },
  );
}

/** Longest in its stage first, or least recently touched first (never touched first of all). */
export type BoardSort = 'timeInStage' | 'lastTouch';

export interface BoardFilter {
  /** Part of a name or company, any case and accents. */
  text: string;
  /** Exactly this company; null for any. */
  company: string | null;
  overTargetOnly: boolean;
}

export const NO_FILTER: BoardFilter = { text: '', company: null, overTargetOnly: false };

export interface BoardColumn {
  stage: Stage;
  /** The column's cards under the filter, in the chosen order. */
  cards: BoardCard[];
  /** Sum of their deal values. */
  value: number;
}

/** The board's columns: one per open stage in use, in process order. */
export function openStages(process: Process): Stage[] {
  return process.stages.filter((stage) => stage.kind === 'open' && !stage.archived);
}

export function boardColumns(
  process: Process,
  cards: readonly BoardCard[],
  filter: BoardFilter,
  sort: BoardSort,
  now: number,
): BoardColumn[] {
  const columns = new Map<string, BoardColumn>(
    openStages(process).map((stage) => [stage.id, { stage, cards: [], value: 0 }]),
  );
  const needle = fold(filter.text.trim());
  for (const card of cards) {
    const column = columns.get(card.stageId);
    if (!column) continue;
    if (filter.company !== null && card.company !== filter.company) continue;
    if (needle && !searchText(card).includes(needle)) continue;
    if (filter.overTargetOnly && !isOverTarget(card, column.stage, now)) continue;
    column.cards.push(card);
    column.value += card.dealValue ?? 0;
  }
  const order =
    sort === 'timeInStage'
      ? (a: BoardCard, b: BoardCard) => a.stageEnteredAt - b.stageEnteredAt || byId(a, b)
      : (a: BoardCard, b: BoardCard) => (a.lastTouchAt ?? -1) - (b.lastTouchAt ?? -1) || byId(a, b);
  for (const column of columns.values()) column.cards.sort(order);
  return [...columns.values()];
}

export function isOverTarget(card: BoardCard, stage: Stage, now: number): boolean {
  return targetStatus(now - card.stageEnteredAt, stage.targetDays).ratio >= 1;
}

/** The companies of the cards, sorted, for the company filter. */
export function companiesOf(cards: readonly BoardCard[]): string[] {
  const names = new Set<string>();
  for (const card of cards) if (card.company) names.add(card.company);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/**
 * Where the keyboard moves a card: forward is "Advance" (the next stage, the won outcome after
 * the last open one); back is the previous open stage, none from the first.
 */
export function keyboardTarget(
  process: Process,
  stageId: string,
  direction: 'next' | 'previous',
): Stage | undefined {
  if (direction === 'next') return nextStage(process, stageId);
  const stages = openStages(process);
  const index = stages.findIndex((stage) => stage.id === stageId);
  return index > 0 ? stages[index - 1] : undefined;
}

function byId(a: BoardCard, b: BoardCard): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Lower case without accents: "Éloïse" is found by "elo". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();
}

/** Folding is the costly part of a filter at 10,000 cards: once per card object. */
const folded = new WeakMap<BoardCard, string>();
function searchText(card: BoardCard): string {
  let text = folded.get(card);
  if (text === undefined) {
    text = fold(`${card.name}\n${card.company ?? ''}`);
    folded.set(card, text);
  }
  return text;
}
