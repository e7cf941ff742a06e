/**
 * One prospect's cockpit: who they are, where they stand against the stage target, the stage's
 * next steps, the stage moves (Advance, Move to…, Won, Lost, Undo), a manual touchpoint form
 * and the recent timeline. Reloads itself after any write that concerns this prospect.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { onChange, send } from '../browser/client.ts';
import { formatDuration, t } from '../browser/i18n.ts';
import { nextStage, stageById } from '../shared/process.ts';
import type { Stage } from '../shared/schemas.ts';
import { DAY_MS, targetStatus } from '../shared/timing.ts';
import { useKeptFocus } from '../ui/kept-focus.ts';
import { LostReasonFields, useLostReason } from '../ui/lost-reason.tsx';
import { ago, CHANNEL_KEYS, errorText, KIND_KEYS } from './format.ts';
import { type Detail, loadDetail } from './loader.ts';

export interface ProspectCardProps {
  prospectId: string;
  /** The detail already fetched with the popup's first data; fetched here otherwise. */
  initial?: Detail | undefined;
}

export function ProspectCard({ prospectId, initial }: ProspectCardProps) {
  const [detail, setDetail] = useState<Detail | null>(initial ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const hasInitial = useRef(initial !== undefined);
  // Advance, Undo and the rest disable themselves while they run, and Undo goes once there is
  // nothing left to undo: focus comes back to the control, or to Advance (../ui/kept-focus.ts).
  const focus = useKeptFocus<HTMLElement>({ fallback: '[data-etape-action="advance"]' });

  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      loadDetail(prospectId).then(
        (loaded) => !controller.signal.aborted && setDetail(loaded),
        (failure: unknown) => setError(errorText(failure)),
      );
    if (!hasInitial.current) void load();
    hasInitial.current = false;
    onChange((event) => {
      if (event.prospectIds.includes(prospectId) || event.what === 'process') void load();
    }, controller.signal);
    return () => controller.abort();
  }, [prospectId]);

  if (!detail) {
    return (
      <article class="card" aria-busy="true" data-prospect-id={prospectId}>
        {error ? <p role="alert">{error}</p> : <p class="muted">{t('loading')}</p>}
      </article>
    );
  }

  const { prospect, process } = detail;
  const now = Date.now();
  const stage = stageById(process, prospect.stageId);
  const elapsed = Math.max(0, now - prospect.stageEnteredAt);
  const target = targetStatus(elapsed, stage?.targetDays ?? null);

  /** Every write goes through here: one at a time, errors shown, success announced. */
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setStatus(done);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const headingId = `prospect-${prospect.id}-name`;
  return (
    <article
      ref={focus.ref}
      onFocusIn={focus.onFocusIn}
      onFocusOut={focus.onFocusOut}
      class="card"
      aria-labelledby={headingId}
      data-prospect-id={prospect.id}
      data-stage-id={prospect.stageId}
    >
      <header>
        <h2 id={headingId}>
          <strong>{prospect.name}</strong>
        </h2>
        {(prospect.title || prospect.company) && (
          <p class="muted who">{[prospect.title, prospect.company].filter(Boolean).join(' · ')}</p>
        )}
        <ChannelLinks emails={prospect.emails} linkedinUrl={prospect.linkedinUrl} />
      </header>

      <dl class="facts">
        <div>
          <dt>{t('popupStage')}</dt>
          <dd data-etape="stage-name">{stage?.name ?? prospect.stageId}</dd>
        </div>
        <div>
          <dt>{t('timeInStage')}</dt>
          <dd data-etape="time-in-stage" data-level={target.level}>
            {formatDuration(elapsed)}
            {stage?.targetDays ? (
              <span class="muted">
                {' '}
                {t('popupTargetOf', formatDuration(stage.targetDays * DAY_MS))}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('popupFirstTouch')}</dt>
          <dd>{ago(detail.firstTouchAt, now)}</dd>
        </div>
        <div>
          <dt>{t('popupLastTouch')}</dt>
          <dd>{ago(prospect.lastTouchAt, now)}</dd>
        </div>
      </dl>
      {prospect.status === 'lost' && prospect.lostReason && (
        <p class="muted">{t('popupLostBecause', prospect.lostReason)}</p>
      )}

      {stage && stage.actions.length > 0 && (
        <NextSteps detail={detail} stage={stage} busy={busy} run={run} />
      )}

      <StageControls detail={detail} busy={busy} run={run} />
      <LogTouchpoint prospectId={prospect.id} busy={busy} run={run} />
      <Timeline detail={detail} now={now} />

      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="sr-only" role="status">
        {status}
      </p>
    </article>
  );
}

