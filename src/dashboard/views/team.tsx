/**
 * `#/team`: the period's figures per rep — open prospects, won and lost, median time in each
 * stage — and the team's, with each rep's share. Alone (nobody else's records yet) it shows
 * this browser's rep and says what team sync does; with others' records but sync off (a
 * restored team backup), it says the figures are only as fresh as those records.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../browser/client.ts';
import { errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import type { RepCounts, RepFigures } from '../../shared/analytics.ts';
import type { MessageKey } from '../../shared/i18n.ts';
import type { ResponseMap } from '../../shared/messages.ts';
import { formatDays, formatMoney, formatNumber, formatPercent, stageName } from '../format.ts';
import { routeHref } from '../route-id.ts';
import { repLabel } from '../team/reps.ts';
import type { ViewProps } from './view.ts';

type Team = ResponseMap['getTeam'];

export function View({ period, revision }: ViewProps) {
  const [data, setData] = useState<Team | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = period?.start;
  const end = period?.end;

  useEffect(() => {
    if (start === undefined || end === undefined) return;
    let live = true;
    send('getTeam', { start, end }).then(
      (reply) => {
        if (!live) return;
        setData(reply);
        setError(null);
      },
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [start, end, revision]);

  if (!data) return error ? <p role="alert">{error}</p> : <p class="muted">{t('loading')}</p>;
  const { team, process, currency } = data;
  // Alone, or others' records in this browser (a restored team backup) while sync is off.
  const note: MessageKey | null =
    team.reps.length < 2
      ? 'teamAloneExplain'
      : data.syncState === 'off'
        ? 'teamSyncOffExplain'
        : null;
  return (
    <section id="team" data-section="team" aria-labelledby="team-heading">
      {error && <p role="alert">{error}</p>}
      <h2 id="team-heading">{t('teamFiguresTitle')}</h2>
      <p class="muted">{t('teamIntro')}</p>
      {note && (
        <p class="notice" data-team-note={note === 'teamAloneExplain' ? 'alone' : 'sync-off'}>
          <span>
            {t(note)} <a href={routeHref('settings')}>{t('teamSyncLink')}</a>
          </span>
        </p>
      )}
      <div class="scroll">
        <table class="figures team-figures" data-team-table>
          <caption>{t('teamTableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('teamRep')}</th>
              <th scope="col">{t('teamOpen')}</th>
              <th scope="col">{t('teamWon')}</th>
              <th scope="col">{t('teamLost')}</th>
              <th scope="col">{t('teamConversion')}</th>
              <th scope="col">{t('teamWonValue')}</th>
              {team.team.stages.map((row) => (
                <th scope="col" key={row.stageId} data-stage-id={row.stageId}>
                  {t('teamMedianIn', stageName(process, row.stageId))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {team.reps.map((rep) => (
              <RepRow key={rep.rep ?? ''} rep={rep} currency={currency} />
            ))}
          </tbody>
          <tfoot>
            <tr data-team-total>
              <th scope="row">{t('teamTotal')}</th>
              <Counts counts={team.team} currency={currency} />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function RepRow({ rep, currency }: { rep: RepFigures; currency: string | undefined }) {
  const label = repLabel(rep);
  return (
    <tr data-rep={rep.rep ?? label} data-self={rep.self ? 'true' : undefined}>
      <th scope="row">
        <a href={routeHref('overview', rep.rep)} aria-label={t('teamRepFigures', label)}>
          {label}
        </a>
      </th>
      <Counts counts={rep} share={rep.share} currency={currency} />
    </tr>
  );
}

/** A row's cells: counts with the rep's share of the team's, then the medians per stage. */
function Counts(props: {
  counts: RepCounts;
  share?: RepFigures['share'];
  currency: string | undefined;
}) {
  const { counts, share } = props;
  const count = (key: 'open' | 'won' | 'lost') => (
    <td data-figure={key} data-value={counts[key]}>
      {formatNumber(counts[key])}
      {share && share[key] !== null && (
        <span class="muted share"> ({t('teamShare', formatPercent(share[key]))})</span>
      )}
    </td>
  );
  return (
    <>
      {count('open')}
      {count('won')}
      {count('lost')}
      <td data-figure="conversion">{formatPercent(counts.conversion)}</td>
      <td data-figure="wonValue">{formatMoney(counts.wonValue, props.currency)}</td>
      {counts.stages.map((row) => (
        <td key={row.stageId} data-stage-id={row.stageId} data-n={row.n}>
          {row.median === null ? t('dashNoData') : formatDays(row.median)}
        </td>
      ))}
    </>
  );
}
