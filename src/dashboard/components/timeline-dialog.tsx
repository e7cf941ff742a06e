/**
 * A prospect's full timeline: every stage change and touchpoint, oldest first, in a modal
 * <dialog> (focus moves in, Escape closes, focus returns to the button that opened it).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../../browser/client.ts';
import { errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import type { ResponseMap } from '../../shared/messages.ts';
import { formatDateTime, formatNumber, KIND_KEYS, lostReasonLabel, stageName } from '../format.ts';

type Timeline = ResponseMap['getTimeline'];

export function TimelineDialog(props: { prospectId: string | null; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { prospectId, onClose } = props;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!prospectId) {
      if (element.open) element.close();
      return;
    }
    setTimeline(null);
    setError(null);
    if (!element.open) element.showModal();
    let live = true;
    send('getTimeline', { prospectId }).then(
      (reply) => live && setTimeline(reply),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [prospectId]);

  const events = timeline ? timelineEvents(timeline) : [];
  return (
    <dialog
      ref={dialog}
      class="timeline"
      aria-labelledby="timeline-title"
      data-timeline={prospectId ?? undefined}
      onClose={onClose}
    >
      <header>
        <h2 id="timeline-title">
          {timeline ? t('dashTimelineTitle', timeline.prospect.name) : t('loading')}
        </h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          {t('dashClose')}
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {timeline && (
        <>
          <p class="muted">
            {[timeline.prospect.company, stageName(timeline.process, timeline.prospect.stageId)]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {timeline.touchpointCount > timeline.touchpoints.length && (
            <p class="muted">
              {t(
                'dashTimelineTruncated',
                formatNumber(timeline.touchpoints.length),
                formatNumber(timeline.touchpointCount),
              )}
            </p>
          )}
          <ol class="events">
            {events.map((event) => (
              <li key={event.key} data-event={event.type}>
                <time dateTime={new Date(event.at).toISOString()}>{formatDateTime(event.at)}</time>{' '}
                <span>{event.text}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </dialog>
  );
}

interface TimelineEvent {
  key: string;
  type: 'stage' | 'touchpoint';
  at: number;
  text: string;
}

function timelineEvents(timeline: Timeline): TimelineEvent[] {
  const { process } = timeline;
  const events: TimelineEvent[] = timeline.stageChanges.map((change, index) => {
    let text =
      change.from === null
        ? t('dashTracked', stageName(process, change.to))
        : t('dashStepLabel', stageName(process, change.from), stageName(process, change.to));
    if (change.lostReason) text += ` — ${lostReasonLabel(process, change.lostReason)}`;
    return { key: `s${change.id ?? index}`, type: 'stage', at: change.at, text };
  });
  for (const [index, touchpoint] of timeline.touchpoints.entries()) {
    const label = t(KIND_KEYS[touchpoint.kind]);
    events.push({
      key: `t${touchpoint.id ?? index}`,
      type: 'touchpoint',
      at: touchpoint.at,
      text: touchpoint.summary ? `${label}: ${touchpoint.summary}` : label,
    });
  }
  // Stable sort: at equal times a stage change stays before the touchpoints it explains.
  return events.sort((a, b) => a.at - b.at);
}