type Run = (work: () => Promise<unknown>, done: string) => Promise<void>;

function ChannelLinks({ emails, linkedinUrl }: { emails: string[]; linkedinUrl?: string }) {
  if (emails.length === 0 && !linkedinUrl) return null;
  return (
    <ul class="links" aria-label={t('popupChannels')}>
      {emails.map((email) => (
        <li key={email}>
          <a href={`mailto:${email}`}>{email}</a>
        </li>
      ))}
      {linkedinUrl && (
        <li>
          <a href={linkedinUrl} target="_blank" rel="noreferrer">
            {t('channelLinkedin')}
          </a>
        </li>
      )}
    </ul>
  );
}

function NextSteps({
  detail,
  stage,
  busy,
  run,
}: {
  detail: Detail;
  stage: Stage;
  busy: boolean;
  run: Run;
}) {
  const done = new Set(
    detail.actionChecks
      .filter((check) => check.stageId === stage.id)
      .map((check) => check.actionId),
  );
  return (
    <fieldset class="steps">
      <legend>
        {t('nextSteps')}{' '}
        <span class="muted">
          {t('popupStepsDone', String(done.size), String(stage.actions.length))}
        </span>
      </legend>
      {stage.actions.map((action) => (
        <label key={action.id} class="step">
          <input
            type="checkbox"
            checked={done.has(action.id)}
            disabled={busy}
            data-action-id={action.id}
            onChange={(event) =>
              void run(
                () =>
                  send('checkAction', {
                    prospectId: detail.prospect.id,
                    stageId: stage.id,
                    actionId: action.id,
                    done: event.currentTarget.checked,
                  }),
                t('popupSaved'),
              )
            }
          />{' '}
          {action.label}
        </label>
      ))}
    </fieldset>
  );
}

function StageControls({ detail, busy, run }: { detail: Detail; busy: boolean; run: Run }) {
  const { prospect, process, stageChanges } = detail;
  const [moveTo, setMoveTo] = useState('');
  const [losing, setLosing] = useState(false);
  const lostReason = useLostReason(process);
  const next = nextStage(process, prospect.stageId);
  const won = process.stages.find((stage) => stage.kind === 'won' && !stage.archived);
  const movable = process.stages.filter(
    (stage) => !stage.archived && stage.kind !== 'lost' && stage.id !== prospect.stageId,
  );
  const previous = stageChanges.length > 1 ? stageChanges.at(-2) : undefined;
  const previousStage = previous ? stageById(process, previous.to) : undefined;
  const guard = { prospectId: prospect.id, fromStageId: prospect.stageId };
  const chosenReason = lostReason.chosen;

  return (
    <section class="controls" aria-label={t('popupStageControls')}>
      <div class="row">
        {next && (
          <button
            type="button"
            class="primary"
            disabled={busy}
            data-etape-action="advance"
            onClick={() =>
              void run(() => send('advanceStage', guard), t('popupMovedTo', next.name))
            }
          >
            {t('advanceStage')} → {next.name}
          </button>
        )}
        {won && prospect.status === 'open' && next?.id !== won.id && (
          <button
            type="button"
            disabled={busy}
            data-etape-action="won"
            onClick={() =>
              void run(
                () => send('markWon', { prospectId: prospect.id }),
                t('popupMovedTo', won.name),
              )
            }
          >
            {t('popupWon')}
          </button>
        )}
        {prospect.status !== 'lost' && (
          <button
            type="button"
            disabled={busy}
            aria-expanded={losing}
            data-etape-action="lost"
            onClick={() => setLosing(!losing)}
          >
            {t('popupLost')}
          </button>
        )}
        {previous && (
          <button
            type="button"
            disabled={busy}
            data-etape-action="undo"
            title={t('popupUndoTitle', previousStage?.name ?? previous.to)}
            onClick={() =>
              void run(
                () => send('undoStageChange', { prospectId: prospect.id }),
                t('popupMovedTo', previousStage?.name ?? previous.to),
              )
            }
          >
            {t('popupUndo')}
          </button>
        )}
      </div>

      {losing && (
        <form
          class="lost"
          aria-label={t('popupLostForm')}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setLosing(false);
          }}
          onSubmit={(event) => {
            event.preventDefault();
            if (!chosenReason) return;
            void run(
              () => send('markLost', { prospectId: prospect.id, reason: chosenReason }),
              t('popupMovedTo', t('statusLost')),
            ).then(() => setLosing(false));
          }}
        >
          <LostReasonFields
            process={process}
            state={lostReason}
            selectHook={{ 'data-etape': 'lost-reason' }}
            otherHook={{ 'data-etape': 'lost-other' }}
          />
          <button type="submit" disabled={busy || !chosenReason} data-etape-action="confirm-lost">
            {t('popupMarkLost')}
          </button>
        </form>
      )}

      <form
        class="row"
        aria-label={t('popupMoveTo')}
        onSubmit={(event) => {
          event.preventDefault();
          const target = stageById(process, moveTo);
          if (!target) return;
          void run(
            () =>
              target.kind === 'won'
                ? send('markWon', { prospectId: prospect.id })
                : send('setStage', { ...guard, stageId: target.id }),
            t('popupMovedTo', target.name),
          ).then(() => setMoveTo(''));
        }}
      >
        <label>
          {t('popupMoveTo')}{' '}
          <select
            value={moveTo}
            data-etape="move-to"
            onChange={(event) => setMoveTo(event.currentTarget.value)}
          >
            <option value="">{t('popupChooseStage')}</option>
            {movable.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !moveTo} data-etape-action="move">
          {t('popupMove')}
        </button>
      </form>
    </section>
  );
}

