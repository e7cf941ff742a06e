/**
 * The one-click "Track" control next to an untracked person in a host page. It only calls
 * `onTrack`; the badge replaces it once the background reports the new prospect. Rendered
 * inside a shadow root (mount.ts), with DOM calls (./view.ts).
 */
import { errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import { isUserGesture } from './gesture.ts';
import { el, setAttribute, type View } from './view.ts';

export interface TrackButtonProps {
  name: string;
  /** Creates the prospect; rejects with a message to show. */
  onTrack(): Promise<void>;
}

export class TrackButton implements View<TrackButtonProps> {
  readonly root: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly error = el('span', { class: 'error', role: 'alert' });
  private busy = false;

  constructor(private props: TrackButtonProps) {
    this.button = el('button', {
      type: 'button',
      class: 'track',
      // Not `disabled`: that would drop the keyboard focus to the page while it runs (and
      // the badge replacing this control takes the focus over: ./mount.ts).
      'aria-disabled': false,
      onClick: (event) => void this.track(event),
    });
    this.root = el('span', { class: 'etape' }, this.button);
    this.update(props);
  }

  update(props: TrackButtonProps): void {
    this.props = props;
    const label = t('trackTitle', props.name);
    setAttribute(this.button, 'aria-label', label);
    this.button.title = label;
    this.button.textContent = `+ ${t('track')}`;
  }

  private async track(event: Event): Promise<void> {
    // The host row or header may react to clicks (open a thread, expand a message).
    event.stopPropagation();
    // A page script clicking for the user writes nothing (./gesture.ts).
    if (!isUserGesture(event) || this.busy) return;
    this.setBusy(true);
    this.error.remove();
    try {
      await this.props.onTrack();
    } catch (failure) {
      this.error.textContent = errorText(failure);
      this.root.append(this.error);
    } finally {
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    setAttribute(this.button, 'aria-disabled', busy);
  }
}

/**
 * Opaque, like the badge: the host page's own background is not ours to know (Gmail keeps a
 * light theme under a dark system), so the text is readable (7:1) on its own background.
 */
export const TRACK_BUTTON_CSS = `
:host { all: initial; }
.etape { font: 12px/1.3 system-ui, -apple-system, 'Segoe UI', sans-serif; }
.track { font: inherit; border: 1px dashed #4f5666; border-radius: 10px; padding: 0 7px; margin: 0 4px;
  background: #fff; color: #3c4350; cursor: pointer; white-space: nowrap; }
.track:hover { border-style: solid; }
.track:focus-visible { outline: 2px solid #2150b4; outline-offset: 2px; }
.track[aria-disabled='true'] { opacity: .6; cursor: progress; }
.error { color: #a5231c; background: #fff; margin-left: 4px; padding: 0 4px; border-radius: 4px; }
@media (prefers-color-scheme: dark) {
  .track { background: #161a22; color: #c9cfdb; border-color: #8a93a6; }
  .track:focus-visible { outline-color: #9bb9ff; }
  .error { background: #161a22; color: #ff8a80; }
}
`;
