/**
 * The snapshot's record must give back exactly the set it was made from, through the
 * structured clone IndexedDB applies, and read anything malformed or older as no record.
 */
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, FORMAT, type Row, type State } from './snapshot-record.ts';

function sampleState(): State {
  const row = (id: string, extra: Partial<Row>): Row => ({
    id,
    name: `Name ${id}`,
    company: undefined,
    stageId: 'contacted',
    stageEnteredAt: 1_700_000_000_000,
    status: 'open' as const,
    dealValue: undefined,
    currency: undefined,
    sample: undefined,
    ownerRep: undefined,
    updatedAt: 1_700_000_000_500,
    ...extra,
  });
  return {
    token: 'token-1',
    builtAt: 10,
    readAt: 20,
    lastChangeId: 3,
    lastTouchId: 7,
    prospects: new Map([
      ['a', row('a', { company: 'Acme', dealValue: 0, currency: 'EUR', ownerRep: 'Ana' })],
      ['b', row('b', { company: '', status: 'lost', stageId: 'lost', sample: true })],
      ['c', row('c', { dealValue: 1250.5 })],
    ]),
    changes: new Map([
      [
        'a',
        [
          { id: 1, prospectId: 'a', from: null, to: 'prospect', at: 5, lostReason: undefined },
          {
            id: 2,
            prospectId: 'a',
            from: 'prospect',
            to: 'contacted',
            at: 5,
            lostReason: undefined,
          },
        ],
      ],
      [
        'b',
        [{ id: 3, prospectId: 'b', from: 'contacted', to: 'lost', at: 9, lostReason: 'Price' }],
      ],
      // A list whose prospect is not (or no longer) in the set is kept as it is.
      [
        'gone',
        [{ id: 4, prospectId: 'gone', from: null, to: 'prospect', at: 1, lostReason: undefined }],
      ],
    ]),
    touches: new Map([['b', [{ prospectId: 'b', stageId: 'contacted', kind: 'call', count: 2 }]]]),
  };
}

describe('snapshot record', () => {
  it('gives back the set it was made from, through a structured clone', () => {
    const state = sampleState();
    const record = structuredClone(encodeState(state));
    expect(decodeState(record)).toEqual(state);
    // Fields absent in the set come back absent-valued, not as empty strings or zeros.
    const back = decodeState(record);
    expect(back?.prospects.get('c')).toMatchObject({ company: undefined, currency: undefined });
    expect(back?.prospects.get('b')?.company).toBe('');
    expect(back?.prospects.get('a')?.dealValue).toBe(0);
    expect(back?.changes.get('a')?.[0]?.from).toBeNull();
  });

  it('keeps numbers as columns and repeated strings once', () => {
    const record = encodeState(sampleState());
    expect(record.format).toBe(FORMAT);
    expect(record.changes.at).toBeInstanceOf(Float64Array);
    expect(record.strings.filter((value) => value === 'contacted')).toHaveLength(1);
  });

  it('reads an older format, a wrong shape or truncated columns as no record', () => {
    const record = encodeState(sampleState());
    expect(decodeState(undefined)).toBeUndefined();
    expect(decodeState({ ...record, format: 3 })).toBeUndefined();
    expect(decodeState({ format: FORMAT, token: 't' })).toBeUndefined();
    expect(
      decodeState({ ...record, changes: { ...record.changes, at: record.changes.at.subarray(1) } }),
    ).toBeUndefined();
    expect(
      decodeState({ ...record, prospects: { ...record.prospects, name: ['only one'] } }),
    ).toBeUndefined();
  });
});
