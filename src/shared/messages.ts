/**
 * The one message map between content scripts, popup, dashboard and the background worker.
 * Each request is a strict zod schema (unknown fields and unknown types are refused); the
 * response type sits next to it, so callers get typed stubs through `src/browser/client.ts`.
 */
import { z } from 'zod';
import { isMemberId } from './linkedin-url.ts';
import { type ErrorInfo, EtapeError } from './protocol.ts';

export * from './protocol.ts';

import {
  type ActionCheck,
  CHANNELS,
  DETECTION_SITES,
  emailSchema,
  type Health,
  KIND_CHANNEL,
  LIMITS,
  linkedinMemberIdSchema,
  linkedinUrlSchema,
  lostReasonSchema,
  PROSPECT_STATUSES,
  type Process,
  type Prospect,
  prospectSchema,
  type Settings,
  type StageChange,
  settingsPatchSchema,
  stageSchema,
  TOUCHPOINT_KINDS,
  type Touchpoint,
  text,
} from './schemas.ts';
import { syncConnectSchema } from './sync-status.ts';

const id = z.string().trim().min(1).max(LIMITS.id);
const epochMs = z.number().int().nonnegative().max(8.64e15);
/** A rep's name as the team sees it (records' `ownerRep`). */
const repSchema = text(LIMITS.name).min(1);

/** A schema built when first asked for, then kept. */
function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/**
 * A touchpoint as a detector sees it: it knows an address or a profile URL, not our ids.
 * The background resolves the prospect and the stage it was in at `at`.
 */
export const touchpointInputSchema = lazy(() =>
  z
    .strictObject({
      prospectId: id.optional(),
      email: emailSchema.optional(),
      linkedinUrl: linkedinUrlSchema.optional(),
      channel: z.enum(CHANNELS),
      kind: z.enum(TOUCHPOINT_KINDS),
      at: epochMs,
      key: text(LIMITS.key).min(1),
      summary: text(LIMITS.summary).optional(),
    })
    .refine((input) => input.prospectId ?? input.email ?? input.linkedinUrl, {
      message: 'A touchpoint needs a prospectId, an email or a linkedinUrl',
    })
    .refine((input) => KIND_CHANNEL[input.kind] === input.channel, {
      message: 'This kind of touchpoint cannot come from this channel',
      path: ['channel'],
    }),
);

/** A person's details as Track and a CSV import row give them; the prospect schema's own rules. */
export const prospectImportSchema = lazy(() =>
  z.strictObject({
    ...prospectSchema.pick({
      name: true,
      linkedinUrl: true,
      linkedinMemberId: true,
      company: true,
      title: true,
      dealValue: true,
      currency: true,
    }).shape,
    emails: prospectSchema.shape.emails.default([]),
  }),
);
export type ProspectImport = z.output<ReturnType<typeof prospectImportSchema>>;

/**
 * Each message type's schema, built the first time a message of that type arrives: a worker
 * woken by one message builds one schema, not sixty (≈ 10 ms of every cold start, measured).
 */
