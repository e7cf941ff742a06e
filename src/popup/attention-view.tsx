/**
 * The popup without a prospect in context: the open prospects most over their stage target,
 * those to follow up (our message unanswered past their stage's delay), a search by name,
 * email or company, the daily-reminder switch and links to the dashboard's views.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { onChange, send } from '../browser/client.ts';
import { formatDuration, t } from '../browser/i18n.ts';
import type { ProspectContext, ResponseMap } from '../shared/messages.ts';
import { stageById } from '../shared/process.ts';
import type { Process } from '../shared/schemas.ts';
import { targetStatus } from '../shared/timing.ts';
import { ago, errorText } from './format.ts';
import { ATTENTION_SIZE, type Attention } from './loader.ts';

type FollowUps = ResponseMap['followUps'];

const SEARCH_SIZE = 20;
const FOLLOW_UPS_SIZE = 10;
const SEARCH_DELAY_MS = 150;

export function AttentionView({
  initial,
  onOpen,
}: {
  /** The list already fetched with the popup's first data; fetched here otherwise. */
  initial?: Attention | undefined;
  onOpen: (prospectId: string) => void;
}) {
  const [data, setData] = useState<Attention | null>(initial ?? null);
  const [counts, setCounts] = useState<{ overTarget: number; open: number } | null>(null);
  const [followUps, setFollowUps] = useState<FollowUps | null>(null);
  const hasInitial = useRef(initial !== undefined);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProspectContext[] | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    // After the first paint: counts and follow-ups walk more than the list does.
    const loadCounts = () =>
      Promise.all([
        send('attentionCounts', {}).then(
          (answer) => !controller.signal.aborted && setCounts(answer),
          (failure: unknown) => setError(errorText(failure)),
        ),
        send('followUps', { limit: FOLLOW_UPS_SIZE }).then(
          (answer) => !controller.signal.aborted && setFollowUps(answer),
          (failure: unknown) => setError(errorText(failure)),
        ),
      ]);
    const load = () =>
      send('needsAttention', { limit: ATTENTION_SIZE }).then(
        (answer) => !controller.signal.aborted && setData(answer),
        (failure: unknown) => setError(errorText(failure)),
      );
    // The list first; the counts walk whole index ranges, so they come after it.
    if (hasInitial.current) void loadCounts();
    else void load().then(loadCounts);
    hasInitial.current = false;
    onChange((event) => {
      if (event.what !== 'health' && event.what !== 'settings') void load().then(loadCounts);
    }, controller.signal);
    return () => controller.abort();
  }, []);

  useEffect(() => {
    const needle = query.trim();
    if (!needle) {
      setResults(null);
      return;
    }
    let stale = false;
    // Typing fast must not send a search per keystroke.
    const timer = setTimeout(() => {
      send('searchProspects', { query: needle, limit: SEARCH_SIZE }).then(
        (answer) => !stale && setResults(answer.prospects),
        (failure: unknown) => !stale && setError(errorText(failure)),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query]);

  const process = data?.process;
  const followUpSince = new Map(
    (followUps?.prospects ?? []).map((entry) => [entry.prospect.id, entry.followUpSince]),
  );
  return (
    <>
      <search class="search">
        <input
          type="search"
          value={query}
          placeholder={t('popupSearchPlaceholder')}
          aria-label={t('popupSearch')}
          data-etape="search"
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
      </search>

      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}

      {results && process ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('popupSearchResults', String(results.length))}</h2>
          {results.length === 0 ? (
            <p class="muted">{t('popupNoResults')}</p>
          ) : (
            <ProspectList
              entries={results}
              process={process}
              onOpen={onOpen}
              followUps={followUpSince}
            />
          )}
        </section>
      ) : (
        <section aria-labelledby="attention-heading">
          <h2 id="attention-heading">{t('popupNeedsAttention')}</h2>
          {!data && !error && <p class="muted">{t('loading')}</p>}
          {counts && (
            <p class="muted" data-etape="attention-summary">
              {t('popupOverTargetSummary', String(counts.overTarget), String(counts.open))}
            </p>
          )}
          {data && data.prospects.length === 0 && <p class="muted">{t('popupNothingOpen')}</p>}
          {data && process && (
            <ProspectList
              entries={data.prospects}
              process={process}
              onOpen={onOpen}
              followUps={followUpSince}
            />
          )}
        </section>
      )}

      {!results && followUps && followUps.prospects.length > 0 && (
        <section aria-labelledby="follow-ups-heading" data-etape="follow-ups">
          <h2 id="follow-ups-heading">
            {t('followUpHeading')} <span class="muted">({followUps.total})</span>
          </h2>
          <ProspectList
            entries={followUps.prospects}
            process={followUps.process}
            onOpen={onOpen}
            followUps={followUpSince}
          />
        </section>
      )}

      <RemindersSwitch />
      <p class="links">
        <a
          href={browser.runtime.getURL('src/dashboard/index.html#/pipeline')}
          target="_blank"
          rel="noreferrer"
          data-etape="open-pipeline"
        >
          {t('openPipeline')}
        </a>{' '}
        ·{' '}
        <a
          href={browser.runtime.getURL('src/dashboard/index.html#/overview')}
          target="_blank"
          rel="noreferrer"
          data-etape="open-dashboard"
        >
          {t('openDashboard')}
        </a>
      </p>
    </>
  );
}

