import { describe, expect, it } from 'vitest';
import { defaultProcess } from './default-process.ts';
import type { Prospect, StageChange, Touchpoint } from './schemas.ts';
import {
  canonical,
  deriveStage,
  type HistoryDoc,
  historyDocId,
  historyDocs,
  isPristineDefault,
  mergeDocs,
  type ProspectDoc,
  planApply,
  prospectDoc,
  prospectIdOfDoc,
  sameProspect,
  teamProspect,
} from './sync-docs.ts';

const process = defaultProcess('en', 1);
const [first, second, third] = process.stages;
const won = process.stages.find((stage) => stage.kind === 'won');
if (!first || !second || !third || !won) throw new Error('default process changed');

const prospect: Prospect = {
  id: 'p:1',
  name: 'Ana Lima',
  emails: ['ana@lima.example'],
  stageId: first.id,
  stageEnteredAt: 10,
  status: 'open',
  createdAt: 10,
  updatedAt: 10,
};
const created: StageChange = { prospectId: 'p:1', from: null, to: first.id, at: 10 };
const touch = (key: string, at: number, ownerRep?: string): Touchpoint => ({
  prospectId: 'p:1',
  channel: 'gmail',
  kind: 'email_sent',
  at,
  stageId: first.id,
  key,
  ...(ownerRep ? { ownerRep } : {}),
});

function history(rep: string, changes: StageChange[], touchpoints: Touchpoint[] = []): HistoryDoc {
  const docs = historyDocs(
    'p:1',
    changes.map((change) => ({ ...change, ownerRep: rep })),
    touchpoints.map((t) => ({ ...t, ownerRep: rep })),
    rep,
  );
  return docs[0] as HistoryDoc;
}

describe('document ids', () => {
  it('encode ids so a colon never joins two, and name the prospect back', () => {
    expect(historyDocId('p:1', 'Bea')).toBe('h:p%3A1:Bea');
    expect(prospectIdOfDoc('h:p%3A1:Bea')).toBe('p:1');
    expect(prospectIdOfDoc(prospectDoc(prospect, 'Ana')._id)).toBe('p:1');
    expect(prospectIdOfDoc('v:0000000000000001')).toBeNull();
  });
});

describe('local records → documents', () => {
  it('buckets history per rep, records without a rep going to me, ids dropped, sorted', () => {
    const docs = historyDocs(
      'p:1',
      [{ ...created, id: 7 }],
      [touch('b', 30, 'Bea'), touch('a', 20), touch('c', 20)],
      'Ana',
    );
    expect(docs.map((doc) => doc._id)).toEqual(['h:p%3A1:Ana', 'h:p%3A1:Bea']);
    expect(docs[0]?.stageChanges).toEqual([{ from: null, to: first.id, at: 10 }]);
    expect(docs[0]?.touchpoints.map((t) => t.key)).toEqual(['a', 'c']);
    expect(docs[1]?.touchpoints.map((t) => t.key)).toEqual(['b']);
  });

  it('a move changes the history, not the shared prospect document', () => {
    const moved = { ...prospect, stageId: second.id, stageEnteredAt: 50, updatedAt: 50 };
    expect(
      sameProspect(prospectDoc(prospect, 'Ana').prospect, prospectDoc(moved, 'Ana').prospect),
    ).toBe(true);
    const renamed = { ...prospect, company: 'Lima SA' };
    expect(
      sameProspect(prospectDoc(prospect, 'Ana').prospect, prospectDoc(renamed, 'Ana').prospect),
    ).toBe(false);
  });
});

describe('conflict merge', () => {
  it('unites two versions of a history document the same way in any order', () => {
    const a = history('Ana', [created], [touch('x', 20)]);
    const b = history(
      'Ana',
      [created, { ...created, from: first.id, to: second.id, at: 30 }],
      [touch('y', 25)],
    );
    const ab = mergeDocs([a, b]);
    expect(canonical(ab)).toBe(canonical(mergeDocs([b, a])));
    expect((ab as HistoryDoc).stageChanges.map((c) => c.to)).toEqual([first.id, second.id]);
    expect((ab as HistoryDoc).touchpoints.map((t) => t.key)).toEqual(['x', 'y']);
  });

  it('keeps the newest prospect version and fills its gaps from the other', () => {
    const older: ProspectDoc = prospectDoc(
      { ...prospect, company: 'Lima SA', emails: ['ana@old.example'] },
      'Ana',
    );
    const newer: ProspectDoc = prospectDoc(
      { ...prospect, name: 'Ana Lima-Souza', updatedAt: 90 },
      'Bea',
    );
    const merged = mergeDocs([older, newer]) as ProspectDoc;
    expect(canonical(merged)).toBe(canonical(mergeDocs([newer, older])));
    expect(merged.prospect.name).toBe('Ana Lima-Souza');
    expect(merged.prospect.company).toBe('Lima SA');
    expect(merged.prospect.emails).toEqual(['ana@lima.example', 'ana@old.example']);
  });

  it('breaks a tie between equally new versions by content, not by arrival', () => {
    const x = prospectDoc({ ...prospect, title: 'CEO' }, 'Ana');
    const y = prospectDoc({ ...prospect, title: 'CTO' }, 'Bea');
    expect(canonical(mergeDocs([x, y]))).toBe(canonical(mergeDocs([y, x])));
  });
});

