import { describe, expect, it } from 'vitest';
import type { TouchpointInput } from '../../shared/messages.ts';
import { Owed } from './owed.ts';

const touchpoint = (key: string, at = 1): TouchpointInput => ({
  channel: 'gmail',
  kind: 'email_received',
  email: 'ana@lima.example',
  at,
  key,
});

describe('Owed', () => {
  it('keeps one copy per key, newest last, and drops the oldest past its cap', () => {
    const owed = new Owed(3);
    owed.add(touchpoint('a'));
    owed.add(touchpoint('b'));
    owed.add(touchpoint('a', 2));
    expect(owed.values().map((t) => [t.key, t.at])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    owed.add(touchpoint('c'));
    owed.add(touchpoint('d'));
    expect(owed.values().map((t) => t.key)).toEqual(['a', 'c', 'd']);
    owed.delete('c');
    expect(owed.size).toBe(2);
    expect(owed.takeAll().map((t) => t.key)).toEqual(['a', 'd']);
    expect(owed.size).toBe(0);
  });
});
