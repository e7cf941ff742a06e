/**
 * The one message map between content scripts, popup, dashboard and the background worker.
 * Each request is a strict zod schema (unknown fields and unknown types are refused); the
 * response type sits next to it, so callers get typed stubs through `src/browser/client.ts`.
 */
import { z } from 'zod';
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
  linkedinUrlSchema,
  PROSPECT_STATUSES,
  type Process,
  type Prospect,
  type Settings,
  type StageChange,
  settingsPatchSchema,
  TOUCHPOINT_KINDS,
  type Touchpoint,
} from './schemas.ts';

const id = z.string().trim().min(1).max(LIMITS.id);
const epochMs = z.number().int().nonnegative().max(8.64e15);
const text = (max: number) => z.string().trim().max(max);

/**
 * A touchpoint as a detector sees it: it knows an address or a profile URL, not our ids.
 * The background resolves the prospect and the stage it was in at `at`.
 */
export const touchpointInputSchema = z
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
  });

export const requestSchemas = {
  /** Creates a prospect at the first stage, or returns the one already matching. */
  trackContact: z.strictObject({
    name: text(LIMITS.name).min(1),
    emails: z.array(emailSchema).max(LIMITS.emailsPerProspect).default([]),
    linkedinUrl: linkedinUrlSchema.optional(),
    company: text(LIMITS.company).optional(),
    title: text(LIMITS.title).optional(),
    dealValue: z.number().nonnegative().max(1e12).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
  }),
  /** Batched so one conversation scan is one message; each item succeeds or is a no-op alone. */
  logTouchpoints: z.strictObject({
    touchpoints: z.array(touchpointInputSchema).min(1).max(500),
  }),
  /** Which of these addresses / profiles are tracked, with what a badge needs. */
  getContext: z.strictObject({
    emails: z.array(emailSchema).max(200).default([]),
    linkedinUrls: z.array(linkedinUrlSchema).max(50).default([]),
  }),
  getProspect: z.strictObject({ prospectId: id }),
  listProspects: z.strictObject({
    status: z.enum(PROSPECT_STATUSES).optional(),
    query: text(LIMITS.name).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  getProcess: z.strictObject({}),
  /** `fromStageId` guards against a double click or another tab having moved the prospect. */
  advanceStage: z.strictObject({
    prospectId: id,
    fromStageId: id.optional(),
    note: text(LIMITS.note).optional(),
  }),
  setStage: z.strictObject({
    prospectId: id,
    stageId: id,
    fromStageId: id.optional(),
    note: text(LIMITS.note).optional(),
  }),
  markWon: z.strictObject({ prospectId: id, note: text(LIMITS.note).optional() }),
  markLost: z.strictObject({
    prospectId: id,
    reason: text(LIMITS.label).min(1),
    note: text(LIMITS.note).optional(),
  }),
  undoStageChange: z.strictObject({ prospectId: id }),
  checkAction: z.strictObject({ prospectId: id, stageId: id, actionId: id, done: z.boolean() }),
  reportHealth: z.strictObject({
    site: z.enum(DETECTION_SITES),
    detector: text(LIMITS.id).min(1),
    ok: z.boolean(),
    selector: text(LIMITS.label).optional(),
    message: text(LIMITS.note).optional(),
  }),
  getHealth: z.strictObject({}),
  getSettings: z.strictObject({}),
  updateSettings: z.strictObject({ settings: settingsPatchSchema }),
  /**
   * A content script tells which people its page shows (open conversation, profile); the popup
   * and the toolbar badge read it back per tab. Sent only when it changes.
   */
  reportPageContext: z.strictObject({
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
  getTabContext: z.strictObject({ tabId: z.number().int().nonnegative() }),
  // Feature messages: each feature adds its entries under its own heading (keeps edits apart).
  // -- gmail --
  // -- linkedin --
  // -- popup --
  // -- dashboard --
} as const;

export type RequestType = keyof typeof requestSchemas;
export type RequestInput<T extends RequestType> = z.input<(typeof requestSchemas)[T]>;
export type RequestPayload<T extends RequestType> = z.output<(typeof requestSchemas)[T]>;
export type TouchpointInput = z.output<typeof touchpointInputSchema>;
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
  listProspects: { prospects: ProspectContext[]; total: number };
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
  reportPageContext: { stored: boolean };
  getTabContext: {
    page: PageContext | null;
    process: Process;
    /** The tracked people among the page's participants. */
    prospects: ProspectContext[];
  };
  // -- gmail --
  // -- linkedin --
  // -- popup --
  // -- dashboard --
}

/** The request as it travels: `{ type, ...payload }`. */
export type Request = { [T in RequestType]: { type: T } & RequestInput<T> }[RequestType];
export type ParsedRequest = {
  [T in RequestType]: { type: T; payload: RequestPayload<T> };
}[RequestType];

const REQUEST_TYPES = Object.keys(requestSchemas) as [RequestType, ...RequestType[]];
const envelopeSchema = z.looseObject({ type: z.enum(REQUEST_TYPES) });

/**
 * Discriminates on `type`, then validates the rest against that type's strict schema. Two steps
 * rather than one big union so an error names the field of the right message, not of all 14.
 */
export function parseRequest(raw: unknown): ParsedRequest {
  const head = envelopeSchema.safeParse(raw);
  if (!head.success) {
    throw new EtapeError('invalid', 'Unknown or missing message type', toIssues(head.error));
  }
  const { type, ...rest } = head.data;
  const body = requestSchemas[type].safeParse(rest);
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
