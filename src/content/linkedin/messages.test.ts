// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { findConversations, messageTouchpoints, parseConversation, urnTime } from './messages.ts';
import { loadFixture } from './test-fixtures.ts';

describe('conversations on dated fixtures', () => {
  it('reads the /messaging/ thread: person, directions, urn times', () => {
    const roots = findConversations(loadFixture('messaging-send-button-2024-07.html'));
    expect(roots).toHaveLength(1);
    const info = parseConversation(roots[0] as Element);
    expect(info.person).toBe('https://www.linkedin.com/in/camille-durand/');
    expect(info.header).not.toBeNull();
    expect(info.messages.map((message) => [message.direction, message.at])).toEqual([
      ['received', 1744107240000],
      ['received', 1744107600000],
      ['sent', 1744189320000],
    ]);
    const touchpoints = messageTouchpoints(info, 1);
    expect(touchpoints.map((touchpoint) => touchpoint.kind)).toEqual([
      'linkedin_message_received',
      'linkedin_message_received',
      'linkedin_message_sent',
    ]);
    expect(new Set(touchpoints.map((touchpoint) => touchpoint.key)).size).toBe(3);
    // Never a body.
    expect(JSON.stringify(touchpoints)).not.toContain('never stored');
  });

  it('reads a 2025 thread that links people by member id, keeping its case', () => {
    const roots = findConversations(loadFixture('messaging-member-ids-2025-04.html'));
    expect(roots).toHaveLength(1);
    const info = parseConversation(roots[0] as Element);
    expect(info.person).toBe(
      'https://www.linkedin.com/in/ACoAAD7hR2kLmN0pQ3sT5vX8zY1bC4eF6gH9jKw/',
    );
    expect(info.name).toBe('Maëlle Garnier');
    // Her two messages, then the signed-in member's (whose id is in every urn: not hers).
    expect(info.messages.map((message) => [message.direction, message.at])).toEqual([
      ['received', 1744268040000],
      ['received', 1744268100000],
      ['sent', 1744271700000],
    ]);
    const touchpoints = messageTouchpoints(info, 1);
    expect(touchpoints.every((t) => t.linkedinUrl === info.person)).toBe(true);
  });

  it('reads an overlay bubble in French (relative profile links)', () => {
    const roots = findConversations(loadFixture('messaging-enter-2025-04.html'));
    const info = parseConversation(roots[0] as Element);
    expect(info.person).toBe('https://www.linkedin.com/in/julien-moreau/');
    expect(info.messages.map((message) => message.direction)).toEqual(['received']);
  });

  it('skips a message whose sender it cannot tell, and a conversation without a person', () => {
    const doc = new DOMParser().parseFromString(
      '<div class="msg-convo-wrapper"><div data-event-urn="urn:li:msg_message:(a,b)"></div></div>',
      'text/html',
    );
    const info = parseConversation(findConversations(doc)[0] as Element);
    expect(info.person).toBeNull();
    expect(info.messages).toEqual([]);
    expect(messageTouchpoints(info, 1)).toEqual([]);
  });
});

describe('urnTime', () => {
  it('reads the epoch milliseconds inside a message id, and nothing from other shapes', () => {
    expect(
      urnTime('urn:li:msg_message:(urn:li:fsd_profile:X,2-MTc0NDEwNzI0MDAwMGIyMzc3OC0wMDQmYWJj)'),
    ).toBe(1744107240000);
    expect(urnTime('urn:li:msg_message:(urn:li:fsd_profile:X,opaque)')).toBeNull();
    expect(urnTime('urn:li:msg_message:(urn:li:fsd_profile:X,2-!!!)')).toBeNull();
  });
});
