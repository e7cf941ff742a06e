/**
 * The domain model. Every record Etape stores is described here once, as a zod schema; the
 * TypeScript types are inferred from it so the database, the message map and the UI cannot drift.
 * No browser API in this folder: it is tested directly under Node.
 */
import { z } from 'zod';
import { canonicalLinkedinUrl, isMemberId } from './linkedin-url.ts';

export { canonicalLinkedinUrl };

/** Generous but bounded: the background refuses anything larger instead of storing it. */
export const LIMITS = {
  name: 200,
  company: 200,
  title: 300,
  summary: 300,
  note: 1000,
  key: 300,
  id: 100,
  label: 200,
  emailsPerProspect: 20,
  stages: 30,
  actionsPerStage: 12,
  lostReasons: 30,
  followUpDays: 365,
} as const;

const id = z.string().trim().min(1).max(LIMITS.id);
const epochMs = z.number().int().nonnegative().max(8.64e15);
/** Control characters (other than tab and newlines) are never legitimate text: refuse them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !CONTROL.test(value), 'Contains control characters');

/** Addresses are matched case-insensitively everywhere, so they are stored lower-case. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .transform((value) => value.toLowerCase())
  .pipe(z.email());

export const linkedinUrlSchema = z
  .string()
  .max(400)
  .transform((value, ctx) => {
    const canonical = canonicalLinkedinUrl(value);
    if (!canonical) {
      ctx.addIssue({ code: 'custom', message: 'Not a LinkedIn profile URL (/in/<slug>/)' });
      return z.NEVER;
    }
    return canonical;
  });

/** LinkedIn's member id (`ACoAA…`): case-sensitive, so only trimmed, never lower-cased. */
export const linkedinMemberIdSchema = z
  .string()
  .trim()
  .max(LIMITS.id)
  .refine(isMemberId, 'Not a LinkedIn member id (ACoA…)');

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const stageKindSchema = z.enum(STAGE_KINDS);

export const stageActionSchema = z.object({
  id,
  label: text(LIMITS.label).min(1),
});

export const stageSchema = z.object({
  /** Stable: renaming or reordering a stage never changes past records. */
  id,
  name: text(LIMITS.name).min(1),
  kind: stageKindSchema,
  /** The actions that push a prospect to the next stage. */
  actions: z.array(stageActionSchema).max(LIMITS.actionsPerStage),
  /** How long a deal should stay; null for outcomes, which have no "next". */
  targetDays: z.number().positive().max(3650).nullable(),
  archived: z.boolean().default(false),
  /**
   * "Follow up if no reply after N days" (src/shared/follow-up.ts). Optional: processes stored
   * before it existed parse unchanged, and a stage without it never nudges.
   */
  followUpDays: z.number().int().positive().max(LIMITS.followUpDays).optional(),
});

export const lostReasonSchema = z.object({ id, label: text(LIMITS.label).min(1) });

export const processSchema = z
  .object({
    id,
    /** Each saved change of the process is a new record; the latest one is in force. */
    savedAt: epochMs,
    stages: z.array(stageSchema).min(2).max(LIMITS.stages),
    lostReasons: z.array(lostReasonSchema).max(LIMITS.lostReasons),
  })
  .superRefine((process, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    for (const [index, stage] of process.stages.entries()) {
      if (ids.has(stage.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', index, 'id'],
          message: 'Duplicate stage id',
        });
      }
      ids.add(stage.id);
      const folded = stage.name.toLocaleLowerCase();
      if (!stage.archived && names.has(folded)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', index, 'name'],
          message: 'Duplicate stage name',
        });
      }
      names.add(folded);
      if (stage.kind === 'open' && stage.targetDays === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', index, 'targetDays'],
          message: 'An open stage needs a target in days',
        });
      }
    }
    const live = process.stages.filter((stage) => !stage.archived);
    for (const kind of STAGE_KINDS) {
      if (!live.some((stage) => stage.kind === kind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages'],
          message: `The process needs a "${kind}" stage`,
        });
      }
    }
  });

export const PROSPECT_STATUSES = ['open', 'won', 'lost'] as const;

export const prospectSchema = z.object({
  id,
  /** Kept exactly as typed or read from the page; it is only ever rendered as text. */
  name: text(LIMITS.name).min(1),
  emails: z.array(emailSchema).max(LIMITS.emailsPerProspect),
  /**
   * The vanity profile URL. New writes never put a member-id URL here (that goes to
   * linkedinMemberId); records from before version 4 may hold one, lower-cased (see db.ts).
   */
  linkedinUrl: linkedinUrlSchema.optional(),
  /** Known from a conversation before the profile was visited, or read from the profile page. */
  linkedinMemberId: linkedinMemberIdSchema.optional(),
  company: text(LIMITS.company).optional(),
  title: text(LIMITS.title).optional(),
  dealValue: z.number().nonnegative().max(1e12).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  stageId: id,
  stageEnteredAt: epochMs,
  status: z.enum(PROSPECT_STATUSES),
  lostReason: text(LIMITS.label).optional(),
  /** Denormalized from touchpoints so "needs attention" lists need no per-prospect query. */
  lastTouchAt: epochMs.optional(),
  createdAt: epochMs,
  updatedAt: epochMs,
  /** Set on records created by "Load sample data" so they can be removed in one click. */
  sample: z.boolean().optional(),
  /**
   * The rep who created the record, by the name the team sees (team sync, #17); absent on this
   * browser's own records until sync names them.
   */
  ownerRep: z.string().trim().min(1).max(LIMITS.name).optional(),
});

