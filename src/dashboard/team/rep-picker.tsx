/** Whose figures the overview and the won deals show: everyone's, or one rep's. */
import { t } from '../../browser/i18n.ts';
import type { RepKey } from '../../shared/analytics.ts';
import type { RepFilter } from '../route-id.ts';
import { repFromOption, repLabel, repOptionValue } from './reps.ts';

export function RepPicker(props: {
  reps: readonly RepKey[];
  value: RepFilter;
  onChange(rep: RepFilter): void;
}) {
  const { value } = props;
  // A filter on a rep who owns nothing (an old bookmark) stays shown, so the choice is visible.
  const reps =
    value === undefined || props.reps.some((key) => key.rep === value)
      ? props.reps
      : [...props.reps, { rep: value, self: false }];
  return (
    <p class="rep-picker">
      <label>
        {t('repFilterLabel')}{' '}
        <select
          name="rep"
          value={repOptionValue(value)}
          onChange={(event) =>
            props.onChange(repFromOption((event.currentTarget as HTMLSelectElement).value))
          }
        >
          <option value="">{t('repFilterAll')}</option>
          {reps.map((key) => (
            <option key={repOptionValue(key.rep)} value={repOptionValue(key.rep)}>
              {repLabel(key)}
            </option>
          ))}
        </select>
      </label>
    </p>
  );
}
