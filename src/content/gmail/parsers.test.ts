// @vitest-environment happy-dom
/**
 * The Gmail parsers against the committed, dated fixture pages (the same ones e2e serves).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SelectorError } from '../shared/dom.ts';
import { accountAddress } from './account.ts';
import { composeFormOf, isSendButton, parseCompose, sendKey } from './compose.ts';
import {
  ownAddresses,
  parseConversation,
  participants,
  recheckIn,
  sentKey,
  toTouchpoints,
  UNDO_WINDOW_MS,
} from './conversation.ts';
import { parseInbox } from './inbox.ts';

const FIXTURES = join(import.meta.dirname, '../../../e2e/fixtures/gmail');

function page(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}

/** A view of the single-page fixture, as its script would render it. */
function view(doc: Document, id: string): HTMLElement {
  const template = doc.getElementById(id) as HTMLTemplateElement;
  const holder = doc.createElement('div');
  holder.append(template.content.cloneNode(true));
  doc.body.append(holder);
  return holder;
}

const ALICE = 'alice.martin@northwind.example';
const ACCOUNT = 'rep@etape-demo.example';

describe('account', () => {
  it('reads the signed-in address from the title, else from the account button', () => {
    const doc = page('app-2025-04.html');
    expect(accountAddress(doc)).toBe(ACCOUNT);
    doc.title = 'Gmail';
    expect(accountAddress(doc)).toBe(ACCOUNT);
  });
});

