/**
 * The process a new user starts with: the classic B2B path from prospect to customer in the
 * portfolio. Ids are stable English slugs; names are localized once, when the process is created,
 * and then belong to the user (the process editor renames them).
 */
import { DEFAULT_FOLLOW_UP_DAYS } from './follow-up.ts';
import { type Locale, type MessageKey, translate } from './i18n.ts';
import type { Process, Stage, StageKind } from './schemas.ts';

interface StageSeed {
  id: string;
  name: MessageKey;
  kind: StageKind;
  targetDays: number | null;
  followUpDays?: number;
  actions: Array<[id: string, label: MessageKey]>;
}

const STAGES: StageSeed[] = [
  {
    id: 'prospect',
    name: 'stageProspect',
    kind: 'open',
    targetDays: 7,
    actions: [
      ['research', 'actionProspectResearch'],
      ['channel', 'actionProspectChannel'],
      ['first-message', 'actionProspectFirstMessage'],
    ],
  },
  {
    id: 'contacted',
    name: 'stageContacted',
    kind: 'open',
    targetDays: 10,
    followUpDays: DEFAULT_FOLLOW_UP_DAYS,
    actions: [
      ['follow-up', 'actionContactedFollowUp'],
      ['connect', 'actionContactedConnect'],
      ['book-call', 'actionContactedBookCall'],
    ],
  },
  {
    id: 'qualified',
    name: 'stageQualified',
    kind: 'open',
    targetDays: 14,
    actions: [
      ['need', 'actionQualifiedNeed'],
      ['decision-maker', 'actionQualifiedDecisionMaker'],
      ['next-meeting', 'actionQualifiedNextMeeting'],
    ],
  },
  {
    id: 'proposal',
    name: 'stageProposal',
    kind: 'open',
    targetDays: 14,
    actions: [
      ['send', 'actionProposalSend'],
      ['walkthrough', 'actionProposalWalkthrough'],
      ['objections', 'actionProposalObjections'],
    ],
  },
  {
    id: 'negotiation',
    name: 'stageNegotiation',
    kind: 'open',
    targetDays: 10,
    actions: [
      ['terms', 'actionNegotiationTerms'],
      ['contract', 'actionNegotiationContract'],
      ['signature', 'actionNegotiationSignature'],
    ],
  },
  { id: 'won', name: 'stageWon', kind: 'won', targetDays: null, actions: [] },
  { id: 'lost', name: 'stageLost', kind: 'lost', targetDays: null, actions: [] },
];

const LOST_REASONS: Array<[id: string, label: MessageKey]> = [
  ['price', 'lostReasonPrice'],
  ['timing', 'lostReasonTiming'],
  ['competitor', 'lostReasonCompetitor'],
  ['silent', 'lostReasonSilent'],
  ['fit', 'lostReasonFit'],
];

export const DEFAULT_PROCESS_ID = 'default';

export function defaultProcess(locale: Locale, savedAt: number): Process {
  const stages: Stage[] = STAGES.map((seed) => ({
    id: seed.id,
    name: translate(locale, seed.name),
    kind: seed.kind,
    targetDays: seed.targetDays,
    archived: false,
    ...(seed.followUpDays ? { followUpDays: seed.followUpDays } : {}),
    actions: seed.actions.map(([actionId, label]) => ({
      id: actionId,
      label: translate(locale, label),
    })),
  }));
  return {
    id: DEFAULT_PROCESS_ID,
    savedAt,
    stages,
    lostReasons: LOST_REASONS.map(([reasonId, label]) => ({
      id: reasonId,
      label: translate(locale, label),
    })),
  };
}
