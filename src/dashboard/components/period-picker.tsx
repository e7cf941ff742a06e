/**
 * The last 30 or 90 days, the last 12 months, this month, last month, this quarter or two chosen
 * days; always compared with the period of the same length just before.
 */
import { useState } from 'preact/hooks';
import { t } from '../../browser/i18n.ts';
import type { MessageKey } from '../../shared/i18n.ts';
import { customPeriod, type Period, type PeriodPreset } from '../../shared/period.ts';
import { formatDate } from '../format.ts';

const PRESETS: Array<[PeriodPreset, MessageKey]> = [
  ['last30', 'dashLast30'],
  ['last90', 'dashLast90'],
  ['last12Months', 'dashLast12Months'],
  ['thisMonth', 'dashThisMonth'],
  ['lastMonth', 'dashLastMonth'],
  ['thisQuarter', 'dashThisQuarter'],
  ['custom', 'dashCustom'],
];

export function PeriodPicker(props: {
  preset: PeriodPreset;
  period: Period;
  previous: Period;
  onPreset(preset: Exclude<PeriodPreset, 'custom'>): void;
  onCustom(period: Period): void;
}) {
  const [showCustom, setShowCustom] = useState(props.preset === 'custom');
  const [from, setFrom] = useState(dayInput(props.period.start));
  const [to, setTo] = useState(dayInput(props.period.end - 1));
  const [invalid, setInvalid] = useState(false);
  const active = showCustom ? 'custom' : props.preset;
  return (
    <div class="period">
      <fieldset class="segmented">
        <legend class="sr-only">{t('dashPeriod')}</legend>
        {PRESETS.map(([preset, label]) => (
          <button
            type="button"
            key={preset}
            data-preset={preset}
            aria-pressed={active === preset}
            onClick={() => {
              if (preset === 'custom') setShowCustom(true);
              else {
                setShowCustom(false);
                props.onPreset(preset);
              }
            }}
          >
            {t(label)}
          </button>
        ))}
      </fieldset>
      {showCustom && (
        <form
          class="custom"
          onSubmit={(event) => {
            event.preventDefault();
            const period = customPeriod(from, to);
            setInvalid(period === null);
            if (period) props.onCustom(period);
          }}
        >
          <label>
            {t('dashFrom')}{' '}
            <input
              type="date"
              name="from"
              value={from}
              onInput={(event) => setFrom(event.currentTarget.value)}
              required
            />
          </label>
          <label>
            {t('dashTo')}{' '}
            <input
              type="date"
              name="to"
              value={to}
              onInput={(event) => setTo(event.currentTarget.value)}
              required
            />
          </label>
          <button type="submit">{t('dashApply')}</button>
          {invalid && <span role="alert">{t('dashInvalidPeriod')}</span>}
        </form>
      )}
      <p class="muted" data-period={`${props.period.start}-${props.period.end}`}>
        {t(
          'dashPeriodRange',
          formatDate(props.period.start),
          formatDate(props.period.end - 1),
          formatDate(props.previous.start),
          formatDate(props.previous.end - 1),
        )}
      </p>
    </div>
  );
}

function dayInput(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
