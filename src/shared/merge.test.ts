import { describe, expect, it } from 'vitest';
import { defaultProcess } from './default-process.ts';
import { fillGaps, MergeConflictError, mergedHistory, planMerge, stageRank } from './merge.ts';
import type { Prospect, StageChange } from './schemas.ts';

const process = defaultProcess('en', 0);
const DAY = 86_400_000;

function prospect(overrides: Partial<Prospect> & Pick<Prospect, 'id'>): Prospect {
  return {
    name: 'Camille Durand',
    emails: [],
    stageId: 'prospect',
    stageEnteredAt: 0,
    status: 'open',
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

describe('stageRank', () => {
  it('orders open stages by the process and puts outcomes after them', () => {
    expect(stageRank(process, 'prospect')).toBeLessThan(stageRank(process, 'qualified'));
    expect(stageRank(process, 'negotiation')).toBeLessThan(stageRank(process, 'lost'));
    expect(stageRank(process, 'lost')).toBeLessThan(stageRank(process, 'won'));
    expect(stageRank(process, 'deleted-stage')).toBe(-1);
  });
});

describe('planMerge', () => {
  const gmail = prospect({
    id: 'g',
    emails: ['camille@northwind.example'],
    company: 'Northwind',
    stageId: 'qualified',
    stageEnteredAt: 5 * DAY,
    createdAt: 1 * DAY,
    updatedAt: 5 * DAY,
    lastTouchAt: 6 * DAY,
  });
  const gmailChanges: StageChange[] = [
    { id: 1, prospectId: 'g', from: null, to: 'prospect', at: 1 * DAY },
    { id: 2, prospectId: 'g', from: 'prospect', to: 'qualified', at: 5 * DAY },
  ];
  const linkedin = prospect({
    id: 'l',
    linkedinUrl: 'https://www.linkedin.com/in/camille-durand/',
    title: 'Head of Sales',
    company: 'Northwind SAS',
    stageId: 'prospect',
    stageEnteredAt: 10 * DAY,
    createdAt: 10 * DAY,
    updatedAt: 10 * DAY,
    lastTouchAt: 10 * DAY,
  });
  const linkedinChanges: StageChange[] = [
    { id: 3, prospectId: 'l', from: null, to: 'prospect', at: 10 * DAY },
  ];

  it('keeps the further-along stage with its real entry time and fills missing fields', () => {
    const {
      prospect: merged,
      stageFrom,
      closingChange,
    } = planMerge(linkedin, gmail, linkedinChanges, gmailChanges, process, 11 * DAY);
    expect(stageFrom).toBe('merge');
    expect(merged).toMatchObject({
      id: 'l',
      emails: ['camille@northwind.example'],
      linkedinUrl: 'https://www.linkedin.com/in/camille-durand/',
      company: 'Northwind SAS',
      title: 'Head of Sales',
      stageId: 'qualified',
      stageEnteredAt: 5 * DAY,
      createdAt: 1 * DAY,
      updatedAt: 11 * DAY,
      lastTouchAt: 10 * DAY,
    });
    // The LinkedIn duplicate's entry (day 10) ends the combined history: a closing change
    // brings it back to the picked stage so stage-at-time analytics agree.
    expect(closingChange).toMatchObject({
      prospectId: 'l',
      from: 'prospect',
      to: 'qualified',
      at: 10 * DAY,
    });
  });

  it('needs no closing change when the picked stage already ends the history', () => {
    const { prospect: merged, closingChange } = planMerge(
      gmail,
      linkedin,
      gmailChanges,
      [{ id: 3, prospectId: 'l', from: null, to: 'prospect', at: 0 }],
      process,
      11 * DAY,
    );
    expect(merged.stageId).toBe('qualified');
    expect(merged.company).toBe('Northwind');
    expect(merged.linkedinUrl).toBe('https://www.linkedin.com/in/camille-durand/');
    expect(closingChange).toBeNull();
  });

  it('carries the lost reason of a lost outcome it picks', () => {
    const lost = prospect({ id: 'x', stageId: 'lost', status: 'lost', lostReason: 'Price' });
    const { prospect: merged } = planMerge(gmail, lost, gmailChanges, [], process, 0);
    expect(merged).toMatchObject({ stageId: 'lost', status: 'lost', lostReason: 'Price' });
  });

  it('refuses two different LinkedIn profiles and a prospect with itself', () => {
    const other = prospect({ id: 'o', linkedinUrl: 'https://www.linkedin.com/in/someone-else/' });
    expect(() => planMerge(linkedin, other, [], [], process, 0)).toThrow(MergeConflictError);
    expect(() => planMerge(gmail, gmail, [], [], process, 0)).toThrow(MergeConflictError);
  });

  describe('with a LinkedIn member id', () => {
    const member = 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';

    it('fills a member id found later and never overwrites one', () => {
      expect(fillGaps(gmail, { emails: [], linkedinMemberId: member }).linkedinMemberId).toBe(
        member,
      );
      const known = prospect({ id: 'k', linkedinMemberId: member });
      expect(fillGaps(known, { emails: [], linkedinMemberId: `${member}X` }).linkedinMemberId).toBe(
        member,
      );
    });

    it('merge carries it, and refuses two different member ids', () => {
      const fromChat = prospect({ id: 'chat', linkedinMemberId: member });
      expect(planMerge(gmail, fromChat, gmailChanges, [], process, 0).prospect).toMatchObject({
        id: gmail.id,
        linkedinMemberId: member,
      });
      const other = prospect({ id: 'o', linkedinMemberId: `${member}X` });
      expect(() => planMerge(fromChat, other, [], [], process, 0)).toThrow(MergeConflictError);
    });
  });
});

describe('mergedHistory', () => {
  it('interleaves both histories chronologically, keeping every record', () => {
    const a: StageChange[] = [
      { prospectId: 'a', from: null, to: 'prospect', at: 1 },
      { prospectId: 'a', from: 'prospect', to: 'contacted', at: 5 },
    ];
    const b: StageChange[] = [{ prospectId: 'b', from: null, to: 'prospect', at: 3 }];
    expect(mergedHistory(a, b).map((change) => change.at)).toEqual([1, 3, 5]);
  });
});
