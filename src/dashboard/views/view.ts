/** What the shell (../app.tsx) gives every view. A view ignores what it does not need. */
import type { Period, PeriodPreset } from '../../shared/period.ts';

export interface ViewProps {
  /** The chosen period (views under the period picker); null while a custom one is unset. */
  period: Period | null;
  preset: PeriodPreset;
  /** Bumped after the writes the background reports (settled): views read their data again. */
  revision: number;
  /** Asks every view to read its data again now (after a write of its own). */
  refresh(): void;
  /** The prospect's timeline dialog; focus returns where it was when it closes. */
  openTimeline(prospectId: string): void;
  /** The overview for the figures since `at`, against the same length of time before it. */
  compareSince(at: number): void;
}
