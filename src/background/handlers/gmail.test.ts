import { describe, expect, it } from 'vitest';
import { makeService } from '../test-helpers.ts';

const ALICE = 'alice@northwind.example';
const AT = Date.UTC(2026, 0, 5, 10);

async function withSend(key: string, summary: string) {
  const made = makeService();
  await made.service.handlers.trackContact({ name: 'Alice', emails: [ALICE] });
  await made.service.handlers.logTouchpoints({
    touchpoints: [{ channel: 'gmail', kind: 'email_sent', email: ALICE, at: AT, key, summary }],
  });
  return made;
}

describe('gmailSentMatches', () => {
  it('matches the conversation copy of a send logged from compose (Re: and case aside)', async () => {
    const { service } = await withSend(`gmail:compose:msg-a:r-1:${ALICE}`, 'Re: Pricing');
    const reply = await service.handle({
      type: 'gmailSentMatches',
      sends: [
        { key: 'gmail:msg-f:1:alice', email: ALICE, at: AT + 40_000, subject: 'pricing' },
        { key: 'gmail:msg-f:2:alice', email: ALICE, at: AT + 40_000, subject: 'Other topic' },
        { key: 'gmail:msg-f:3:alice', email: ALICE, at: AT + 3_600_000, subject: 'Pricing' },
        { key: 'gmail:msg-f:4:bob', email: 'bob@else.example', at: AT, subject: 'Pricing' },
      ],
    });
    expect(reply).toEqual({ ok: true, data: { matched: ['gmail:msg-f:1:alice'] } });
  });

  it('does not match a send already logged by its Gmail id', async () => {
    const { service } = await withSend(`gmail:msg-f:9:${ALICE}`, 'Pricing');
    const { matched } = await service.handlers.gmailSentMatches({
      sends: [{ key: 'gmail:msg-f:10:alice', email: ALICE, at: AT, subject: 'Pricing' }],
    });
    expect(matched).toEqual([]);
  });

  it('matches a sent message logged by its Gmail id before the update (same minute), once', async () => {
    // Stored by an older version: the own reply under its msg-f id, at its header's minute.
    const { service } = await withSend(`gmail:msg-f:9:${ALICE}`, 'Pricing');
    const { matched } = await service.handlers.gmailSentMatches({
      sends: [
        // The same message under today's content key: matched, never logged again.
        { key: `gmail:sent:1:aaaa:${ALICE}`, email: ALICE, at: AT + 30_000, subject: 'Pricing' },
        // Two minutes later: another message.
        { key: `gmail:sent:2:aaaa:${ALICE}`, email: ALICE, at: AT + 120_000, subject: 'Pricing' },
      ],
    });
    expect(matched).toEqual([`gmail:sent:1:aaaa:${ALICE}`]);
  });

  it('does not match a content key against itself (that is the unique index’s job)', async () => {
    const key = `gmail:sent:1:aaaa:${ALICE}`;
    const { service } = await withSend(key, 'Pricing');
    const { matched } = await service.handlers.gmailSentMatches({
      sends: [{ key, email: ALICE, at: AT, subject: 'Pricing' }],
    });
    expect(matched).toEqual([]);
  });

  it('refuses malformed input at the boundary', async () => {
    const { service } = makeService();
    const reply = await service.handle({
      type: 'gmailSentMatches',
      sends: [{ key: '', email: 'not-an-address', at: -1, subject: 'x' }],
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
