/**
 * Hostile input at the boundary: thousands of random and malformed messages. Each one must get
 * an `{ ok: false }` reply (never a throw, never a hang) and none may write anything.
 */
import { describe, expect, it } from 'vitest';
import { REQUEST_TYPES } from '../shared/messages.ts';
import { mulberry32 } from '../shared/sample-data.ts';
import { makeService, snapshot } from './test-helpers.ts';

const TYPES: readonly string[] = REQUEST_TYPES;
const HOSTILE_VALUES: unknown[] = [
  null,
  undefined,
  true,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e300,
  '',
  'x'.repeat(70_000),
  '<script>alert(1)</script>',
  '\u0000\uFFFF',
  [],
  [1, 'a', null],
  {},
  { $gt: '' },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  () => 1,
  Symbol('s'),
  BigInt(1),
  new Date(0),
];

function randomValue(random: () => number, depth = 0): unknown {
  const roll = random();
  if (depth > 2 || roll < 0.5) return HOSTILE_VALUES[Math.floor(random() * HOSTILE_VALUES.length)];
  if (roll < 0.75)
    return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(random() * 5); i++)
    out[`k${Math.floor(random() * 10)}`] = randomValue(random, depth + 1);
  return out;
}

/** A message that is invalid by construction, built around a real message type. */
function malformed(random: () => number): unknown {
  const type = TYPES[Math.floor(random() * TYPES.length)] ?? 'trackContact';
  switch (Math.floor(random() * 6)) {
    case 0:
      return randomValue(random);
    case 1:
      return { type: `${type}X`, ...((randomValue(random) as object) ?? {}) };
    case 2:
      // An unknown field: requests are strict objects.
      return { type, [`extra${Math.floor(random() * 100)}`]: randomValue(random) };
    case 3:
      return { type: randomValue(random) };
    case 4:
      return {
        type: 'logTouchpoints',
        touchpoints: [
          {
            email: 'a@b.example',
            channel: 'gmail',
            kind: 'email_sent',
            at: randomValue(random),
            key: 'k',
          },
        ],
      };
    default: {
      // A name must be a string of at most 200 characters: anything else is refused.
      const nonStrings = HOSTILE_VALUES.filter((value) => typeof value !== 'string');
      const name =
        random() < 0.5
          ? 'x'.repeat(201 + Math.floor(random() * 1000))
          : nonStrings[Math.floor(random() * nonStrings.length)];
      return { type: 'trackContact', name };
    }
  }
}

describe('fuzzing the background boundary', () => {
  it('answers 3,000 malformed messages with errors and writes nothing', async () => {
    const { service, db } = makeService();
    // A real prospect, so handlers that would write have something to write to.
    await service.handlers.trackContact({ name: 'Target', emails: ['a@b.example'] });
    const before = await snapshot(db);
    const random = mulberry32(20261128) /* deterministic: a failure replays */;
    const codes = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const message = malformed(random);
      const reply = await service.handle(message);
      if (reply.ok) {
        const shown = JSON.stringify(message, (_key, value) =>
          typeof value === 'bigint' ? String(value) : value,
        );
        throw new Error(`accepted: ${shown?.slice(0, 200)}`);
      }
      if (!reply.ok) {
        expect(typeof reply.error.message).toBe('string');
        codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
      }
    }
    expect(await snapshot(db)).toEqual(before);
    expect([...codes.keys()]).toEqual(['invalid']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Generous: correctness, not speed, is asserted here; a busy CI machine must not fail it.
  }, 60_000);
});
