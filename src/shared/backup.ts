/**
 * The backup file: one JSON document with a format name, a format version and every store a
 * user would miss. Parsing is strict and total — a file is either a valid backup (upgraded to
 * the current format if older) or refused with a message saying what is wrong and where —
 * so a restore can validate everything before it writes anything.
 */
import { z } from 'zod';
import type { ErrorReason } from './error-reasons.ts';
import {
  actionCheckSchema,
  DEFAULT_SETTINGS,
  processSchema,
  prospectSchema,
  settingsSchema,
  stageChangeSchema,
  touchpointSchema,
} from './schemas.ts';

export const BACKUP_FORMAT = 'etape-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** The stores a backup holds, in the order they are written back. */
export const BACKUP_STORES = [
  'processes',
  'settings',
  'prospects',
  'stageChanges',
  'touchpoints',
  'actionChecks',
] as const;
export type BackupStore = (typeof BACKUP_STORES)[number];

/** Settings added after a backup was made take their default, as they do in the database. */
const settingsRecordSchema = z.strictObject({
  key: z.literal('app'),
  value: z.preprocess(
    (value) => (value && typeof value === 'object' ? { ...DEFAULT_SETTINGS, ...value } : value),
    settingsSchema,
  ),
});

export const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  exportedAt: z.number().int().nonnegative(),
  appVersion: z.string().max(50),
  data: z.strictObject({
    processes: z.array(processSchema),
    settings: z.array(settingsRecordSchema).max(1),
    prospects: z.array(prospectSchema),
    stageChanges: z.array(stageChangeSchema),
    touchpoints: z.array(touchpointSchema),
    actionChecks: z.array(actionCheckSchema),
  }),
});

export type Backup = z.infer<typeof backupSchema>;
export type BackupData = Backup['data'];

/**
 * Upgrades from older format versions, in order: entry n turns a version-n document into
 * version n+1. Empty while there is only version 1; the test suite keeps a sample file of every
 * past version and checks it still restores.
 */
const UPGRADES: Record<number, (document: Record<string, unknown>) => Record<string, unknown>> = {};

export class BackupError extends Error {
  constructor(
    /** What the page tells the user, in their language (src/shared/error-reasons.ts). */
    readonly reason: BackupReason,
    message: string,
    /** Where in the file: a JSON path such as data.prospects.12.emails.0, or a character position. */
    readonly where?: string,
    readonly params: Record<string, string> = where ? { where } : {},
  ) {
    super(where ? `${message} (at ${where})` : message);
    this.name = 'BackupError';
  }
}

type BackupReason = Extract<ErrorReason, `backup${string}`>;

/** Text of a backup file → a valid current-format backup, or a BackupError saying why not. */
export function parseBackup(text: string): Backup {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const truncated = text.trim().length > 0 && !/[}\]]\s*$/.test(text);
    throw new BackupError(
      truncated ? 'backupTruncated' : 'backupNotJson',
      truncated
        ? 'The file is cut short: it is not a complete backup'
        : 'The file is not valid JSON',
      position ? `character ${position}` : undefined,
      position ? { position } : {},
    );
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw new BackupError('backupNotEtape', 'This is not an Etape backup');
  }
  let current = document as Record<string, unknown>;
  if (current.format !== BACKUP_FORMAT)
    throw new BackupError(
      'backupNotEtape',
      'This is not an Etape backup (unknown format)',
      'format',
    );
  const version = current.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BackupError(
      'backupNoVersion',
      'The backup has no valid format version',
      'formatVersion',
    );
  }
  if (version > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      'backupTooNew',
      `This backup was made by a newer Etape (format ${version}; this one reads up to ${BACKUP_FORMAT_VERSION}). Update Etape first`,
      'formatVersion',
      { version: String(version), supported: String(BACKUP_FORMAT_VERSION) },
    );
  }
  for (let from = version; from < BACKUP_FORMAT_VERSION; from++) {
    const upgrade = UPGRADES[from];
    if (!upgrade)
      throw new BackupError('backupNoVersion', `No upgrade from format ${from}`, 'formatVersion');
    current = { ...upgrade(current), formatVersion: from + 1 };
  }
  const parsed = backupSchema.safeParse(current);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupError(
      'backupInvalid',
      `Invalid backup: ${issue?.message ?? 'unknown problem'}${parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : ''}`,
      issue?.path.map(String).join('.') || undefined,
    );
  }
  checkReferences(parsed.data.data);
  return parsed.data;
}

/** Records that point at nothing would break every view: refuse them like a schema error. */
function checkReferences(data: BackupData): void {
  const ids = new Set<string>();
  data.prospects.forEach((prospect, index) => {
    if (ids.has(prospect.id))
      throw new BackupError(
        'backupDuplicate',
        'Two prospects share one id',
        `data.prospects.${index}.id`,
      );
    ids.add(prospect.id);
  });
  const keys = new Set<string>();
  data.touchpoints.forEach((touchpoint, index) => {
    if (!ids.has(touchpoint.prospectId)) {
      throw new BackupError(
        'backupOrphan',
        'A touchpoint belongs to no prospect of the backup',
        `data.touchpoints.${index}.prospectId`,
      );
    }
    if (keys.has(touchpoint.key))
      throw new BackupError(
        'backupDuplicate',
        'Two touchpoints share one key',
        `data.touchpoints.${index}.key`,
      );
    keys.add(touchpoint.key);
  });
  data.stageChanges.forEach((change, index) => {
    if (!ids.has(change.prospectId)) {
      throw new BackupError(
        'backupOrphan',
        'A stage change belongs to no prospect of the backup',
        `data.stageChanges.${index}.prospectId`,
      );
    }
  });
  data.actionChecks.forEach((check, index) => {
    if (!ids.has(check.prospectId)) {
      throw new BackupError(
        'backupOrphan',
        'An action check belongs to no prospect of the backup',
        `data.actionChecks.${index}.prospectId`,
      );
    }
  });
}

export function makeBackup(data: BackupData, exportedAt: number, appVersion: string): Backup {
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    exportedAt,
    appVersion,
    data,
  };
}
