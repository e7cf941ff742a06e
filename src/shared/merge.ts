/**
 * "One person, one prospect": the rules for merging two prospects that turned out to be the same
 * person (found by email in Gmail, by profile on LinkedIn). Pure: the background applies the
 * plan inside one transaction. Nothing is dropped: every touchpoint and every stage change of
 * both moves to the kept prospect; the further-along stage wins.
 */
import { LIMITS, type Process, type Prospect, type StageChange } from './schemas.ts';

/** What another record of the same person can contribute to a prospect. */
export type ProspectDetails = Pick<Prospect, 'emails'> &
  Partial<
    Pick<
      Prospect,
      'linkedinUrl' | 'linkedinMemberId' | 'company' | 'title' | 'dealValue' | 'currency'
    >
  >;

/**
 * The one rule for "the same person, seen again" (Track again, CSV import, backup merge,
 * prospect merge): addresses are united, fields the prospect lacks are filled, nothing it has
 * is overwritten. A deal value and its currency travel together.
 */
export function fillGaps<P extends Prospect>(prospect: P, other: ProspectDetails): P {
  const filled: P = {
    ...prospect,
    emails: [...new Set([...prospect.emails, ...other.emails])].slice(0, LIMITS.emailsPerProspect),
  };
  if (filled.linkedinUrl === undefined && other.linkedinUrl !== undefined)
    filled.linkedinUrl = other.linkedinUrl;
  if (filled.linkedinMemberId === undefined && other.linkedinMemberId !== undefined)
    filled.linkedinMemberId = other.linkedinMemberId;
  if (filled.company === undefined && other.company !== undefined) filled.company = other.company;
  if (filled.title === undefined && other.title !== undefined) filled.title = other.title;
  if (filled.dealValue === undefined && other.dealValue !== undefined) {
    filled.dealValue = other.dealValue;
    if (other.currency !== undefined) filled.currency = other.currency;
  }
  return filled;
}

export interface MergePlan {
  /** The kept prospect as it will be stored (same id as `keep`). */
  prospect: Prospect;
  /** Which of the two prospects the stage (and its entry time) came from. */
  stageFrom: 'keep' | 'merge';
  /**
   * Appended when the combined history would otherwise end in another stage than the one
   * picked (typically the LinkedIn duplicate's "entered the first stage" record, newer than the
   * Gmail prospect's last move), so stage-at-time analytics agree with the current stage. The
   * prospect's `stageEnteredAt` stays the real entry time: the badge keeps counting from it.
   */
  closingChange: StageChange | null;
}

export class MergeConflictError extends Error {
  constructor(
    /** What the page tells the user, in their language (src/shared/error-reasons.ts). */
    readonly reason: 'mergeSelf' | 'mergeTwoProfiles',
    message: string,
  ) {
    super(message);
    this.name = 'MergeConflictError';
  }
}

/**
 * How far along a stage is: outcomes (won, lost) are past every open stage, because a decision
 * was taken; open stages follow the process order. Unknown (deleted) stages rank first.
 */
export function stageRank(process: Process, stageId: string): number {
  const index = process.stages.findIndex((stage) => stage.id === stageId);
  const stage = process.stages[index];
  if (!stage) return -1;
  return stage.kind === 'open' ? index : process.stages.length + (stage.kind === 'won' ? 1 : 0);
}

/**
 * Plans merging `merge` into `keep`. Fields the kept prospect lacks are filled from the other
 * (it is never overwritten); emails are united; the stage is the further-along one, ties going
 * to the one entered more recently (the fresher fact).
 */
export function planMerge(
  keep: Prospect,
  merge: Prospect,
  keepChanges: readonly StageChange[],
  mergeChanges: readonly StageChange[],
  process: Process,
  now: number,
): MergePlan {
  if (keep.id === merge.id)
    throw new MergeConflictError('mergeSelf', 'A prospect cannot be merged with itself');
  if (keep.linkedinUrl && merge.linkedinUrl && keep.linkedinUrl !== merge.linkedinUrl) {
    throw new MergeConflictError(
      'mergeTwoProfiles',
      'These prospects have two different LinkedIn profiles',
    );
  }
  if (
    keep.linkedinMemberId &&
    merge.linkedinMemberId &&
    keep.linkedinMemberId !== merge.linkedinMemberId
  ) {
    throw new MergeConflictError(
      'mergeTwoProfiles',
      'These prospects have two different LinkedIn profiles',
    );
  }
  const keepRank = stageRank(process, keep.stageId);
  const mergeRank = stageRank(process, merge.stageId);
  const stageFrom: MergePlan['stageFrom'] =
    mergeRank > keepRank || (mergeRank === keepRank && merge.stageEnteredAt > keep.stageEnteredAt)
      ? 'merge'
      : 'keep';
  const source = stageFrom === 'keep' ? keep : merge;
  const lastTouchAt = Math.max(keep.lastTouchAt ?? -1, merge.lastTouchAt ?? -1);

  const prospect: Prospect = {
    ...fillGaps(keep, merge),
    stageId: source.stageId,
    stageEnteredAt: source.stageEnteredAt,
    status: source.status,
    createdAt: Math.min(keep.createdAt, merge.createdAt),
    updatedAt: Math.max(now, keep.updatedAt, merge.updatedAt),
  };
  if (source.lostReason !== undefined) prospect.lostReason = source.lostReason;
  else delete prospect.lostReason;
  if (lastTouchAt >= 0) prospect.lastTouchAt = lastTouchAt;

  const combined = mergedHistory(keepChanges, mergeChanges);
  const last = combined.at(-1);
  const closingChange: StageChange | null =
    last && last.to !== prospect.stageId
      ? {
          prospectId: keep.id,
          from: last.to,
          to: prospect.stageId,
          // The earliest moment that still sorts after the whole history.
          at: Math.max(last.at, prospect.stageEnteredAt),
          note: `Merged with ${merge.name}`.slice(0, 1000),
          ...(prospect.lostReason ? { lostReason: prospect.lostReason } : {}),
        }
      : null;
  return { prospect, stageFrom, closingChange };
}

/** Both histories as one, chronological; ties keep keep-first, then record order. */
export function mergedHistory(
  keepChanges: readonly StageChange[],
  mergeChanges: readonly StageChange[],
): StageChange[] {
  const tagged = [
    ...keepChanges.map((change, index) => ({ change, rank: index })),
    ...mergeChanges.map((change, index) => ({ change, rank: keepChanges.length + index })),
  ];
  tagged.sort((a, b) => a.change.at - b.change.at || a.rank - b.rank);
  return tagged.map((entry) => entry.change);
}
