// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { SelectorError } from '../shared/dom.ts';
import { type ComposeSnapshot, SendTracker, type SentMessage } from './compose.ts';

/** A compose form on the page, a controllable clock and toast, and what got committed. */
function setup() {
  const form = document.createElement('form');
  document.body.append(form);
  const state = { now: 0, undo: false, draftOpen: false };
  const committed: SentMessage[] = [];
  const failures: SelectorError[] = [];
  const tracker = new SendTracker({
    now: () => state.now,
    undoOffered: () => state.undo,
    draftOpen: () => state.draftOpen,
    commit: (snapshot) => committed.push(snapshot),
    failed: (error) => failures.push(error),
  });
  const snapshot: ComposeSnapshot = {
    draftId: 'msg-a:r-1',
    subject: 'Hello',
    threadId: '',
    recipients: [{ email: 'alice@northwind.example', name: 'Alice' }],
    form,
    at: 0,
  };
  const step = (ms: number) => {
    state.now += ms;
    tracker.tick();
  };
  return { form, state, committed, failures, tracker, snapshot, step };
}

describe('SendTracker', () => {
  it('commits once, when the Undo offer goes away after the form left', () => {
    const { form, state, committed, tracker, snapshot, step } = setup();
    tracker.add(snapshot);
    tracker.add({ ...snapshot }); // Ctrl+Enter and a click on the same send
    step(100);
    expect(committed).toEqual([]);
    form.remove();
    state.undo = true;
    step(250);
    step(5000);
    expect(committed).toEqual([]);
    state.undo = false;
    step(250);
    expect(committed).toHaveLength(1);
    expect(committed[0]?.at).toBe(5600);
    step(250);
    expect(committed).toHaveLength(1);
    expect(tracker.size).toBe(0);
  });

  it('gives up, when the page goes away, the sends Gmail accepted and only those', () => {
    const { form, state, committed, tracker, snapshot, step } = setup();
    const other = document.createElement('form');
    document.body.append(other);
    tracker.add(snapshot);
    tracker.add({ ...snapshot, draftId: 'msg-a:r-2', form: other });
    step(100);
    form.remove(); // accepted: in its undo period
    state.undo = true;
    step(250);
    const leaving = tracker.leaving();
    expect(leaving.map((sent) => [sent.draftId, sent.at])).toEqual([['msg-a:r-1', 350]]);
    expect(tracker.size).toBe(0);
    step(5000);
    expect(committed).toEqual([]);
  });

  it('drops a send whose form stays (Gmail refused it: no recipient…)', () => {
    const { committed, tracker, snapshot, step } = setup();
    tracker.add(snapshot);
    for (let i = 0; i < 45; i++) step(250);
    expect(tracker.size).toBe(0);
    expect(committed).toEqual([]);
  });

  it('takes a second gesture on the same form as the same send, with its new recipients', () => {
    const { form, state, committed, tracker, snapshot, step } = setup();
    tracker.add({ ...snapshot, recipients: [] });
    step(2000);
    const bruno = { email: 'bruno@northwind.example', name: 'Bruno' };
    tracker.add({ ...snapshot, recipients: [bruno], at: 2000 });
    expect(tracker.size).toBe(1);
    form.remove();
    state.undo = true;
    step(250);
    step(250);
    state.undo = false;
    step(250);
    expect(committed.map((sent) => sent.recipients)).toEqual([[bruno]]);
  });

  it('cancels on Undo, whether clicked or seen as the draft coming back', () => {
    const clicked = setup();
    clicked.tracker.add(clicked.snapshot);
    clicked.form.remove();
    clicked.state.undo = true;
    clicked.step(250);
    clicked.tracker.undo();
    clicked.state.undo = false;
    clicked.step(250);
    expect(clicked.committed).toEqual([]);

    const reopened = setup();
    reopened.tracker.add(reopened.snapshot);
    reopened.form.remove();
    reopened.state.undo = true;
    reopened.step(250);
    reopened.state.undo = false;
    reopened.state.draftOpen = true;
    reopened.step(250);
    expect(reopened.committed).toEqual([]);
    expect(reopened.tracker.size).toBe(0);
  });

  it('commits after the longest undo period when no Undo toast is ever seen', () => {
    const { form, committed, tracker, snapshot, step } = setup();
    tracker.add(snapshot);
    form.remove();
    step(250);
    step(20_000);
    expect(committed).toEqual([]);
    step(11_500);
    expect(committed).toHaveLength(1);
  });

  it('reports a selector error instead of committing a send with no readable recipient', () => {
    const { form, failures, committed, tracker, snapshot, step } = setup();
    tracker.add({ ...snapshot, recipients: [] });
    form.remove();
    step(250);
    step(32_000);
    expect(committed).toEqual([]);
    expect(failures[0]?.spec.name).toBe('gmail.composeRecipients');
  });

  describe('handover to the instance that replaces this one', () => {
    it('hands over what waits, without the form, and the new tracker commits it once', () => {
      const old = setup();
      old.tracker.add(old.snapshot);
      old.form.remove();
      old.state.undo = true;
      old.step(250);
      old.step(250);
      const taken = old.tracker.takeAll();
      expect(old.tracker.size).toBe(0);
      expect(taken).toEqual([
        {
          draftId: 'msg-a:r-1',
          subject: 'Hello',
          threadId: '',
          recipients: [{ email: 'alice@northwind.example', name: 'Alice' }],
          at: 0,
          leftAt: 250,
          sawUndo: true,
        },
      ]);
      expect(JSON.stringify(taken)).not.toContain('form');

      const next = setup();
      next.state.now = 1000;
      next.state.undo = true;
      next.tracker.resume(JSON.parse(JSON.stringify(taken)), () => null);
      next.tracker.resume(JSON.parse(JSON.stringify(taken)), () => null); // a second old instance
      expect(next.tracker.size).toBe(1);
      next.step(250);
      expect(next.committed).toEqual([]);
      next.state.undo = false;
      next.step(250);
      expect(next.committed).toEqual([
        {
          draftId: 'msg-a:r-1',
          subject: 'Hello',
          threadId: '',
          recipients: [{ email: 'alice@northwind.example', name: 'Alice' }],
          at: 1500,
        },
      ]);
      expect(old.committed).toEqual([]);
    });

    it('waits again for a form found by its draft id, or takes it as gone when it is not found', () => {
      const found = setup();
      const waiting = { ...found.snapshot, leftAt: null, sawUndo: false };
      delete (waiting as Partial<ComposeSnapshot>).form;
      found.tracker.resume([waiting], (draftId) => (draftId === 'msg-a:r-1' ? found.form : null));
      found.step(250);
      expect(found.tracker.size).toBe(1);
      // Gmail refuses it (the form stays): dropped as before, never committed.
      for (let i = 0; i < 45; i++) found.step(250);
      expect(found.tracker.size).toBe(0);
      expect(found.committed).toEqual([]);

      const gone = setup();
      gone.state.now = 5000;
      gone.tracker.resume([waiting], () => null);
      gone.state.undo = true;
      gone.step(250);
      gone.state.undo = false;
      gone.step(250);
      expect(gone.committed).toHaveLength(1);
    });
  });
});
