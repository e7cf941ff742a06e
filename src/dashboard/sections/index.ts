/**
 * What a figures section receives: the figures of the chosen period, the process, a way to open
 * a prospect's timeline. A section is one file in this folder; the view that shows it lists it
 * (views/overview.tsx, views/won.tsx), so each view's chunk holds only its own sections.
 */
import type { FunctionComponent } from 'preact';
import type { Dashboard } from '../../shared/analytics.ts';
import type { MessageKey } from '../../shared/i18n.ts';
import type { Process } from '../../shared/schemas.ts';

export interface DashboardView {
  process: Process;
  now: number;
  figures: Dashboard;
  /** The currency of the deal values (the first one the prospects use), if any. */
  currency: string | undefined;
  openTimeline(prospectId: string): void;
}

export interface SectionProps {
  view: DashboardView;
}

export interface SectionDef {
  /** Anchor id and test hook (`data-section`). */
  id: string;
  title: MessageKey;
  Component: FunctionComponent<SectionProps>;
}