export const stageChangeSchema = z.object({
  id: z.number().int().positive().optional(),
  prospectId: id,
  /** null for the prospect's entry into its first stage. */
  from: id.nullable(),
  to: id,
  at: epochMs,
  note: text(LIMITS.note).optional(),
  /** Set on moves to the lost outcome, so undo and analytics know why without the prospect. */
  lostReason: text(LIMITS.label).optional(),
  /**
   * The rep who created the record, by the name the team sees (team sync, #17); absent on this
   * browser's own records until sync names them.
   */
  ownerRep: z.string().trim().min(1).max(LIMITS.name).optional(),
});

export const CHANNELS = ['gmail', 'linkedin', 'manual'] as const;
export const TOUCHPOINT_KINDS = [
  'email_sent',
  'email_received',
  'linkedin_message_sent',
  'linkedin_message_received',
  'linkedin_connect_sent',
  'linkedin_profile_view',
  'call',
  'meeting',
  'note',
] as const;

/** Which channel each kind may come from: a "call" never arrives from the Gmail detector. */
export const KIND_CHANNEL: Record<(typeof TOUCHPOINT_KINDS)[number], (typeof CHANNELS)[number]> = {
  email_sent: 'gmail',
  email_received: 'gmail',
  linkedin_message_sent: 'linkedin',
  linkedin_message_received: 'linkedin',
  linkedin_connect_sent: 'linkedin',
  linkedin_profile_view: 'linkedin',
  call: 'manual',
  meeting: 'manual',
  note: 'manual',
};

export const touchpointSchema = z.object({
  id: z.number().int().positive().optional(),
  prospectId: id,
  channel: z.enum(CHANNELS),
  kind: z.enum(TOUCHPOINT_KINDS),
  at: epochMs,
  /** The stage the prospect was in at `at`: analytics count touchpoints per stage. */
  stageId: id,
  /** Unique: logging the same key twice is a no-op, so every caller may retry. */
  key: text(LIMITS.key).min(1),
  /** A subject line or profile headline — never a message body. */
  summary: text(LIMITS.summary).optional(),
  /**
   * The rep who created the record, by the name the team sees (team sync, #17); absent on this
   * browser's own records until sync names them.
   */
  ownerRep: z.string().trim().min(1).max(LIMITS.name).optional(),
});

export const actionCheckSchema = z.object({
  prospectId: id,
  stageId: id,
  actionId: id,
  doneAt: epochMs,
});

const settingsFields = {
  /** Off by default: tracking someone is the rep's decision unless they opt in. */
  autoTrackRecipients: z.boolean(),
  ignoredDomains: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(500),
  /** Nothing injected into LinkedIn pages; detection still runs and the popup shows context. */
  passiveLinkedin: z.boolean(),
  remindersEnabled: z.boolean(),
  /**
   * The user's own Gmail accounts seen so far (/mail/u/0/, /mail/u/1/…): one person with
   * several identities, never offered Track in any of them.
   */
  ownAddresses: z.array(emailSchema).max(50),
};

export const DEFAULT_SETTINGS = {
  autoTrackRecipients: false,
  ignoredDomains: [] as string[],
  passiveLinkedin: false,
  remindersEnabled: false,
  ownAddresses: [] as string[],
};

export const settingsSchema = z.object(settingsFields);
/** A change of some settings; absent fields keep their value. */
export const settingsPatchSchema = z.strictObject(settingsFields).partial();

export const DETECTION_SITES = ['gmail', 'linkedin'] as const;

/** One record per detector: the popup shows which ones stopped matching the page. */
export const healthSchema = z.object({
  id: text(LIMITS.id).min(1),
  site: z.enum(DETECTION_SITES),
  detector: text(LIMITS.id).min(1),
  ok: z.boolean(),
  at: epochMs,
  lastOkAt: epochMs.optional(),
  /** Which named selector failed and the alternatives tried; never page text. */
  selector: text(LIMITS.label).optional(),
  message: text(LIMITS.note).optional(),
  failures: z.number().int().nonnegative().default(0),
});

export type StageKind = z.infer<typeof stageKindSchema>;
export type StageAction = z.infer<typeof stageActionSchema>;
export type Stage = z.infer<typeof stageSchema>;
export type LostReason = z.infer<typeof lostReasonSchema>;
export type Process = z.infer<typeof processSchema>;
export type Prospect = z.infer<typeof prospectSchema>;
export type ProspectStatus = Prospect['status'];
export type StageChange = z.infer<typeof stageChangeSchema>;
export type Channel = z.infer<typeof touchpointSchema>['channel'];
export type TouchpointKind = z.infer<typeof touchpointSchema>['kind'];
export type Touchpoint = z.infer<typeof touchpointSchema>;
export type ActionCheck = z.infer<typeof actionCheckSchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type Health = z.infer<typeof healthSchema>;
