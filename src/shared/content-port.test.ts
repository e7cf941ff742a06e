/** The port's wire format: the background answers only well-formed requests, by their id. */
import { describe, expect, it } from 'vitest';
import { parsePortReply, parsePortRequest } from './content-port.ts';

describe('content port', () => {
  it('accepts a request with an integer id and a message, nothing else', () => {
    expect(parsePortRequest({ id: 3, message: { type: 'getSettings' } })).toEqual({
      id: 3,
      message: { type: 'getSettings' },
    });
    for (const bad of [
      null,
      'x',
      {},
      { id: '3', message: {} },
      { id: 1.5, message: {} },
      { id: 3 },
    ])
      expect(parsePortRequest(bad)).toBeNull();
  });

  it('reads a reply by id', () => {
    expect(parsePortReply({ id: 3, reply: { ok: true } })).toEqual({ id: 3, reply: { ok: true } });
    expect(parsePortReply({ id: 3 })).toBeNull();
    expect(parsePortReply(null)).toBeNull();
  });
});