describe('parseConversation', () => {
  it('reads ids, senders, recipients and dates, collapsed messages included', () => {
    const doc = page('app-2025-04.html');
    const parsed = parseConversation(view(doc, 'view-FMfcgzAlice'));
    expect(parsed.error).toBeNull();
    expect(parsed.subject).toBe('Pricing for 2026');
    expect(parsed.threadId).toBe('1941a2b3c4d50100');
    expect(parsed.messages.map((message) => message.id)).toEqual([
      'msg-f:1820000000000000101',
      'msg-f:1820000000000000103',
      'msg-f:1820000000000000104',
    ]);
    const [collapsed, own, received] = parsed.messages;
    expect(collapsed?.from.email).toBe(ALICE);
    expect(collapsed?.to).toEqual([]);
    expect(collapsed?.at).toBe(Date.parse('Mon, Apr 7, 2025 9:30 AM'));
    expect(own?.from.email).toBe('rep.demo@etape-demo.example');
    expect(own?.to.map((person) => person.email)).toEqual([
      ALICE,
      'bruno.keller@northwind.example',
    ]);
    expect(received?.to.map((person) => person.name)).toEqual(['rep', 'Bruno Keller']);
  });

  it('turns messages into touchpoints for tracked people only, own alias included', () => {
    const doc = page('app-2025-04.html');
    const parsed = parseConversation(view(doc, 'view-FMfcgzAlice'));
    const own = ownAddresses(parsed, ACCOUNT);
    expect([...own].sort()).toEqual(['rep.demo@etape-demo.example', ACCOUNT]);
    const touchpoints = toTouchpoints(parsed, own, (email) => email === ALICE, {
      now: 0,
      undoOffered: false,
    });
    const sentAt = new Date(2025, 3, 8, 14, 15).getTime();
    expect(touchpoints.map((t) => [t.kind, t.key])).toEqual([
      ['email_received', `gmail:msg-f:1820000000000000101:${ALICE}`],
      // Sent by the account: keyed by what its msg-a and msg-f forms both show.
      ['email_sent', sentKey(ALICE, sentAt, 'Pricing for 2026')],
      ['email_received', `gmail:msg-f:1820000000000000104:${ALICE}`],
    ]);
    expect(sentKey(ALICE, sentAt, 'Pricing for 2026')).toMatch(
      new RegExp(`^gmail:sent:${Math.floor(sentAt / 60_000)}:[0-9a-f]{8}:${ALICE}$`),
    );
    // Re: and case do not change the subject part; another subject or minute does.
    expect(sentKey(ALICE, sentAt + 59_000, 'RE: pricing for 2026')).toBe(
      sentKey(ALICE, sentAt, 'Pricing for 2026'),
    );
    expect(sentKey(ALICE, sentAt + 60_000, 'Pricing for 2026')).not.toBe(
      sentKey(ALICE, sentAt, 'Pricing for 2026'),
    );
    expect(sentKey(ALICE, sentAt, 'Other')).not.toBe(sentKey(ALICE, sentAt, 'Pricing for 2026'));
    expect(touchpoints.every((t) => t.summary === 'Pricing for 2026')).toBe(true);
    const people = participants(parsed, own);
    expect([...people.keys()]).toEqual([ALICE, 'bruno.keller@northwind.example']);
    expect(people.get(ALICE)?.name).toBe('Alice Martin');
  });

  it('counts an own msg-a message once past the undo window with no Undo offered', () => {
    const doc = page('app-2025-04.html');
    const root = view(doc, 'view-FMfcgzAlice');
    root
      .querySelector('[data-message-id="#msg-f:1820000000000000103"]')
      ?.setAttribute('data-message-id', '#msg-a:r-42');
    const parsed = parseConversation(root);
    const own = ownAddresses(parsed, ACCOUNT);
    const message = parsed.messages[1];
    expect(message?.temporary).toBe(true);
    const sentAt = message?.at ?? 0;
    expect(sentAt).toBe(new Date(2025, 3, 8, 14, 15).getTime());
    const kinds = (now: number, undoOffered = false) =>
      toTouchpoints(parsed, own, () => true, { now, undoOffered }).map((t) => t.kind);
    // Just sent (within Undo, or the minute it reads): left to the compose detector.
    expect(kinds(sentAt + 20_000)).toEqual(['email_received', 'email_received']);
    expect(kinds(sentAt + UNDO_WINDOW_MS)).toEqual(['email_received', 'email_received']);
    // Hours old: sent, whatever its temporary id says; but not while an Undo is on screen.
    expect(kinds(sentAt + 3 * 3_600_000)).toEqual([
      'email_received',
      'email_sent',
      'email_sent',
      'email_received',
    ]);
    expect(kinds(sentAt + 3 * 3_600_000, true)).toEqual(['email_received', 'email_received']);
    // Nothing in the view changes as the window passes or the toast goes: look again then.
    expect(recheckIn(parsed, own, { now: sentAt + 20_000, undoOffered: false })).toBe(
      UNDO_WINDOW_MS - 20_000 + 1,
    );
    expect(recheckIn(parsed, own, { now: sentAt + 3 * 3_600_000, undoOffered: true })).toBe(1000);
    expect(recheckIn(parsed, own, { now: sentAt + 3 * 3_600_000, undoOffered: false })).toBeNull();
    const keys = toTouchpoints(parsed, own, (email) => email === ALICE, {
      now: sentAt + 3 * 3_600_000,
      undoOffered: false,
    }).map((t) => t.key);
    expect(keys).toContain(sentKey(ALICE, sentAt, 'Pricing for 2026'));
  });

  it('never keys a msg-a message on a date it could not read', () => {
    const doc = page('app-2025-04.html');
    const root = view(doc, 'view-FMfcgzAlice');
    const own = root.querySelector('[data-message-id="#msg-f:1820000000000000103"]');
    own?.setAttribute('data-message-id', '#msg-a:r-42');
    own?.removeAttribute('data-legacy-message-id');
    own?.querySelector('.g3')?.setAttribute('title', 'Mi., 8. Apr. 2025, 14:15');
    const parsed = parseConversation(root, '', 'de');
    expect(parsed.messages[1]?.at).toBeNull();
    const touchpoints = toTouchpoints(parsed, ownAddresses(parsed, ACCOUNT), () => true, {
      now: Date.now(),
      undoOffered: false,
    });
    expect(touchpoints.some((t) => t.kind === 'email_sent')).toBe(false);
  });

  it('reports a typed error when the sender selector no longer matches', () => {
    const doc = page('broken-selector-2025-04.html');
    const parsed = parseConversation(doc.body);
    expect(parsed.messages).toEqual([]);
    expect(parsed.error).toBeInstanceOf(SelectorError);
    expect(parsed.error?.spec.name).toBe('gmail.sender');
  });

  it('still reads the foundation fixture', () => {
    const parsed = parseConversation(page('conversation-2025-04.html').body);
    expect(parsed.messages).toHaveLength(2);
    expect(parsed.error).toBeNull();
  });
});

