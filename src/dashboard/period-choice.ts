/**
 * The period the dashboard opens on: the rolling 90 days until the user picks another preset,
 * then that one. Kept in the page's localStorage (per browser profile, so per user) rather than
 * in the worker's settings: the page's first script reads it synchronously and asks for those
 * figures before any other code has loaded. A custom range is not kept: next week it would be
 * stale, so the next opening is on the last preset instead.
 */
import { DEFAULT_PRESET, PERIOD_PRESETS, type PeriodPreset } from '../shared/period.ts';

export type StoredPreset = Exclude<PeriodPreset, 'custom'>;

const KEY = 'etape:dashboard-period';

export function rememberedPreset(): StoredPreset {
  try {
    const stored = localStorage.getItem(KEY);
    const known = PERIOD_PRESETS.find((preset) => preset === stored);
    return known && known !== 'custom' ? known : DEFAULT_PRESET;
  } catch {
    // Storage off (a locked-down profile): the default every time.
    return DEFAULT_PRESET;
  }
}

export function rememberPreset(preset: StoredPreset): void {
  try {
    localStorage.setItem(KEY, preset);
  } catch {
    // Not remembered; the choice still applies to this visit.
  }
}
