/**
 * Every error the background returns names its reason: a stable id the pages and content scripts
 * turn into a sentence of the user's language (`src/browser/error-text.ts`, keys `err…` in
 * _locales), with the details — a field, a line, a version — as placeholders. The English text
 * here is for logs and tests only; no page shows it.
 *
 * A reason belongs to one of the protocol's error codes (what a caller may do about it: retry,
 * refresh, fix the input). A handler throws `fail(reason, params)`; an `EtapeError` built
 * without a reason gets its code's generic one, so nothing reaches a page untranslatable.
 */
import { type ErrorCode, type ErrorInfo, type ErrorParams, EtapeError } from './protocol.ts';

interface ReasonDef {
  code: ErrorCode;
  /** English, for logs; `{name}` is replaced by the param of that name. */
  log: string;
}

export const ERROR_REASONS = {
  // -- generic: one per code, for errors raised without a reason of their own --
  invalidInput: { code: 'invalid', log: 'Invalid data ({field})' },
  notFound: { code: 'not_found', log: 'Not found' },
  conflict: { code: 'conflict', log: 'Conflicting change' },
  refused: { code: 'refused', log: 'Refused' },
  storageFailed: { code: 'storage', log: 'Database error ({name}); nothing was saved' },
  internal: { code: 'internal', log: 'Internal error: {detail}' },
  // -- the message boundary --
  unknownMessage: { code: 'invalid', log: 'Unknown or missing message type' },
  notFromEtape: { code: 'refused', log: 'Messages are accepted only from Etape itself' },
  notInTab: { code: 'refused', log: 'Only a content script in a tab can report its page' },
  noAnswer: { code: 'internal', log: 'The Etape background did not answer' },
  storageFull: {
    code: 'storage',
    log: 'The browser refused to store more data (storage quota exceeded). Nothing was saved.',
  },
  // -- prospects and stages --
  prospectNotFound: { code: 'not_found', log: 'No prospect with id {prospectId}' },
  prospectMoved: {
    code: 'conflict',
    log: 'The prospect has moved since this view was loaded; refresh and try again',
  },
  stageNotFound: { code: 'not_found', log: 'No stage with id {stage}' },
  alreadyInStage: { code: 'conflict', log: 'The prospect is already in this stage' },
  noNextStage: { code: 'conflict', log: 'This prospect is at an outcome: there is no next stage' },
  lostNeedsReason: { code: 'invalid', log: 'Use markLost to record a loss with its reason' },
  nothingToUndo: { code: 'conflict', log: 'There is no stage change to undo' },
  noOutcomeStage: { code: 'not_found', log: 'The process has no {kind} outcome' },
  actionNotFound: { code: 'not_found', log: 'No action {action} in stage {stage}' },
  mergeSelf: { code: 'conflict', log: 'A prospect cannot be merged with itself' },
  mergeTwoProfiles: {
    code: 'conflict',
    log: 'These prospects have two different LinkedIn profiles',
  },
  linkedinIdsOfTwoProspects: {
    code: 'conflict',
    log: 'The profile {profile} and its member id belong to two prospects',
  },
  linkedToOtherProfile: {
    code: 'conflict',
    log: 'This prospect is already linked to another LinkedIn profile',
  },
  // -- sample data, deletion --
  sampleNeedsEmpty: { code: 'conflict', log: 'Sample data loads only into an empty database' },
  deleteNeedsPhrase: {
    code: 'invalid',
    log: 'Deleting everything needs the confirmation phrase',
  },
  // -- the process --
  processInvalid: { code: 'invalid', log: 'The process is not valid ({field})' },
  processMoveRequired: {
    code: 'invalid',
    log: 'Say where the prospects of an archived stage go ({stage})',
  },
  // -- restoring a backup (where: a JSON path such as data.prospects.12.emails.0) --
  backupTruncated: { code: 'invalid', log: 'The file is cut short: it is not a complete backup' },
  backupNotJson: { code: 'invalid', log: 'The file is not valid JSON (character {position})' },
  backupNotEtape: { code: 'invalid', log: 'This is not an Etape backup' },
  backupNoVersion: { code: 'invalid', log: 'The backup has no valid format version' },
  backupTooNew: {
    code: 'invalid',
    log: 'This backup was made by a newer Etape (format {version}; this one reads up to {supported})',
  },
  backupInvalid: { code: 'invalid', log: 'Invalid backup (at {where})' },
  backupDuplicate: { code: 'invalid', log: 'Two records of the backup share one id (at {where})' },
  backupOrphan: {
    code: 'invalid',
    log: 'A record of the backup belongs to no prospect of the backup (at {where})',
  },
  // -- sync --
  syncBadUrl: {
    code: 'invalid',
    log: 'Not a database URL Etape can sync with (https://host/database; http only on this computer)',
  },
  syncWrongPassword: { code: 'refused', log: 'The server refused this user name or password' },
  syncUnreachable: { code: 'internal', log: 'The sync server cannot be reached' },
  syncNotMember: { code: 'refused', log: 'This user is not a member of the database' },
} as const satisfies Record<string, ReasonDef>;

export type ErrorReason = keyof typeof ERROR_REASONS;

/** The error a handler throws: its reason, the details a message shows, the English for logs. */
export function fail(
  reason: ErrorReason,
  params?: ErrorParams,
  issues?: ErrorInfo['issues'],
  /** For a conflict between records: the prospects involved, so the UI can offer a merge. */
  prospectIds?: string[],
): EtapeError {
  return new EtapeError(ERROR_REASONS[reason].code, logText(reason, params), issues, {
    reason,
    ...(params ? { params } : {}),
    ...(prospectIds ? { prospectIds } : {}),
  });
}

/** The English log line of a reason, its params filled in. */
export function logText(reason: ErrorReason, params: ErrorParams = {}): string {
  return ERROR_REASONS[reason].log.replace(
    /\{(\w+)\}/g,
    (_whole, name: string) => params[name] ?? '?',
  );
}
