/**
 * Why a deal was lost, asked the same way wherever a prospect can be marked lost (the popup's
 * Lost form, the board's Move dialog): one of the process's reasons, or "Other" with the rep's
 * own words. The data attributes are the caller's (tests and each page's styles hook on them).
 */
import { useState } from 'preact/hooks';
import { t } from '../browser/i18n.ts';
import type { Process } from '../shared/schemas.ts';

const OTHER_REASON = '__other__';

export interface LostReason {
  reason: string;
  setReason(reason: string): void;
  other: string;
  setOther(other: string): void;
  /** What gets stored; empty while "Other" has no words yet. */
  chosen: string;
}

export function useLostReason(process: Process): LostReason {
  const [reason, setReason] = useState(process.lostReasons[0]?.label ?? OTHER_REASON);
  const [other, setOther] = useState('');
  return {
    reason,
    setReason,
    other,
    setOther,
    chosen: reason === OTHER_REASON ? other.trim() : reason,
  };
}

export function LostReasonFields(props: {
  process: Process;
  state: LostReason;
  selectHook: Record<string, string>;
  otherHook?: Record<string, string>;
}) {
  const { process, state } = props;
  return (
    <>
      <label>
        {t('popupLostReason')}{' '}
        <select
          value={state.reason}
          {...props.selectHook}
          onChange={(event) => state.setReason(event.currentTarget.value)}
        >
          {process.lostReasons.map((option) => (
            <option key={option.id} value={option.label}>
              {option.label}
            </option>
          ))}
          <option value={OTHER_REASON}>{t('popupLostOther')}</option>
        </select>
      </label>
      {state.reason === OTHER_REASON && (
        <label>
          {t('popupLostOtherLabel')}{' '}
          <input
            type="text"
            maxLength={200}
            required
            value={state.other}
            {...props.otherHook}
            onInput={(event) => state.setOther(event.currentTarget.value)}
          />
        </label>
      )}
    </>
  );
}
