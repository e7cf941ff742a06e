/**
 * Errors as the user reads them: the reason of an `EtapeError` (see src/shared/error-reasons.ts)
 * mapped to its sentence in _locales, the error's params as the sentence's placeholders. Pages and
 * content scripts show this, never `String(error)`: an error class name or a validator's English
 * would reach a French user otherwise. Anything that is not an EtapeError (a browser failure) gets
 * the generic sentence; its own text stays in the console.
 */
import type { MessageKey } from '../shared/i18n.ts';
import { type ErrorReason, EtapeError } from '../shared/protocol.ts';
import { t } from './i18n.ts';

interface ReasonText {
  key: MessageKey;
  /** Param names, in the order of the message's $1, $2… */
  params?: readonly string[];
  /** The sentence when one of the params is missing. */
  bare?: MessageKey;
}

export const ERROR_TEXTS: Record<ErrorReason, ReasonText> = {
  invalidInput: { key: 'errInvalidField', params: ['field'], bare: 'errInvalidInput' },
  notFound: { key: 'errNotFound' },
  conflict: { key: 'errConflict' },
  refused: { key: 'errRefused' },
  storageFailed: { key: 'errStorageFailed' },
  internal: { key: 'errInternal' },
  unknownMessage: { key: 'errUnknownMessage' },
  notFromEtape: { key: 'errNotFromEtape' },
  notInTab: { key: 'errNotInTab' },
  noAnswer: { key: 'errNoAnswer' },
  storageFull: { key: 'errStorageFull' },
  prospectNotFound: { key: 'errProspectNotFound' },
  prospectMoved: { key: 'errProspectMoved' },
  stageNotFound: { key: 'errStageNotFound' },
  alreadyInStage: { key: 'errAlreadyInStage' },
  noNextStage: { key: 'errNoNextStage' },
  lostNeedsReason: { key: 'errLostNeedsReason' },
  nothingToUndo: { key: 'errNothingToUndo' },
  noOutcomeStage: { key: 'errNoOutcomeStage' },
  actionNotFound: { key: 'errActionNotFound' },
  mergeSelf: { key: 'errMergeSelf' },
  mergeTwoProfiles: { key: 'errMergeTwoProfiles' },
  linkedinIdsOfTwoProspects: { key: 'errLinkedinIdsOfTwoProspects' },
  linkedToOtherProfile: { key: 'errLinkedToOtherProfile' },
  sampleNeedsEmpty: { key: 'errSampleNeedsEmpty' },
  deleteNeedsPhrase: { key: 'errDeleteNeedsPhrase' },
  processInvalid: { key: 'errProcessInvalid', params: ['field'], bare: 'errProcessInvalidBare' },
  processMoveRequired: {
    key: 'errProcessMoveRequired',
    params: ['stage'],
    bare: 'errProcessMoveRequiredBare',
  },
  backupTruncated: { key: 'errBackupTruncated' },
  backupNotJson: { key: 'errBackupNotJson', params: ['position'], bare: 'errBackupNotJsonBare' },
  backupNotEtape: { key: 'errBackupNotEtape' },
  backupNoVersion: { key: 'errBackupNoVersion' },
  backupTooNew: { key: 'errBackupTooNew', params: ['version', 'supported'] },
  backupInvalid: { key: 'errBackupInvalid', params: ['where'], bare: 'errBackupInvalidBare' },
  backupDuplicate: { key: 'errBackupDuplicate', params: ['where'], bare: 'errBackupInvalidBare' },
  backupOrphan: { key: 'errBackupOrphan', params: ['where'], bare: 'errBackupInvalidBare' },
  // -- sync --
  syncBadUrl: { key: 'errSyncBadUrl' },
  syncWrongPassword: { key: 'errSyncWrongPassword' },
  syncUnreachable: { key: 'errSyncUnreachable' },
  syncNotMember: { key: 'errSyncNotMember' },
};

/** The failure as one sentence of the user's language. */
export function errorMessage(failure: unknown): string {
  if (!(failure instanceof EtapeError)) {
    // Not ours (a closed message port, a bug): the details are for developers.
    console.warn('Etape:', failure);
    return t('errInternal');
  }
  // A reason this page does not know (a newer worker mid-update) gets the generic sentence.
  const text = ERROR_TEXTS[failure.reason] ?? ERROR_TEXTS.internal;
  const values = (text.params ?? []).map((name) => failure.params?.[name]);
  if (values.some((value) => value === undefined || value === '')) return t(text.bare ?? text.key);
  return t(text.key, ...(values as string[]));
}

/** "Something went wrong: <the sentence>", for status lines that do not say what was tried. */
export function errorText(failure: unknown): string {
  return t('errorGeneric', errorMessage(failure));
}
