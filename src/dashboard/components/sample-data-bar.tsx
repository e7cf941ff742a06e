/** "Load sample data" on an empty database; "Remove sample data" while sample records exist. */
import { t } from '../../browser/i18n.ts';
import { formatNumber } from '../format.ts';

export function SampleDataBar(props: {
  prospects: number;
  sampleProspects: number;
  busy: boolean;
  onLoad(): void;
  onRemove(): void;
}) {
  if (props.prospects === 0) {
    return (
      <div class="notice" data-sample="empty">
        <p>{t('dashSampleEmpty')}</p>
        <button type="button" class="primary" disabled={props.busy} onClick={props.onLoad}>
          {props.busy ? t('loading') : t('dashLoadSample')}
        </button>
      </div>
    );
  }
  if (props.sampleProspects === 0) return null;
  return (
    <div class="notice" data-sample="loaded">
      <p>{t('dashSampleShown', formatNumber(props.sampleProspects))}</p>
      <button type="button" disabled={props.busy} onClick={props.onRemove}>
        {props.busy ? t('loading') : t('dashRemoveSample')}
      </button>
    </div>
  );
}
