/**
 * The badge shown next to a tracked prospect in Gmail and LinkedIn: "Qualified · 6 d", coloured
 * by how far over its stage target the prospect is. Clicking it opens a small card with the
 * stage's next-step actions and an Advance button. Rendered inside a shadow root (mount.ts).
 * Keyboard: Enter or Space opens the card with focus on Advance (or on the card), Escape or
 * an Advance closes it with focus back on the badge, where the user was.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../browser/error-text.ts';
import { formatDuration, t } from '../../browser/i18n.ts';
import { nextStage, stageById } from '../../shared/process.ts';
import type { Process, Prospect } from '../../shared/schemas.ts';
import { targetStatus } from '../../shared/timing.ts';
import { isUserGesture } from './gesture.ts';

export interface StageBadgeProps {
  prospect: Prospect;
  process: Process;
  now: number;
  /** Moves the prospect to the next stage; rejects with a message to show. */
  onAdvance(prospect: Prospect): Promise<void>;
}

export function StageBadge({ prospect, process, now, onAdvance }: StageBadgeProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chip = useRef<HTMLButtonElement>(null);
  const card = useRef<HTMLSpanElement>(null);
  const stage = stageById(process, prospect.stageId);
  const elapsed = Math.max(0, now - prospect.stageEnteredAt);
  const status = targetStatus(elapsed, stage?.targetDays ?? null);
  const next = nextStage(process, prospect.stageId);
  const label = `${stage?.name ?? prospect.stageId} · ${formatDuration(elapsed)}`;

  const advance = async (event: Event) => {
    // A page script clicking for the user writes nothing (./gesture.ts).
    if (!isUserGesture(event) || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onAdvance(prospect);
      close();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  /** Focus is ours to move: in this badge, or dropped to the page by a control disabled. */
  const focusIsOurs = () => {
    const active = document.activeElement;
    const root = chip.current?.getRootNode();
    return (
      !active || active === document.body || (root instanceof ShadowRoot && active === root.host)
    );
  };
  const close = () => {
    setOpen(false);
    if (focusIsOurs()) chip.current?.focus();
  };
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) close();
  };

  // Opened: focus into the card, as a dialog takes it (Advance, the one action it offers).
  useEffect(() => {
    if (!open) return;
    const target = card.current?.querySelector<HTMLElement>('.advance') ?? card.current;
    target?.focus();
  }, [open]);

  return (
    <span class="etape">
      <button
        ref={chip}
        type="button"
        class="chip"
        data-level={status.level}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={`${prospect.name} — ${t('timeInStage')}`}
        onClick={() => setOpen(!open)}
        onKeyDown={closeOnEscape}
      >
        {label}
      </button>
      {open && (
        <span
          ref={card}
          class="card"
          role="dialog"
          aria-label={prospect.name}
          tabIndex={-1}
          onKeyDown={closeOnEscape}
        >
          <strong class="name">{prospect.name}</strong>
          <span class="meta">
            {stage?.name} · {formatDuration(elapsed)}
            {stage?.targetDays ? ` / ${formatDuration(stage.targetDays * 86_400_000)}` : ''}
          </span>
          {stage && stage.actions.length > 0 && (
            <>
              <span class="heading">{t('nextSteps')}</span>
              <ul>
                {stage.actions.map((action) => (
                  <li key={action.id}>{action.label}</li>
                ))}
              </ul>
            </>
          )}
          {next && (
            <button
              type="button"
              class="advance"
              // Not `disabled`: that would drop the keyboard focus to the page while it runs.
              aria-disabled={busy}
              onClick={advance}
              data-etape-action="advance"
            >
              {t('advanceStage')} → {next.name}
            </button>
          )}
          {error && (
            <span class="error" role="alert">
              {error}
            </span>
          )}
        </span>
      )}
    </span>
  );
}

export const STAGE_BADGE_CSS = `
:host { all: initial; }
.etape { position: relative; font: 12px/1.3 system-ui, -apple-system, 'Segoe UI', sans-serif; }
.chip { font: inherit; border: 1px solid currentColor; border-radius: 10px; padding: 1px 7px; margin: 0 4px;
  background: #eef2fb; color: #1e49a5; cursor: pointer; white-space: nowrap; }
.chip[data-level='due'] { background: #fff4e0; color: #794300; }
.chip[data-level='over'] { background: #fde8e6; color: #921f18; }
.chip[data-level='late'] { background: #a5231c; color: #fff; }
.chip:focus-visible, .advance:focus-visible { outline: 2px solid #2150b4; outline-offset: 2px; }
.card { position: absolute; z-index: 2147483000; top: 100%; left: 0; margin-top: 4px; min-width: 240px; max-width: 320px;
  display: flex; flex-direction: column; gap: 4px; padding: 10px 12px; border-radius: 8px;
  background: #fff; color: #1d2330; border: 1px solid #dde1e8; box-shadow: 0 4px 16px rgba(0,0,0,.15); }
.meta { color: #4f5666; }
.heading { font-weight: 600; margin-top: 4px; }
ul { margin: 0; padding-left: 18px; }
.advance { font: inherit; margin-top: 6px; padding: 4px 8px; border-radius: 6px; border: 0; background: #2150b4; color: #fff; cursor: pointer; }
.advance[aria-disabled='true'] { opacity: .6; cursor: progress; }
.error { color: #a5231c; }
@media (prefers-color-scheme: dark) {
  .chip { background: #1f2a44; color: #9bb9ff; }
  .chip[data-level='due'] { background: #3a2a10; color: #f0b35a; }
  .chip[data-level='over'] { background: #3d1614; color: #ff9289; }
  .chip[data-level='late'] { background: #ff8a80; color: #161a22; }
  .card { background: #161a22; color: #e6e9ef; border-color: #2c3340; }
  .meta { color: #a3abbb; }
  .advance { background: #8fb0ff; color: #161a22; }
  .error { color: #ff8a80; }
  .chip:focus-visible, .advance:focus-visible { outline-color: #9bb9ff; }
}
`;
