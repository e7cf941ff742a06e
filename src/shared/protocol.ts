/**
 * The zod-free half of the message protocol: what content scripts need at runtime (errors, the
 * change channel). Schemas live in messages.ts, which only the background and pages load.
 */
import type { ErrorReason } from './error-reasons.ts';

export type { ErrorReason } from './error-reasons.ts';

export const ERROR_CODES = [
  'invalid',
  'not_found',
  'conflict',
  'refused',
  'storage',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Details a translated error message shows (a field, a line, a version), by placeholder name. */
export type ErrorParams = Record<string, string>;

export interface ErrorInfo {
  code: ErrorCode;
  /** What went wrong precisely; pages show its sentence from _locales (src/browser/error-text.ts). */
  reason: ErrorReason;
  params?: ErrorParams;
  /** English, for logs and tests; never shown on a page. */
  message: string;
  /** For `invalid`: where in the message each problem is. */
  issues?: Array<{ path: string; message: string }>;
  /**
   * For a `conflict` between records: the prospects involved (e.g. a vanity URL and a member id
   * that belong to two prospects), so the UI can offer to merge them.
   */
  prospectIds?: string[];
}

/** The reason an error of this code gets when it was raised without one of its own. */
const GENERIC_REASON: Record<ErrorCode, ErrorReason> = {
  invalid: 'invalidInput',
  not_found: 'notFound',
  conflict: 'conflict',
  refused: 'refused',
  storage: 'storageFailed',
  internal: 'internal',
};

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

/**
 * What the background publishes after every write, through `storage.local` so that every open
 * Gmail/LinkedIn tab, popup and dashboard hears it without the worker tracking listeners.
 */
export const CHANGE_STORAGE_KEY = 'etape:change';
export interface ChangeEvent {
  seq: number;
  at: number;
  prospectIds: string[];
  what: 'prospect' | 'stage' | 'touchpoint' | 'process' | 'health' | 'action' | 'settings';
}

export class EtapeError extends Error {
  readonly reason: ErrorReason;
  readonly params: ErrorParams | undefined;
  /** For a `conflict` between records: the prospects involved (see ErrorInfo.prospectIds). */
  readonly prospectIds: string[] | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorInfo['issues'],
    detail?: {
      reason: ErrorReason;
      params?: ErrorParams | undefined;
      prospectIds?: string[] | undefined;
    },
  ) {
    super(message);
    this.name = 'EtapeError';
    this.reason = detail?.reason ?? GENERIC_REASON[code];
    // An invalid message without its own reason still says which field.
    const field = issues?.[0]?.path;
    this.params = detail?.params ?? (!detail && field ? { field } : undefined);
    this.prospectIds = detail?.prospectIds;
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      reason: this.reason,
      ...(this.params ? { params: this.params } : {}),
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.prospectIds ? { prospectIds: this.prospectIds } : {}),
    };
  }
}
