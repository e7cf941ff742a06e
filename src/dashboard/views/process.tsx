/** `#/process`: the process editor and its dated versions. */
import { t } from '../../browser/i18n.ts';
import { ProcessEditor } from '../process/process-editor.tsx';
import type { ViewProps } from './view.ts';

export function View({ compareSince }: ViewProps) {
  return (
    <section id="process" data-section="process" aria-label={t('procSectionTitle')}>
      <p class="muted">{t('procIntro')}</p>
      <ProcessEditor onCompareSince={compareSince} />
    </section>
  );
}
