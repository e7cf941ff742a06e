import { describe, expect, it } from 'vitest';
import {
  type BoardCard,
  boardColumns,
  encodeCards,
  keyboardTarget,
  NO_FILTER,
  parseCards,
} from './board.ts';
import { defaultProcess } from './default-process.ts';
import { DAY_MS } from './timing.ts';

const process = defaultProcess('en', 1);
const NOW = Date.UTC(2026, 2, 10);
const card = (id: string, stageId: string, days: number, extra: Partial<BoardCard> = {}) => ({
  id,
  name: id,
  stageId,
  stageEnteredAt: NOW - days * DAY_MS,
  ...extra,
});

describe('board rules', () => {
  it('moves forward as Advance does and back to the previous open stage', () => {
    expect(keyboardTarget(process, 'prospect', 'next')?.id).toBe('contacted');
    expect(keyboardTarget(process, 'negotiation', 'next')?.id).toBe('won');
    expect(keyboardTarget(process, 'contacted', 'previous')?.id).toBe('prospect');
    expect(keyboardTarget(process, 'prospect', 'previous')).toBeUndefined();
    // An archived stage is skipped both ways, and has no column.
    const archived = {
      ...process,
      stages: process.stages.map((stage) =>
        stage.id === 'contacted' ? { ...stage, archived: true } : stage,
      ),
    };
    expect(keyboardTarget(archived, 'prospect', 'next')?.id).toBe('qualified');
    expect(keyboardTarget(archived, 'qualified', 'previous')?.id).toBe('prospect');
    expect(
      boardColumns(archived, [], NO_FILTER, 'timeInStage', NOW).map((c) => c.stage.id),
    ).toEqual(['prospect', 'qualified', 'proposal', 'negotiation']);
  });

  it('sorts by time in stage or by last touch, never-touched first', () => {
    const cards = [
      card('a', 'prospect', 1, { lastTouchAt: NOW - DAY_MS }),
      card('b', 'prospect', 5, { lastTouchAt: NOW - 2 * DAY_MS }),
      card('c', 'prospect', 3),
    ];
    const order = (sort: 'timeInStage' | 'lastTouch') =>
      boardColumns(process, cards, NO_FILTER, sort, NOW)[0]?.cards.map((item) => item.id);
    expect(order('timeInStage')).toEqual(['b', 'c', 'a']);
    expect(order('lastTouch')).toEqual(['c', 'b', 'a']);
  });

  it('sums the values of the cards a filter keeps', () => {
    const cards = [
      card('Ana', 'prospect', 8, { company: 'Acme', dealValue: 100 }),
      card('Bo', 'prospect', 1, { company: 'Acme', dealValue: 50 }),
      card('Cy', 'prospect', 1, { company: 'Bolt', dealValue: 7 }),
    ];
    const column = (filter: typeof NO_FILTER) =>
      boardColumns(process, cards, filter, 'timeInStage', NOW)[0];
    expect(column(NO_FILTER)?.value).toBe(157);
    expect(column({ ...NO_FILTER, company: 'Acme' })?.value).toBe(150);
    expect(column({ ...NO_FILTER, text: 'ACM' })?.cards.map((item) => item.id)).toEqual([
      'Ana',
      'Bo',
    ]);
    expect(column({ ...NO_FILTER, overTargetOnly: true })?.cards.map((item) => item.id)).toEqual([
      'Ana',
    ]);
  });

  it('sends cards as compact tuples and reads them back exactly', () => {
    const cards: BoardCard[] = [
      card('a', 'prospect', 1),
      card('b', 'contacted', 2, {
        company: 'Acme, "SA"',
        lastTouchAt: NOW - 5,
        dealValue: 0,
        nextActionId: 'follow-up',
        followUpSince: NOW - 4 * DAY_MS,
      }),
    ];
    expect(parseCards(encodeCards(cards))).toEqual(cards);
  });
});
