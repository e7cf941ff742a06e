/**
 * What team sync (#17) reports to the pages: its state, when it last completed, and why it
 * failed as an error reason the pages translate (src/browser/error-text.ts). The contract
 * between the sync engine (src/background/sync/) and the settings and team views; kept to this
 * shape exactly.
 */
import { z } from 'zod';
import { ERROR_REASONS, type ErrorReason } from './error-reasons.ts';

export const SYNC_STATES = ['off', 'syncing', 'synced', 'offline', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

const REASONS = Object.keys(ERROR_REASONS) as [ErrorReason, ...ErrorReason[]];

export const syncStatusSchema = z.object({
  state: z.enum(SYNC_STATES),
  lastSyncAt: z.number().int().nonnegative().optional(),
  reason: z.enum(REASONS).optional(),
  url: z.string().optional(),
  user: z.string().optional(),
  repName: z.string().optional(),
  pending: z.number().int().nonnegative().optional(),
});

export type SyncStatus = z.infer<typeof syncStatusSchema>;
