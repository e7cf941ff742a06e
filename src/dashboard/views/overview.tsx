/** `#/overview`: the outcome of the period, its speed, the funnel and where to accelerate. */
import { AccelerateSection } from '../sections/accelerate.tsx';
import { FunnelSection } from '../sections/funnel.tsx';
import type { SectionDef } from '../sections/index.ts';
import { OutcomeSection } from '../sections/outcome.tsx';
import { SpeedSection } from '../sections/speed.tsx';
import { FiguresView } from './figures-view.tsx';
import type { ViewProps } from './view.ts';

const SECTIONS: SectionDef[] = [
  { id: 'outcome', title: 'dashOutcomeTitle', Component: OutcomeSection },
  { id: 'speed', title: 'dashSpeedTitle', Component: SpeedSection },
  { id: 'funnel', title: 'dashFunnelTitle', Component: FunnelSection },
  { id: 'accelerate', title: 'dashAccelerateTitle', Component: AccelerateSection },
];

export function View(props: ViewProps) {
  return <FiguresView {...props} sections={SECTIONS} />;
}
