/**
 * The badge shown next to a tracked prospect in Gmail and LinkedIn: "Qualified · 6 d", coloured
 * by how far over its stage target the prospect is. Clicking it opens a small card with the
 * stage's next-step actions and an Advance button. Rendered inside a shadow root (mount.ts),
 * with DOM calls (./view.ts): the card is built only when it opens.
 * Keyboard: Enter or Space opens the card with focus on Advance (or on the card), Escape or
 * an Advance closes it with focus back on the badge, where the user was.
 */
import { errorMessage } from '../../browser/error-text.ts';
import { formatDuration, t } from '../../browser/i18n.ts';
import { nextStage, stageById } from '../../shared/process.ts';
import type { Process, Prospect } from '../../shared/schemas.ts';
import { targetStatus } from '../../shared/timing.ts';
import { isUserGesture } from './gesture.ts';
import { el, setAttribute, type View } from './view.ts';

export interface StageBadgeProps {
  prospect: Prospect;
  process: Process;
  now: number;
  /** Moves the prospect to the next stage; rejects with a message to show. */
  onAdvance(prospect: Prospect): Promise<void>;
}

export class StageBadge implements View<StageBadgeProps> {
  readonly root: HTMLElement;
  private readonly chip: HTMLButtonElement;
  /** The open card and its parts; null while closed. */
  private card: {
    root: HTMLElement;
    name: HTMLElement;
    meta: HTMLElement;
    /** The heading and list of next steps, after `meta`. */
    steps: Element[];
    advance: HTMLButtonElement;
    error: HTMLElement;
  } | null = null;
  private busy = false;
  private error: string | null = null;

  constructor(private props: StageBadgeProps) {
    this.chip = el('button', {
      type: 'button',
      class: 'chip',
      'aria-haspopup': 'dialog',
      'aria-expanded': false,
      onClick: () => (this.card ? this.close() : this.open()),
      onKeyDown: this.closeOnEscape,
    });
    this.root = el('span', { class: 'etape' }, this.chip);
    this.paint();
  }

  update(props: StageBadgeProps): void {
    this.props = props;
    this.paint();
  }

  private paint(): void {
    const { prospect, process, now } = this.props;
    const stage = stageById(process, prospect.stageId);
    const elapsed = Math.max(0, now - prospect.stageEnteredAt);
    const status = targetStatus(elapsed, stage?.targetDays ?? null);
    setAttribute(this.chip, 'data-level', status.level);
    setAttribute(this.chip, 'aria-expanded', this.card !== null);
    this.chip.title = `${prospect.name} — ${t('timeInStage')}`;
    this.chip.textContent = `${stage?.name ?? prospect.stageId} · ${formatDuration(elapsed)}`;
    const card = this.card;
    if (!card) return;
    setAttribute(card.root, 'aria-label', prospect.name);
    card.name.textContent = prospect.name;
    card.meta.textContent = `${stage?.name ?? ''} · ${formatDuration(elapsed)}${
      stage?.targetDays ? ` / ${formatDuration(stage.targetDays * 86_400_000)}` : ''
    }`;
    const actions = stage?.actions ?? [];
    for (const step of card.steps) step.remove();
    card.steps =
      actions.length > 0
        ? [
            el('span', { class: 'heading' }, t('nextSteps')),
            el('ul', {}, ...actions.map((action) => el('li', {}, action.label))),
          ]
        : [];
    card.meta.after(...card.steps);
    const next = nextStage(process, prospect.stageId);
    // Kept, not rebuilt, while shown: it may hold the focus.
    if (next) {
      card.advance.textContent = `${t('advanceStage')} → ${next.name}`;
      setAttribute(card.advance, 'aria-disabled', this.busy);
      if (!card.advance.isConnected) (card.steps.at(-1) ?? card.meta).after(card.advance);
    } else card.advance.remove();
    if (this.error) {
      card.error.textContent = this.error;
      card.root.append(card.error);
    } else card.error.remove();
  }

  private open(): void {
    const root = el('span', {
      class: 'card',
      role: 'dialog',
      tabindex: -1,
      onKeyDown: this.closeOnEscape,
    });
    const card = {
      root,
      name: el('strong', { class: 'name' }),
      meta: el('span', { class: 'meta' }),
      steps: [] as Element[],
      advance: el('button', {
        type: 'button',
        class: 'advance',
        'data-etape-action': 'advance',
        // Not `disabled`: that would drop the keyboard focus to the page while it runs.
        onClick: (event) => void this.advance(event),
      }),
      error: el('span', { class: 'error', role: 'alert' }),
    };
    root.append(card.name, card.meta);
    this.card = card;
    this.paint();
    this.root.append(root);
    // Opened: focus into the card, as a dialog takes it (Advance, the one action it offers).
    (card.advance.isConnected ? card.advance : root).focus();
  }

  private close(): void {
    const card = this.card;
    if (!card) return;
    this.card = null;
    const hadFocus = this.focusIsOurs();
    card.root.remove();
    this.paint();
    if (hadFocus || this.focusIsOurs()) this.chip.focus();
  }

  private readonly closeOnEscape = (event: Event) => {
    if ((event as KeyboardEvent).key === 'Escape' && this.card) this.close();
  };

  private async advance(event: Event): Promise<void> {
    // A page script clicking for the user writes nothing (./gesture.ts).
    if (!isUserGesture(event) || this.busy) return;
    this.busy = true;
    this.error = null;
    this.paint();
    try {
      await this.props.onAdvance(this.props.prospect);
      this.close();
    } catch (failure) {
      this.error = errorMessage(failure);
    } finally {
      this.busy = false;
      this.paint();
    }
  }

  /** Focus is ours to move: in this badge, or dropped to the page by a control removed. */
  private focusIsOurs(): boolean {
    const active = document.activeElement;
    const root = this.chip.getRootNode();
    return (
      !active || active === document.body || (root instanceof ShadowRoot && active === root.host)
    );
  }
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
