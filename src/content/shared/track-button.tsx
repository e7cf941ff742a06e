/**
 * The one-click "Track" control next to an untracked person in a host page. It only calls
 * `onTrack`; the badge replaces it once the background reports the new prospect. Rendered
 * inside a shadow root (mount.ts).
 */
import { useState } from 'preact/hooks';
import { errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import { isUserGesture } from './gesture.ts';

export interface TrackButtonProps {
  name: string;
  /** Creates the prospect; rejects with a message to show. */
  onTrack(): Promise<void>;
}

export function TrackButton({ name, onTrack }: TrackButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const track = async (event: Event) => {
    // The host row or header may react to clicks (open a thread, expand a message).
    event.stopPropagation();
    // A page script clicking for the user writes nothing (./gesture.ts).
    if (!isUserGesture(event) || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onTrack();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="etape">
      <button
        type="button"
        class="track"
        // Not `disabled`: that would drop the keyboard focus to the page while it runs (and
        // the badge replacing this control takes the focus over: ./mount.ts).
        aria-disabled={busy}
        aria-label={t('trackTitle', name)}
        title={t('trackTitle', name)}
        onClick={track}
      >
        + {t('track')}
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
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
