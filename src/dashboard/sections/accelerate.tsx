/** Where to accelerate: the verdict, the figures behind it, and who is stuck there now. */
import { t } from '../../browser/i18n.ts';
import { DAY_MS } from '../../shared/timing.ts';
import { ProspectLink } from '../components/prospect-link.tsx';
import { formatDate, formatDays, formatNumber, formatPercent, stageName } from '../format.ts';
import type { SectionProps } from './index.ts';

/** Long lists help nobody: the oldest ones first, the rest counted. */
const STUCK_SHOWN = 15;

export function AccelerateSection({ view }: SectionProps) {
  const verdict = view.figures.accelerate;
  if (!verdict) return <p class="muted">{t('dashNoVerdict')}</p>;
  const stage = stageName(view.process, verdict.stageId);
  const sentence =
    verdict.reason === 'overTarget' && verdict.targetDays !== null
      ? t(
          'dashVerdictOver',
          stage,
          formatDays(verdict.medianMs),
          formatDays(verdict.targetDays * DAY_MS),
          formatNumber(verdict.targetRatio ?? 0),
        )
      : t('dashVerdictMost', stage, formatPercent(verdict.share), formatDays(verdict.medianMs));
  const shown = verdict.stuck.slice(0, STUCK_SHOWN);
  return (
    <>
      <p class="verdict" data-verdict={verdict.reason} data-stage={verdict.stageId}>
        {sentence}
      </p>
      <dl class="facts">
        <div>
          <dt>{t('dashMedian')}</dt>
          <dd>{formatDays(verdict.medianMs)}</dd>
        </div>
        <div>
          <dt>{t('dashTarget')}</dt>
          <dd>
            {verdict.targetDays === null
              ? t('dashNoData')
              : formatDays(verdict.targetDays * DAY_MS)}
          </dd>
        </div>
        <div>
          <dt>{t('dashShare')}</dt>
          <dd>{formatPercent(verdict.share)}</dd>
        </div>
        <div>
          <dt>{t('dashTotalTime')}</dt>
          <dd>{formatDays(verdict.totalMs)}</dd>
        </div>
      </dl>
      <table class="figures" data-table="stuck">
        <caption>{t('dashStuck', stage, formatNumber(verdict.stuck.length))}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashDeal')}</th>
            <th scope="col">{t('dashEnteredOn')}</th>
            <th scope="col">{t('dashInStageFor')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={3} class="muted">
                {t('dashNoneStuck')}
              </td>
            </tr>
          )}
          {shown.map((row) => (
            <tr key={row.prospectId}>
              <th scope="row">
                <ProspectLink id={row.prospectId} name={row.name} open={view.openTimeline} />
              </th>
              <td>{formatDate(row.enteredAt)}</td>
              <td data-level={row.overTarget ? 'over' : undefined}>
                {formatDays(row.elapsedMs)}
                {row.overTarget && ` · ${t('dashOverTarget')}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {verdict.stuck.length > shown.length && (
        <p class="muted">{t('dashMore', formatNumber(verdict.stuck.length - shown.length))}</p>
      )}
    </>
  );
}
