/** A view's figures sections, each a titled landmark (`data-section` is the test hook). */
import { t } from '../../browser/i18n.ts';
import type { DashboardView, SectionDef } from './index.ts';

export function SectionList({ sections, view }: { sections: SectionDef[]; view: DashboardView }) {
  return (
    <>
      {sections.map((section) => (
        <section
          key={section.id}
          id={section.id}
          data-section={section.id}
          aria-labelledby={`${section.id}-title`}
        >
          <h2 id={`${section.id}-title`}>{t(section.title)}</h2>
          <section.Component view={view} />
        </section>
      ))}
    </>
  );
}
