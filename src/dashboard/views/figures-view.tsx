/**
 * What the overview and the won-deals view share: the figures of the period, the rep filter
 * once more than one rep owns prospects, the sample-data offer on an empty database, and the
 * view's sections once there is something to measure.
 */
import { useState } from 'preact/hooks';
import { send } from '../../browser/client.ts';
import { errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import { SampleDataBar } from '../components/sample-data-bar.tsx';
import { useFigures } from '../figures.ts';
import type { DashboardView, SectionDef } from '../sections/index.ts';
import { SectionList } from '../sections/section-list.tsx';
import { RepPicker } from '../team/rep-picker.tsx';
import type { ViewProps } from './view.ts';

export function FiguresView({ sections, ...props }: ViewProps & { sections: SectionDef[] }) {
  const { figures, error } = useFigures(props.period, props.preset, props.revision, props.rep);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const sampleAction = async (type: 'loadSampleData' | 'removeSampleData') => {
    setBusy(true);
    setActionError(null);
    try {
      await send(type, {});
      props.refresh();
    } catch (failure) {
      setActionError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const shownError = actionError ?? error;
  if (!figures) {
    return shownError ? <p role="alert">{shownError}</p> : <p class="muted">{t('loading')}</p>;
  }
  const view: DashboardView = {
    process: figures.process,
    now: figures.now,
    figures: figures.dashboard,
    currency: figures.currency,
    openTimeline: props.openTimeline,
  };
  return (
    <div data-figures-preset={figures.preset}>
      {shownError && <p role="alert">{shownError}</p>}
      {(figures.reps.length > 1 || props.rep !== undefined) && (
        <RepPicker reps={figures.reps} value={props.rep} onChange={props.setRep} />
      )}
      <SampleDataBar
        prospects={figures.prospects}
        sampleProspects={figures.sampleProspects}
        busy={busy}
        onLoad={() => void sampleAction('loadSampleData')}
        onRemove={() => void sampleAction('removeSampleData')}
      />
      {figures.prospects > 0 && <SectionList sections={sections} view={view} />}
    </div>
  );
}
