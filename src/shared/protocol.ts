/**
 * The zod-free half of the message protocol: what content scripts need at runtime (errors, the
 * change channel). Schemas live in messages.ts, which only the background and pages load.
 */

export const ERROR_CODES = [
  'invalid',
  'not_found',
  'conflict',
  'refused',
  'storage',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** For `invalid`: where in the message each problem is. */
  issues?: Array<{ path: string; message: string }>;
  /**
   * For a `conflict` between records: the prospects involved (e.g. a vanity URL and a member id
   * that belong to two prospects), so the UI can offer to merge them.
   */
  prospectIds?: string[];
}

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
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorInfo['issues'],
    readonly prospectIds?: string[],
  ) {
    super(message);
    this.name = 'EtapeError';
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.prospectIds ? { prospectIds: this.prospectIds } : {}),
    };
  }
}
