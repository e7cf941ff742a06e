/** What the shell (../app.tsx) gives every view. A view ignores what it does not need. */
import type { Period, PeriodPreset } from '../../shared/period.ts';
import type { RepFilter } from '../route-id.ts';

export interface ViewProps {
  /** The chosen period (views under the period picker); null while a custom one is unset. */
  period: Period | null;
  preset: PeriodPreset;
  /** Whose figures the figures views show (the hash's `?rep=`); undefined for everyone's. */
  rep: RepFilter;
  /** Shows the figures of this rep (a new history entry, as a link would be). */
  setRep(rep: RepFilter): void;
  /** Bumped after the writes the background reports (settled): views read their data again. */
  revision: number;
  /** Asks every view to read its data again now (after a write of its own). */
  refresh(): void;
  /** The prospect's timeline dialog; focus returns where it was when it closes. */
  openTimeline(prospectId: string): void;
  /** The overview for the figures since `at`, against the same length of time before it. */
  compareSince(at: number): void;
}
