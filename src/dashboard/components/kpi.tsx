/** One headline figure with the previous period's value and the direction of change. */
import { t } from '../../browser/i18n.ts';
import { trend } from '../format.ts';

export function Kpi(props: {
  id: string;
  /** The outcome's headline figures are also `data-kpi` (won, lost, conversion, value). */
  kpi?: 'won' | 'lost' | 'conversion' | 'value';
  label: string;
  value: number;
  previous: number;
  format: (value: number) => string;
  /** For durations: going down is the good direction. */
  lowerIsBetter?: boolean;
  /** Shown instead of the formatted value (e.g. "—" when there is no rate). */
  display?: string;
}) {
  const change = trend(props.value, props.previous, props.format, props.lowerIsBetter);
  return (
    <div class="kpi" data-figure={props.id} data-kpi={props.kpi} data-value={props.value}>
      <div class="kpi-label">{props.label}</div>
      <div class="kpi-value">{props.display ?? props.format(props.value)}</div>
      <div class="kpi-trend muted">
        <span
          data-trend={change.direction}
          data-good={change.good === null ? undefined : String(change.good)}
        >
          {change.text}
        </span>{' '}
        · {t('dashPrevious', props.format(props.previous))}
      </div>
    </div>
  );
}
