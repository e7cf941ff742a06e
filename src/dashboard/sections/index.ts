/**
 * The dashboard's sections, in page order. A new section is one file in this folder, one import
 * and one entry below; each receives the same view (figures of the chosen period, the process,
 * a way to open a prospect's timeline) and may ignore what it does not need.
 */
import type { FunctionComponent } from 'preact';
import type { Dashboard } from '../../shared/analytics.ts';
import type { MessageKey } from '../../shared/i18n.ts';
import type { Process } from '../../shared/schemas.ts';
import { AccelerateSection } from './accelerate.tsx';
import { FunnelSection } from './funnel.tsx';
import { OutcomeSection } from './outcome.tsx';
import { RetrospectiveSection } from './retrospective.tsx';
import { SpeedSection } from './speed.tsx';

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

/**
 * `figures` sections appear once there is data and get the view; `always` sections (a process
 * editor, a backup panel) also show on an empty database and get no view.
 */
export type SectionDef = {
  /** Anchor id and test hook (`data-section`). */
  id: string;
  title: MessageKey;
} & (
  | { needs: 'figures'; Component: FunctionComponent<SectionProps> }
  | { needs: 'always'; Component: FunctionComponent }
);

export const SECTIONS: SectionDef[] = [
  { id: 'outcome', title: 'dashOutcomeTitle', needs: 'figures', Component: OutcomeSection },
  { id: 'speed', title: 'dashSpeedTitle', needs: 'figures', Component: SpeedSection },
  { id: 'funnel', title: 'dashFunnelTitle', needs: 'figures', Component: FunnelSection },
  {
    id: 'accelerate',
    title: 'dashAccelerateTitle',
    needs: 'figures',
    Component: AccelerateSection,
  },
  {
    id: 'retrospective',
    title: 'dashRetroTitle',
    needs: 'figures',
    Component: RetrospectiveSection,
  },
];