function ProspectList({
  entries,
  process,
  onOpen,
  followUps,
}: {
  entries: ProspectContext[];
  process: Process;
  onOpen: (prospectId: string) => void;
  /** When our unanswered message went out, for the prospects to follow up. */
  followUps: ReadonlyMap<string, number>;
}) {
  const now = Date.now();
  return (
    <ul class="prospects">
      {entries.map(({ prospect, lastTouchAt }) => {
        const stage = stageById(process, prospect.stageId);
        const elapsed = Math.max(0, now - prospect.stageEnteredAt);
        const status = targetStatus(elapsed, stage?.targetDays ?? null);
        return (
          <li key={prospect.id} data-prospect-id={prospect.id}>
            <button
              type="button"
              class="prospect"
              // No aria-label: the name a voice-control user says is the text they see.
              onClick={() => onOpen(prospect.id)}
            >
              <span class="line">
                <strong>{prospect.name}</strong>
                {prospect.company && <span class="muted"> · {prospect.company}</span>}
              </span>
              <span class="line">
                <span class="muted">{stage?.name ?? prospect.stageId}</span>{' '}
                <span data-level={status.level} title={t('timeInStage')}>
                  {formatDuration(elapsed)}
                </span>
                <span class="muted">
                  {' '}
                  · {t('popupLastTouch')} {ago(lastTouchAt, now)}
                </span>
              </span>
              {followUps.has(prospect.id) && (
                <span class="line follow-up" data-etape="follow-up">
                  {t('followUpDue', formatDuration(now - (followUps.get(prospect.id) ?? now)))}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The daily reminder needs the optional `notifications` permission; the request must come
 * from the click itself (a user gesture), so it is the first thing the handler does.
 */
function RemindersSwitch() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    send('getSettings', {}).then(
      (answer) => setEnabled(answer.settings.remindersEnabled),
      () => setEnabled(false),
    );
  }, []);

  const toggle = async (input: HTMLInputElement) => {
    const on = input.checked;
    setNote('');
    try {
      if (on) {
        const granted = await browser.permissions.request({ permissions: ['notifications'] });
        if (!granted) {
          // The box was ticked by the click; nothing changed, so untick it.
          input.checked = false;
          setNote(t('popupRemindersDenied'));
          return;
        }
      }
      const answer = await send('updateSettings', { settings: { remindersEnabled: on } });
      setEnabled(answer.settings.remindersEnabled);
      if (!on) await browser.permissions.remove({ permissions: ['notifications'] });
    } catch (failure) {
      input.checked = !on;
      setNote(errorText(failure));
    }
  };

  return (
    <div class="reminders">
      <label>
        <input
          type="checkbox"
          checked={enabled ?? false}
          disabled={enabled === null}
          data-etape="reminders"
          onChange={(event) => void toggle(event.currentTarget)}
        />{' '}
        {t('popupReminders')}
      </label>
      {note && <p role="status">{note}</p>}
    </div>
  );
}