const requestSchemaBuilders = {
  /** Creates a prospect at the first stage, or returns the one already matching. */
  trackContact: () => prospectImportSchema(),
  /** Batched so one conversation scan is one message; each item succeeds or is a no-op alone. */
  logTouchpoints: () =>
    z.strictObject({
      touchpoints: z.array(touchpointInputSchema()).min(1).max(500),
    }),
  /** Which of these addresses / profiles are tracked, with what a badge needs. */
  getContext: () =>
    z.strictObject({
      emails: z.array(emailSchema).max(200).default([]),
      linkedinUrls: z.array(linkedinUrlSchema).max(50).default([]),
    }),
  getProspect: () => z.strictObject({ prospectId: id }),
  listProspects: () =>
    z.strictObject({
      status: z.enum(PROSPECT_STATUSES).optional(),
      query: text(LIMITS.name).optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
  getProcess: () => z.strictObject({}),
  /** `fromStageId` guards against a double click or another tab having moved the prospect. */
  advanceStage: () =>
    z.strictObject({
      prospectId: id,
      fromStageId: id.optional(),
      note: text(LIMITS.note).optional(),
    }),
  setStage: () =>
    z.strictObject({
      prospectId: id,
      stageId: id,
      fromStageId: id.optional(),
      note: text(LIMITS.note).optional(),
    }),
  markWon: () => z.strictObject({ prospectId: id, note: text(LIMITS.note).optional() }),
  markLost: () =>
    z.strictObject({
      prospectId: id,
      reason: text(LIMITS.label).min(1),
      note: text(LIMITS.note).optional(),
    }),
  undoStageChange: () => z.strictObject({ prospectId: id }),
  checkAction: () =>
    z.strictObject({ prospectId: id, stageId: id, actionId: id, done: z.boolean() }),
  reportHealth: () =>
    z.strictObject({
      site: z.enum(DETECTION_SITES),
      detector: text(LIMITS.id).min(1),
      ok: z.boolean(),
      selector: text(LIMITS.label).optional(),
      message: text(LIMITS.note).optional(),
    }),
  getHealth: () => z.strictObject({}),
  getSettings: () => z.strictObject({}),
  updateSettings: () => z.strictObject({ settings: settingsPatchSchema }),
  /** Adds one of the user's own addresses (a Gmail account seen in a tab); atomic across tabs. */
  addOwnAddress: () => z.strictObject({ email: emailSchema }),
  /**
   * A content script tells which people its page shows (open conversation, profile); the popup
   * and the toolbar badge read it back per tab. Sent only when it changes.
   */
  reportPageContext: () =>
    z.strictObject({
      site: z.enum(DETECTION_SITES),
      participants: z
        .array(
          z.strictObject({
            email: emailSchema.optional(),
            linkedinUrl: linkedinUrlSchema.optional(),
            name: text(LIMITS.name).optional(),
          }),
        )
        .max(100),
    }),
  getTabContext: () => z.strictObject({ tabId: z.number().int().nonnegative() }),
  // Feature messages: each feature adds its entries under its own heading (keeps edits apart).
  // -- gmail --
  /** Which sent messages seen in a conversation were already logged when they left (compose). */
  gmailSentMatches: () =>
    z.strictObject({
      sends: z
        .array(
          z.strictObject({
            key: text(LIMITS.key).min(1),
            email: emailSchema,
            at: epochMs,
            subject: text(LIMITS.summary),
          }),
        )
        .max(500),
    }),
  // -- linkedin --
  /** What merging `mergeId` into `keepId` would give: the confirmation shows it first. */
  previewMerge: () => z.strictObject({ keepId: id, mergeId: id }),
  /** One person, one prospect: every touchpoint and stage change moves to `keepId`. */
  mergeProspects: () => z.strictObject({ keepId: id, mergeId: id }),
  /** Joins a LinkedIn profile to a prospect (merging the profile's own prospect if tracked). */
  linkLinkedinProfile: () => z.strictObject({ prospectId: id, linkedinUrl: linkedinUrlSchema }),
  /**
   * A profile page names both identities of the person it shows (its vanity URL and the member
   * id read from the page): the background fills whichever one their prospect lacks.
   */
  recordLinkedinIdentity: () =>
    z.strictObject({
      linkedinUrl: linkedinUrlSchema.refine((url) => !isMemberId(url.split('/')[4] ?? ''), {
        message: 'Expected the vanity profile URL, not a member-id URL',
      }),
      linkedinMemberId: linkedinMemberIdSchema,
    }),
  // -- popup --
  /**
   * The popup's first paint in one round trip: the tab's context and the details of the
   * prospects it shows, or, when it shows nobody, the needs-attention list. Messages crawl while
   * a page is loading (each hop waits on the busy browser process), so one beats three in a row.
   */
  popupHome: () =>
    z.strictObject({
      /**
       * The tab to describe; 'active' for the active tab of the focused window (the toolbar
       * popup's: the worker looks it up, one hop fewer for a loading page); null for none.
       */
      tabId: z.union([z.number().int().nonnegative(), z.literal('active')]).nullable(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
  /** Open prospects most over their stage target, read per stage through an index (no scan). */
  needsAttention: () => z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
  /** When each prospect was first touched: the detail timeline holds only the newest ones. */
  firstTouches: () => z.strictObject({ prospectIds: z.array(id).min(1).max(100) }),
  /** How many open prospects are over target, and open at all (index counts: after paint). */
  attentionCounts: () => z.strictObject({}),
  /** Name, email or company contains `query`; most recently updated first; stops at `limit`. */
  searchProspects: () =>
    z.strictObject({
      query: text(LIMITS.name).min(1),
      limit: z.number().int().min(1).max(100).default(20),
    }),
  // -- dashboard --
  /** Seeds the sample pipeline; refused unless the database has no prospect yet. */
  loadSampleData: () => z.strictObject({}),
  /** Removes every sample record (and only those), in one transaction. */
  removeSampleData: () => z.strictObject({}),
  /**
   * Every dashboard figure of the period [start, end) and of the period of the same length
   * before; with `rep`, of that rep's prospects only (null: this browser's rep while unnamed).
   */
  getDashboard: () =>
    z
      .strictObject({ start: epochMs, end: epochMs, rep: repSchema.nullable().optional() })
      .refine((period) => period.end > period.start, {
        message: 'The period ends before it starts',
      }),
  /** A prospect's whole history: every stage change and every touchpoint, oldest first. */
  getTimeline: () => z.strictObject({ prospectId: id }),
  // -- data --
  exportBackup: () => z.strictObject({ appVersion: z.string().max(50) }),
  /** The backup file's text: the background parses it, so errors can say where in the file. */
  restoreBackup: () =>
    z.strictObject({
      text: z.string().max(60 * 1024 * 1024),
      mode: z.enum(['replace', 'merge']),
    }),
  /** Valid rows of a CSV import, all written in one transaction (invalid rows never get here). */
  importProspects: () =>
    z.strictObject({ prospects: z.array(prospectImportSchema()).min(1).max(20_000) }),
  deleteProspect: () => z.strictObject({ prospectId: id }),
  /** The phrase the user typed: a stray message cannot wipe the database. */
  deleteEverything: () => z.strictObject({ confirm: z.literal('delete everything') }),
  // -- board --
  /** Every open prospect as a pipeline card; the page filters, sorts and windows them. */
  getBoard: () => z.strictObject({}),
  /** Open prospects whose follow-up is due (our message unanswered past the stage's delay). */
  followUps: () => z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
  // -- process editor --
  getProcessEditor: () => z.strictObject({}),
  getWonDealInsights: () => z.strictObject({}),
  /**
   * A new version of the process. `moves` says where the prospects of each stage that leaves
   * use go (stage id → stage id); the save is refused while one is missing.
   */
  saveProcess: () =>
    z.strictObject({
      stages: z.array(stageSchema).min(1).max(LIMITS.stages),
      lostReasons: z.array(lostReasonSchema).max(LIMITS.lostReasons),
      moves: z.record(id, id).default({}),
    }),
  // -- team --
  /** The period's figures per rep (owner of the prospects) and for the whole team. */
  getTeam: () =>
    z.strictObject({ start: epochMs, end: epochMs }).refine((period) => period.end > period.start, {
      message: 'The period ends before it starts',
    }),
  // -- sync --
  /** Team sync's state (src/shared/sync-status.ts); `off` until connected. */
  syncStatus: () => z.strictObject({}),
  /**
   * Checks the server and credentials, keeps them in extension storage, starts syncing. The URL
   * is checked by the handler: a bad one is a status with its reason, not a refusal.
   */
  syncConnect: () => syncConnectSchema,
  /** A sync both ways now (also runs on changes and on an alarm). */
  syncNow: () => z.strictObject({}),
  /** Stops syncing and forgets the credentials; the records stay in this browser. */
  syncDisconnect: () => z.strictObject({}),
} as const;

export type RequestType = keyof typeof requestSchemaBuilders;
type RequestSchema<T extends RequestType> = ReturnType<(typeof requestSchemaBuilders)[T]>;
export type RequestInput<T extends RequestType> = z.input<RequestSchema<T>>;
export type RequestPayload<T extends RequestType> = z.output<RequestSchema<T>>;
export type TouchpointInput = z.output<ReturnType<typeof touchpointInputSchema>>;

export const REQUEST_TYPES = Object.keys(requestSchemaBuilders) as [RequestType, ...RequestType[]];
const requestSchemas: { [T in RequestType]?: RequestSchema<T> } = {};

/** The schema of one message type, built on first use. */
export function requestSchema<T extends RequestType>(type: T): RequestSchema<T> {
  requestSchemas[type] ??= requestSchemaBuilders[type]() as never;
  return requestSchemas[type] as RequestSchema<T>;
}
export type PageContext = RequestPayload<'reportPageContext'> & { tabId: number; at: number };

export interface ProspectContext {
  prospect: Prospect;
  lastTouchAt: number | null;
}

export interface ProspectDetail {
  prospect: Prospect;
  stageChanges: StageChange[];
  /** Newest first, at most 50: the timeline the popup shows. */
  touchpoints: Touchpoint[];
  touchpointCount: number;
  actionChecks: ActionCheck[];
}

export type LogStatus = 'created' | 'duplicate' | 'untracked';

export interface StageMove {
  prospect: Prospect;
  change: StageChange;
}

export interface ResponseMap {
  trackContact: { prospect: Prospect; created: boolean };
  logTouchpoints: { results: Array<{ key: string; status: LogStatus; prospectId?: string }> };
  getContext: { process: Process; prospects: ProspectContext[] };
  getProspect: ProspectDetail & { process: Process };
  listProspects: {
    prospects: ProspectContext[];
    /** How many there are; with a query, how many match (counted up to 100 when they abound). */
    total: number;
  };
  getProcess: { process: Process };
  advanceStage: StageMove;
  setStage: StageMove;
  markWon: StageMove;
  markLost: StageMove;
  undoStageChange: { prospect: Prospect; removed: StageChange };
  checkAction: { checks: ActionCheck[] };
  reportHealth: { health: Health };
  getHealth: { health: Health[] };
  getSettings: { settings: Settings };
  updateSettings: { settings: Settings };
  addOwnAddress: { settings: Settings };
  reportPageContext: { stored: boolean };
  getTabContext: {
    page: PageContext | null;
    process: Process;
    /** The tracked people among the page's participants. */
    prospects: ProspectContext[];
  };
  // -- gmail --
  gmailSentMatches: { matched: string[] };
  // -- linkedin --
  previewMerge: {
    keep: Prospect;
    merge: Prospect;
    /** The kept prospect as it would be after the merge. */
    prospect: Prospect;
    stageName: string;
    touchpoints: number;
  };
  mergeProspects: { prospect: Prospect; moved: { touchpoints: number; stageChanges: number } };
  linkLinkedinProfile: { prospect: Prospect; merged: boolean };
  /**
   * `filled` when an id was added; `prospect` null when nobody is tracked under either id. Two
   * prospects (one per id) are a `conflict` error naming both (`prospectIds`).
   */
  recordLinkedinIdentity: { prospect: Prospect | null; filled: boolean };
  // -- popup --
  popupHome: {
    /** The tab described ('active' resolved); null when there is none. */
    tabId: number | null;
    /** null when the tab shows nobody Etape knows or could track. */
    context: ResponseMap['getTabContext'] | null;
    /** The prospects in context, by id, with when they were first touched. */
    details: Record<string, ResponseMap['getProspect'] & { firstTouchAt: number | null }>;
    /** Only when there is no context. */
    attention: ResponseMap['needsAttention'] | null;
  };
  needsAttention: {
    process: Process;
    /** Most over target first (ratio of time in stage to the stage's target). */
    prospects: ProspectContext[];
  };
  firstTouches: { firstTouchAt: Record<string, number | null> };
  /** Open prospects past their stage target, and all open prospects. */
  attentionCounts: { overTarget: number; open: number };
  searchProspects: { prospects: ProspectContext[] };
  // -- dashboard --
  loadSampleData: { prospects: number; touchpoints: number; stageChanges: number };
  removeSampleData: { prospects: number; touchpoints: number; stageChanges: number };
  getDashboard: {
    process: Process;
    now: number;
    dashboard: import('./analytics.ts').Dashboard;
    /** All prospects, and how many of them are sample data. */
    prospects: number;
    sampleProspects: number;
    currency: string | undefined;
    /** Time the background spent computing (data already in memory). */
    computeMs: number;
    /** Where the worker found the data: its memory, its stored copy, or the stores (bench). */
    dataSource: 'memory' | 'record' | 'stores';
    /** Every rep who owns a prospect (this browser's first), whatever `rep` asked for. */
    reps: import('./analytics.ts').RepKey[];
  };
  getTimeline: {
    process: Process;
    prospect: Prospect;
    stageChanges: StageChange[];
    /** Oldest first; at most TIMELINE_LIMIT (the newest ones are kept when there are more). */
    touchpoints: Touchpoint[];
    touchpointCount: number;
  };
  // -- data --
  exportBackup: { backup: import('./backup.ts').Backup };
  restoreBackup: { counts: Record<import('./backup.ts').BackupStore, number> };
  importProspects: { created: number; merged: number };
  deleteProspect: { removed: { touchpoints: number; stageChanges: number; actionChecks: number } };
  deleteEverything: { deleted: true };
  // -- board --
  getBoard: {
    process: Process;
    now: number;
    /**
     * JSON of a BoardCard[] (src/shared/board.ts, `parseCards`), one per open prospect: one
     * string crosses the message channel several times faster than 6,000 small objects.
     */
    cardsJson: string;
    /** The currency of the deal values (the first one the prospects use), if any. */
    currency: string | undefined;
  };
  followUps: {
    process: Process;
    /** Oldest unanswered message first; `followUpSince` is when it went out. */
    prospects: Array<ProspectContext & { followUpSince: number }>;
    /** How many are due in all. */
    total: number;
  };
  // -- process editor --
  getProcessEditor: {
    process: Process;
    /** Newest first. */
    versions: Array<{ savedAt: number; stages: string[] }>;
    prospectsPerStage: Record<string, number>;
  };
  getWonDealInsights: {
    targets: import('./process-edit.ts').TargetSuggestion[];
    actions: import('./process-edit.ts').ActionCandidate[];
    wonDeals: number;
  };
  saveProcess: { process: Process; moved: string[] };
  // -- team --
  getTeam: {
    process: Process;
    now: number;
    currency: string | undefined;
    /** Whether team sync is on (anything but 'off'): the view explains it when not. */
    syncState: import('./sync-status.ts').SyncState;
    team: import('./analytics.ts').TeamFigures;
  };
  // -- sync --
  syncStatus: import('./sync-status.ts').SyncStatus;
  syncConnect: import('./sync-status.ts').SyncStatus;
  syncNow: import('./sync-status.ts').SyncStatus;
  syncDisconnect: import('./sync-status.ts').SyncStatus;
}

/** The request as it travels: `{ type, ...payload }`. */
export type Request = { [T in RequestType]: { type: T } & RequestInput<T> }[RequestType];
export type ParsedRequest = {
  [T in RequestType]: { type: T; payload: RequestPayload<T> };
}[RequestType];

const envelopeSchema = z.looseObject({ type: z.enum(REQUEST_TYPES) });

/**
 * Discriminates on `type`, then validates the rest against that type's strict schema. Two steps
 * rather than one big union so an error names the field of the right message, not of all 14.
 */
export function parseRequest(raw: unknown): ParsedRequest {
  const head = envelopeSchema.safeParse(raw);
  if (!head.success) {
    throw new EtapeError('invalid', 'Unknown or missing message type', toIssues(head.error), {
      reason: 'unknownMessage',
    });
  }
  const { type, ...rest } = head.data;
  const body = (requestSchema(type) as z.ZodType).safeParse(rest);
  if (!body.success) {
    throw new EtapeError('invalid', `Invalid "${type}" message`, toIssues(body.error));
  }
  return { type, payload: body.data } as ParsedRequest;
}

export function toIssues(error: z.ZodError): NonNullable<ErrorInfo['issues']> {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(message)',
    message: issue.message,
  }));
}
