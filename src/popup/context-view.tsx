/**
 * The popup with a page in context: a cockpit card per tracked prospect the page shows, and a
 * Track button for each participant who is not tracked yet.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../browser/client.ts';
import { t } from '../browser/i18n.ts';
import { memberIdUrl } from '../shared/linkedin-url.ts';
import type { ProspectContext } from '../shared/messages.ts';
import { errorText } from './format.ts';
import type { Detail, TabContext } from './loader.ts';
import { ProspectCard } from './prospect-card.tsx';

type Participant = NonNullable<TabContext['page']>['participants'][number];

export function ContextView({
  context,
  details = {},
}: {
  context: TabContext;
  /** Already fetched details by prospect id; a card without one loads its own. */
  details?: Record<string, Detail> | undefined;
}) {
  const untracked = untrackedParticipants(context);
  return (
    <section aria-label={t('popupInThisPage')}>
      {context.prospects.map(({ prospect }) => (
        <ProspectCard key={prospect.id} prospectId={prospect.id} initial={details[prospect.id]} />
      ))}
      {untracked.length > 0 && (
        <section class="card" aria-labelledby="untracked-heading">
          <h2 id="untracked-heading">{t('popupUntracked')}</h2>
          <ul class="people">
            {untracked.map((participant) => (
              <TrackRow key={participantKey(participant)} participant={participant} />
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** A participant is tracked when a prospect in context has its address or its profile. */
export function untrackedParticipants(context: TabContext): Participant[] {
  const emails = new Set(context.prospects.flatMap((entry) => entry.prospect.emails));
  // A conversation names people by member-id URL, a profile page by vanity URL: either counts.
  const profiles = new Set(
    context.prospects.flatMap(({ prospect }) => [
      ...(prospect.linkedinUrl ? [prospect.linkedinUrl] : []),
      ...(prospect.linkedinMemberId ? [memberIdUrl(prospect.linkedinMemberId)] : []),
    ]),
  );
  return (context.page?.participants ?? []).filter(
    (participant) =>
      !(participant.email && emails.has(participant.email)) &&
      !(participant.linkedinUrl && profiles.has(participant.linkedinUrl)),
  );
}

function participantKey(participant: Participant): string {
  return participant.email ?? participant.linkedinUrl ?? participant.name ?? '';
}

/** The name to track someone under: the page's, else the address or profile slug. */
function displayName(participant: Participant): string {
  const slug = participant.linkedinUrl?.match(/\/in\/([^/]+)\//)?.[1];
  return participant.name?.trim() || participant.email || (slug ? decodeURIComponent(slug) : '?');
}

function TrackRow({ participant }: { participant: Participant }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [linking, setLinking] = useState(false);
  const name = displayName(participant);
  const track = async () => {
    setBusy(true);
    setError(null);
    try {
      // The context view reloads on the resulting change event and shows the new card.
      await send('trackContact', {
        name,
        emails: participant.email ? [participant.email] : [],
        ...(participant.linkedinUrl ? { linkedinUrl: participant.linkedinUrl } : {}),
      });
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };
  return (
    <li data-participant={participantKey(participant)}>
      <span>
        <strong>{name}</strong>
        {participant.email && participant.email !== name && (
          <span class="muted"> {participant.email}</span>
        )}
      </span>{' '}
      <button
        type="button"
        disabled={busy}
        aria-label={t('trackTitle', name)}
        data-etape-action="track"
        onClick={() => void track()}
      >
        {t('track')}
      </button>
      {participant.linkedinUrl && (
        <button
          type="button"
          disabled={busy}
          aria-expanded={linking}
          data-etape-action="link-open"
          onClick={() => setLinking(!linking)}
        >
          {t('popupLinkExisting')}
        </button>
      )}
      {linking && participant.linkedinUrl && (
        <LinkProfile linkedinUrl={participant.linkedinUrl} onError={setError} />
      )}
      {error && <span role="alert">{error}</span>}
    </li>
  );
}

/**
 * "Link to an existing prospect": the profile on this page belongs to someone already tracked
 * (by email, say). The LinkedIn feature's `linkLinkedinProfile` joins them, merging if the
 * profile was tracked on its own.
 */
function LinkProfile({
  linkedinUrl,
  onError,
}: {
  linkedinUrl: string;
  onError: (message: string | null) => void;
}) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ProspectContext[]>([]);
  useEffect(() => {
    const needle = query.trim();
    if (!needle) {
      setFound([]);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      send('searchProspects', { query: needle, limit: 8 }).then(
        (answer) => !stale && setFound(answer.prospects),
        (failure: unknown) => !stale && onError(errorText(failure)),
      );
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query, onError]);
  const link = (prospectId: string) =>
    send('linkLinkedinProfile', { prospectId, linkedinUrl }).then(
      () => onError(null),
      (failure: unknown) => onError(errorText(failure)),
    );
  return (
    <div class="link">
      <input
        type="search"
        value={query}
        aria-label={t('popupLinkSearch')}
        placeholder={t('popupSearchPlaceholder')}
        data-etape="link-search"
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <ul>
        {found.map(({ prospect }) => (
          <li key={prospect.id}>
            <button
              type="button"
              data-etape-action="link"
              data-prospect-id={prospect.id}
              aria-label={t('popupLinkTo', prospect.name)}
              onClick={() => void link(prospect.id)}
            >
              {prospect.name}
              {prospect.company ? ` · ${prospect.company}` : ''}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