describe('parseInbox', () => {
  it('reads each row’s thread and sender', () => {
    const doc = page('app-2025-04.html');
    const { rows, error } = parseInbox(view(doc, 'view-inbox'));
    expect(error).toBeNull();
    expect(rows.map((row) => [row.threadId, row.email, row.name])).toEqual([
      ['1941a2b3c4d50100', ALICE, 'Alice Martin'],
      ['1941a2b3c4d50200', 'dana.okafor@fabrikam.example', 'Dana Okafor'],
      ['1941a2b3c4d50300', 'no-reply@crm-tool.example', 'CRM Tool'],
    ]);
  });

  it('skips rows of a list Gmail keeps hidden (another inbox tab)', () => {
    const doc = page('app-2025-04.html');
    const root = view(doc, 'view-inbox');
    const hidden = doc.createElement('div');
    hidden.setAttribute('style', 'display: none;');
    hidden.append(view(doc, 'view-inbox'));
    root.append(hidden);
    expect(parseInbox(root).rows).toHaveLength(3);
  });

  it('reports a typed error when no row has a readable sender', () => {
    const doc = page('app-2025-04.html');
    const root = view(doc, 'view-inbox');
    for (const sender of root.querySelectorAll('[email]')) sender.removeAttribute('email');
    expect(parseInbox(root).error?.spec.name).toBe('gmail.rowSender');
  });
});

describe('compose', () => {
  it('reads an inline reply: recipients as chips, subject and draft id', () => {
    const doc = page('app-2025-04.html');
    const root = view(doc, 'view-FMfcgzAlice');
    const send = root.querySelector('.T-I-atl') as Element;
    expect(isSendButton(send)).toBe(true);
    const form = composeFormOf(send);
    expect(form).not.toBeNull();
    const snapshot = parseCompose(form as Element, { subject: 'x', threadId: 't1' }, 60_000);
    expect(snapshot.draftId).toBe('msg-a:r-5551001');
    expect(snapshot.subject).toBe('Re: Pricing for 2026');
    expect(snapshot.recipients).toEqual([{ email: ALICE, name: 'Alice Martin' }]);
    expect(sendKey(snapshot, ALICE)).toBe(`gmail:compose:msg-a:r-5551001:${ALICE}`);
  });

  it('reads the older hidden-input recipients and keys a draft-less send by subject + minute', () => {
    const doc = page('app-2025-04.html');
    const form = doc.createElement('form');
    const subject = doc.createElement('input');
    subject.name = 'subjectbox';
    subject.value = 'Hello';
    const chip = doc.createElement('div');
    chip.className = 'vR';
    const hidden = doc.createElement('input');
    hidden.type = 'hidden';
    hidden.name = 'to';
    hidden.value = '"Dana Okafor" <Dana.Okafor@fabrikam.example>';
    chip.append(hidden);
    form.append(subject, chip);
    doc.body.append(form);
    const snapshot = parseCompose(form, { subject: '', threadId: '' }, 120_000);
    expect(snapshot.recipients).toEqual([
      { email: 'dana.okafor@fabrikam.example', name: 'Dana Okafor' },
    ]);
    expect(sendKey(snapshot, 'dana.okafor@fabrikam.example')).toBe(
      'gmail:compose:new:hello:2:dana.okafor@fabrikam.example',
    );
  });

  it('finds no compose form outside one', () => {
    const doc = page('app-2025-04.html');
    expect(composeFormOf(doc.getElementById('compose-button'))).toBeNull();
  });
});
