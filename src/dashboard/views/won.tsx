/** `#/won`: the won deals of the period step by step, their common pattern, the lost for contrast. */
import type { SectionDef } from '../sections/index.ts';
import { RetrospectiveSection } from '../sections/retrospective.tsx';
import { FiguresView } from './figures-view.tsx';
import type { ViewProps } from './view.ts';

const SECTIONS: SectionDef[] = [
  { id: 'retrospective', title: 'dashRetroTitle', Component: RetrospectiveSection },
];

export function View(props: ViewProps) {
  return <FiguresView {...props} sections={SECTIONS} />;
}