describe('current stage from the merged history', () => {
  it('two reps moving one prospect offline converge on the later move, both kept', () => {
    const ana = history('Ana', [created, { ...created, from: first.id, to: second.id, at: 40 }]);
    const bea = history('Bea', [{ ...created, from: first.id, to: won.id, at: 45 }]);
    const inA = teamProspect('p:1', prospectDoc(prospect, 'Ana'), [ana, bea]);
    const inB = teamProspect('p:1', prospectDoc(prospect, 'Ana'), [bea, ana]);
    expect(inA.stageChanges).toHaveLength(3);
    const fallback = { stageId: first.id, stageEnteredAt: 10, status: 'open' as const };
    const stageA = deriveStage(inA.stageChanges, process, fallback);
    expect(stageA).toEqual(deriveStage(inB.stageChanges, process, fallback));
    expect(stageA).toEqual({ stageId: won.id, stageEnteredAt: 45, status: 'won' });
  });

  it('same-millisecond moves are ordered by their key, identically everywhere', () => {
    const a = { from: first.id, to: second.id, at: 40 };
    const b = { from: first.id, to: third.id, at: 40 };
    const fallback = { stageId: first.id, stageEnteredAt: 10, status: 'open' as const };
    expect(deriveStage([a, b], process, fallback)).toEqual(deriveStage([b, a], process, fallback));
  });

  it('keeps a touchpoint two reps logged (same key) once', () => {
    const team = teamProspect('p:1', null, [
      history('Bea', [], [touch('gmail:m1', 20)]),
      history('Ana', [], [touch('gmail:m1', 21)]),
    ]);
    expect(team.touchpoints).toHaveLength(1);
    expect(team.touchpoints[0]?.ownerRep).toBe('Ana');
  });
});

describe('applying the team view locally', () => {
  const options = { me: 'Ana', dirty: false, process, now: 1000 };
  it('adds another rep’s records and derives the stage, keeping mine', () => {
    const local = {
      prospect: { ...prospect, ownerRep: 'Ana' },
      stageChanges: [{ ...created, id: 1, ownerRep: 'Ana' }],
      touchpoints: [{ ...touch('mine', 15, 'Ana'), id: 1 }],
    };
    const team = teamProspect('p:1', prospectDoc(local.prospect, 'Ana'), [
      history('Bea', [{ ...created, from: first.id, to: second.id, at: 50 }], [touch('hers', 55)]),
    ]);
    const plan = planApply(local, team, options);
    expect(plan.changed).toBe(true);
    expect(plan.deleteStageChanges).toEqual([]);
    expect(plan.deleteTouchpoints).toEqual([]);
    expect(plan.addStageChanges.map((c) => c.ownerRep)).toEqual(['Bea']);
    expect(plan.addTouchpoints.map((t) => t.key)).toEqual(['hers']);
    expect(plan.prospect).toMatchObject({
      stageId: second.id,
      stageEnteredAt: 50,
      lastTouchAt: 55,
    });
  });

  it('replaces another rep’s records by what their document holds now (an undo arrives)', () => {
    const local = {
      prospect: { ...prospect, stageId: second.id, stageEnteredAt: 50 },
      stageChanges: [
        { ...created, id: 1, ownerRep: 'Ana' },
        { ...created, from: first.id, to: second.id, at: 50, id: 2, ownerRep: 'Bea' },
      ],
      touchpoints: [],
    };
    const team = teamProspect('p:1', prospectDoc(prospect, 'Ana'), []);
    const plan = planApply(local, team, options);
    expect(plan.deleteStageChanges).toEqual([2]);
    expect(plan.prospect).toMatchObject({ stageId: first.id, stageEnteredAt: 10 });
  });

  it('is a no-op when nothing differs, and a deleted prospect document deletes here', () => {
    const local = {
      prospect: { ...prospect, ownerRep: 'Ana' },
      stageChanges: [{ ...created, id: 1, ownerRep: 'Ana' }],
      touchpoints: [],
    };
    const team = teamProspect('p:1', prospectDoc(local.prospect, 'Ana'), [
      history('Ana', [created]),
    ]);
    expect(planApply(local, team, options).changed).toBe(false);
    const gone = planApply(local, teamProspect('p:1', null, []), options);
    expect(gone.prospect).toBeNull();
    expect(gone.deleteStageChanges).toEqual([1]);
    // Not pushed yet (dirty): kept.
    expect(
      planApply(local, teamProspect('p:1', null, []), { ...options, dirty: true }).changed,
    ).toBe(false);
  });
});

describe('the default process', () => {
  it('is recognised in either language, an edited one is not', () => {
    const defaults = [defaultProcess('en', 0), defaultProcess('fr', 0)];
    expect(isPristineDefault(defaultProcess('fr', 99), defaults)).toBe(true);
    const edited = { ...process, lostReasons: [] };
    expect(isPristineDefault(edited, defaults)).toBe(false);
  });
});
