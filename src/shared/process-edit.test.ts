import { describe, expect, it } from 'vitest';
import { defaultProcess } from './default-process.ts';
import {
  keepUsedStages,
  newStageId,
  stagesNeedingMoves,
  suggestTargets,
  validateProcessDraft,
  wonDealActions,
} from './process-edit.ts';
import { DAY_MS } from './timing.ts';

const base = defaultProcess('en', 1);

describe('process rules', () => {
  it('accepts the default process', () => {
    expect(validateProcessDraft(base)).toEqual([]);
  });

  it('names each bad field: empty or duplicate names, bad targets, empty actions and reasons', () => {
    const edits: Record<number, Partial<(typeof base.stages)[number]>> = {
      0: { name: '  ' },
      1: { name: 'qualified' },
      3: { targetDays: 0 },
      4: { targetDays: Number.NaN, actions: [{ id: 'a', label: '' }] },
    };
    const stages = base.stages.map((stage, index) => ({ ...stage, ...edits[index] }));
    const errors = validateProcessDraft({ stages, lostReasons: [{ id: 'x', label: '' }] });
    expect(errors).toEqual([
      { path: 'stages.0.name', message: 'nameEmpty' },
      { path: 'stages.2.name', message: 'nameDuplicate' },
      { path: 'stages.3.targetDays', message: 'targetInvalid' },
      { path: 'stages.4.targetDays', message: 'targetInvalid' },
      { path: 'stages.4.actions.0.label', message: 'actionEmpty' },
      { path: 'lostReasons.0.label', message: 'reasonEmpty' },
    ]);
  });

  it('accepts a follow-up delay of whole days, or none, and names a bad one', () => {
    const withDelay = (followUpDays: number | undefined) =>
      validateProcessDraft({
        stages: base.stages.map((stage, index) =>
          index === 2 ? { ...stage, followUpDays } : stage,
        ),
        lostReasons: base.lostReasons,
      });
    expect(withDelay(undefined)).toEqual([]);
    expect(withDelay(7)).toEqual([]);
    for (const bad of [0, 1.5, -2, 400, Number.NaN])
      expect(withDelay(bad), String(bad)).toEqual([
        { path: 'stages.2.followUpDays', message: 'followUpInvalid' },
      ]);
  });

  it('needs an open stage and a won outcome still in use', () => {
    const noOpen = base.stages.map((stage) =>
      stage.kind === 'open' ? { ...stage, archived: true } : stage,
    );
    expect(
      validateProcessDraft({ stages: noOpen, lostReasons: [] }).map((error) => error.message),
    ).toContain('noOpenStage');
    const noWon = base.stages.filter((stage) => stage.kind !== 'won');
    expect(
      validateProcessDraft({ stages: noWon, lostReasons: [] }).map((error) => error.message),
    ).toContain('noWonStage');
  });

  it('asks for moves only for stages leaving use while holding prospects', () => {
    const draft = {
      stages: base.stages
        .filter((stage) => stage.id !== 'contacted' && stage.id !== 'proposal')
        .map((stage) => (stage.id === 'qualified' ? { ...stage, archived: true } : stage)),
    };
    const counts = new Map([
      ['contacted', 3],
      ['qualified', 1],
      ['proposal', 0],
    ]);
    expect(stagesNeedingMoves(base, draft, counts)).toEqual(['contacted', 'qualified']);
  });

  it('keeps a removed stage that has history, archived; drops one never used', () => {
    const draft = {
      stages: base.stages.filter((stage) => stage.id !== 'contacted' && stage.id !== 'proposal'),
    };
    const stages = keepUsedStages(base, draft, new Set(['contacted']));
    expect(stages.find((stage) => stage.id === 'contacted')).toMatchObject({
      archived: true,
      name: 'Contacted',
    });
    expect(stages.find((stage) => stage.id === 'proposal')).toBeUndefined();
  });

  it('makes stable, unique, readable ids', () => {
    const taken = new Set(['discovery-call']);
    expect(newStageId('Appel découverte', taken, () => 'x')).toBe('appel-decouverte');
    expect(newStageId('Discovery call', taken, () => 'k3')).toBe('discovery-call-k3');
    expect(newStageId('!!!', new Set(), () => 'x')).toBe('stage');
  });
});

describe('learning from won deals', () => {
  const won = (days: Array<[string, number]>) => {
    let at = 0;
    const changes = days.map(([to, length]) => {
      const change = { to, at };
      at += length * DAY_MS;
      return change;
    });
    changes.push({ to: 'won', at });
    return changes;
  };

  it('suggests the median days per stage, re-entries added up, only with enough deals', () => {
    const histories = [
      won([
        ['prospect', 2],
        ['contacted', 4],
        ['proposal', 9],
      ]),
      won([
        ['prospect', 4],
        ['contacted', 6],
        ['proposal', 10],
      ]),
      won([
        ['prospect', 6],
        ['contacted', 2],
        ['proposal', 3],
        ['contacted', 3],
      ]),
      won([['negotiation', 5]]),
    ];
    const suggestions = suggestTargets(base, histories);
    expect(suggestions.find((s) => s.stageId === 'prospect')).toEqual({
      stageId: 'prospect',
      deals: 3,
      medianDays: 4,
    });
    expect(suggestions.find((s) => s.stageId === 'contacted')).toEqual({
      stageId: 'contacted',
      deals: 3,
      medianDays: 5,
    });
    expect(suggestions.find((s) => s.stageId === 'proposal')).toEqual({
      stageId: 'proposal',
      deals: 3,
      medianDays: 9,
    });
    // One deal is not a pattern.
    expect(suggestions.find((s) => s.stageId === 'negotiation')).toEqual({
      stageId: 'negotiation',
      deals: 1,
      medianDays: null,
    });
  });

  it('offers the touchpoint kinds most won deals had in a stage', () => {
    const deal = (kinds: string[]) => ({
      changes: [{ to: 'prospect' }, { to: 'contacted' }, { to: 'won' }],
      touchpoints: kinds.map((kind) => ({ stageId: 'contacted', kind: kind as 'call' })),
    });
    const candidates = wonDealActions(base, [
      deal(['email_sent', 'email_sent', 'call']),
      deal(['email_sent', 'linkedin_connect_sent']),
      deal(['email_sent', 'call']),
    ]);
    expect(candidates).toEqual([
      { stageId: 'contacted', kind: 'email_sent', share: 1, deals: 3 },
      { stageId: 'contacted', kind: 'call', share: 2 / 3, deals: 3 },
    ]);
  });
});
