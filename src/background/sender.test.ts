import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender.ts';

const id = 'abcdefghijklmnopabcdefghijklmnop';
const origin = `chrome-extension://${id}`;

describe('isTrustedSender', () => {
  it('accepts our pages and our content scripts on Gmail and LinkedIn', () => {
    expect(isTrustedSender({ id, url: `${origin}/src/popup/index.html` }, id, origin)).toBe(true);
    expect(
      isTrustedSender(
        { id, url: 'https://mail.google.com/mail/u/0/#inbox', origin: 'https://mail.google.com' },
        id,
        origin,
      ),
    ).toBe(true);
    expect(
      isTrustedSender({ id, tab: { url: 'https://www.linkedin.com/in/x/' } }, id, origin),
    ).toBe(true);
  });

  it('refuses other extensions, other sites and senders without a URL', () => {
    expect(isTrustedSender({ id: 'other', url: `${origin}/x.html` }, id, origin)).toBe(false);
    expect(isTrustedSender({ id, url: 'https://evil.example/' }, id, origin)).toBe(false);
    expect(isTrustedSender({ id, url: 'https://mail.google.com.evil.example/' }, id, origin)).toBe(
      false,
    );
    expect(isTrustedSender({ id }, id, origin)).toBe(false);
    expect(isTrustedSender({ id, url: 'not a url' }, id, origin)).toBe(false);
  });
});