const MANUAL_KINDS = ['call', 'meeting', 'note'] as const;

function LogTouchpoint({ prospectId, busy, run }: { prospectId: string; busy: boolean; run: Run }) {
  const [kind, setKind] = useState<(typeof MANUAL_KINDS)[number]>('call');
  const [summary, setSummary] = useState('');
  // One key per submission, kept until it succeeds: a retry after a failure is deduped.
  const key = useRef<string | null>(null);

  return (
    <form
      class="log"
      aria-label={t('popupLogTouchpoint')}
      onSubmit={(event) => {
        event.preventDefault();
        key.current ??= `manual:${crypto.randomUUID()}`;
        const submitted = key.current;
        const text = summary.trim();
        void run(
          async () => {
            await send('logTouchpoints', {
              touchpoints: [
                {
                  prospectId,
                  channel: 'manual',
                  kind,
                  at: Date.now(),
                  key: submitted,
                  ...(text ? { summary: text } : {}),
                },
              ],
            });
            key.current = null;
            setSummary('');
          },
          t('popupLogged', t(KIND_KEYS[kind])),
        );
      }}
    >
      <span class="heading">{t('popupLogTouchpoint')}</span>
      <div class="row">
        <select
          aria-label={t('popupTouchpointKind')}
          value={kind}
          data-etape="log-kind"
          onChange={(event) => {
            setKind(event.currentTarget.value as (typeof MANUAL_KINDS)[number]);
            key.current = null;
          }}
        >
          {MANUAL_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(KIND_KEYS[option])}
            </option>
          ))}
        </select>
        <input
          type="text"
          maxLength={300}
          placeholder={t('popupSummaryPlaceholder')}
          aria-label={t('popupSummary')}
          value={summary}
          data-etape="log-summary"
          onInput={(event) => {
            setSummary(event.currentTarget.value);
            key.current = null;
          }}
        />
        <button type="submit" disabled={busy} data-etape-action="log">
          {t('popupLog')}
        </button>
      </div>
    </form>
  );
}

function Timeline({ detail, now }: { detail: Detail; now: number }) {
  return (
    <section class="timeline" aria-label={t('recentTouchpoints')}>
      <span class="heading">
        {t('recentTouchpoints')} <span class="muted">({detail.touchpointCount})</span>
      </span>
      {detail.touchpoints.length === 0 ? (
        <p class="muted">{t('popupNoTouchpoints')}</p>
      ) : (
        <ol>
          {detail.touchpoints.map((touchpoint) => (
            <li key={touchpoint.key} data-kind={touchpoint.kind}>
              <span class="channel">{t(CHANNEL_KEYS[touchpoint.channel])}</span>{' '}
              <span>{t(KIND_KEYS[touchpoint.kind])}</span>{' '}
              <time dateTime={new Date(touchpoint.at).toISOString()} class="muted">
                {ago(touchpoint.at, now)}
              </time>{' '}
              <span class="muted">
                · {stageById(detail.process, touchpoint.stageId)?.name ?? touchpoint.stageId}
              </span>
              {touchpoint.summary && <span class="summary">{touchpoint.summary}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
