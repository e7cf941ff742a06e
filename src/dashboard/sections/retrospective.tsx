/**
 * The article's first step, "examine the won deals": the steps they went through, their
 * touchpoints per stage, how long it took, and the pattern they share — lost deals beside them.
 */
import { t } from '../../browser/i18n.ts';
import { RETRO_DEALS_SHOWN, type Retrospective } from '../../shared/analytics.ts';
import type { Process, TouchpointKind } from '../../shared/schemas.ts';
import { ProspectLink } from '../components/prospect-link.tsx';
import { formatDays, formatFamily, formatNumber, KIND_KEYS, stageName } from '../format.ts';
import type { SectionProps } from './index.ts';

export function RetrospectiveSection({ view }: SectionProps) {
  const { won, lost } = view.figures;
  return (
    <div class="two-columns">
      <RetroColumn outcome="won" retro={won} view={view} />
      <RetroColumn outcome="lost" retro={lost} view={view} />
    </div>
  );
}

/** "Won deals: median 4 emails and 1 LinkedIn message before Qualified, 9 days in Proposal." */
export function patternSentence(retro: Retrospective, process: Process, outcome: 'won' | 'lost') {
  const parts: string[] = [];
  const { pattern } = retro;
  if (pattern.beforeStageId && pattern.before.length > 0) {
    const list = pattern.before.map((item) => formatFamily(item.family, item.median));
    parts.push(
      t(
        'dashPatternBefore',
        list.join(` ${t('dashAnd')} `),
        stageName(process, pattern.beforeStageId),
      ),
    );
  }
  if (pattern.longestStageId) {
    parts.push(
      t(
        'dashPatternLongest',
        formatDays(pattern.longestMedianMs),
        stageName(process, pattern.longestStageId),
      ),
    );
  }
  if (parts.length === 0) return null;
  return t(outcome === 'won' ? 'dashPatternWon' : 'dashPatternLost', parts.join(', '));
}

function RetroColumn(props: {
  outcome: 'won' | 'lost';
  retro: Retrospective;
  view: SectionProps['view'];
}) {
  const { outcome, retro, view } = props;
  const { process } = view;
  const sentence = patternSentence(retro, process, outcome);
  const kinds = [
    ...new Set(retro.stages.flatMap((stage) => Object.keys(stage.totalByKind) as TouchpointKind[])),
  ];
  return (
    <section class="retro" data-outcome={outcome} aria-labelledby={`retro-${outcome}`}>
      <h3 id={`retro-${outcome}`}>
        {t(outcome === 'won' ? 'dashWonDeals' : 'dashLostDeals', formatNumber(retro.count))}
      </h3>
      {retro.count === 0 && <p class="muted">{t('dashNone')}</p>}
      {sentence && (
        <p class="pattern" data-pattern={outcome}>
          {sentence}
        </p>
      )}
      {retro.count > 0 && (
        <>
          <dl class="facts">
            <div>
              <dt>{t('dashTotalDuration')}</dt>
              <dd>{formatDays(retro.duration.median)}</dd>
            </div>
            <div>
              <dt>{t('dashAvg')}</dt>
              <dd>{formatDays(retro.duration.avg)}</dd>
            </div>
          </dl>
          {/* Wider than its column: a named region that takes focus, so the keyboard scrolls it. */}
          <section
            class="scroll"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take focus, or a keyboard cannot scroll it (WCAG 2.1.1; axe scrollable-region-focusable).
            tabIndex={0}
            aria-labelledby={`retro-${outcome} retro-stages-${outcome}-caption`}
          >
            <table class="figures" data-table={`retro-stages-${outcome}`}>
              <caption id={`retro-stages-${outcome}-caption`}>
                {t('dashTouchpointsByStage')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashStage')}</th>
                  <th scope="col">{t('dashDealsThrough')}</th>
                  <th scope="col">{t('dashTimeInStageMedian')}</th>
                  {kinds.map((kind) => (
                    <th scope="col" key={kind}>
                      {t(KIND_KEYS[kind])}
                    </th>
                  ))}
                  <th scope="col">{t('dashChannelTotals')}</th>
                </tr>
              </thead>
              <tbody>
                {retro.stages.map((stage) => (
                  <tr key={stage.stageId}>
                    <th scope="row">{stageName(process, stage.stageId)}</th>
                    <td>{formatNumber(stage.deals)}</td>
                    <td>{formatDays(stage.time.median)}</td>
                    {kinds.map((kind) => (
                      <td key={kind}>{formatNumber(stage.medianByKind[kind] ?? 0)}</td>
                    ))}
                    <td>
                      {t(
                        'dashChannelSplit',
                        formatNumber(stage.totalByChannel.gmail),
                        formatNumber(stage.totalByChannel.linkedin),
                        formatNumber(stage.totalByChannel.manual),
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <table class="figures" data-table={`retro-between-${outcome}`}>
            <caption>{t('dashBetween')}</caption>
            <tbody>
              {retro.between.map((row) => (
                <tr key={`${row.fromStageId}:${row.toStageId}`}>
                  <th scope="row">
                    {t(
                      'dashStepLabel',
                      stageName(process, row.fromStageId),
                      stageName(process, row.toStageId),
                    )}
                  </th>
                  <td>{formatDays(row.stats.median)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="figures" data-table={`deals-${outcome}`}>
            <caption>{t('dashDealsList')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashDeal')}</th>
                <th scope="col">{t('dashSteps')}</th>
                <th scope="col">{t('dashDuration')}</th>
                <th scope="col">{t('dashTouchpoints')}</th>
              </tr>
            </thead>
            <tbody>
              {retro.deals.slice(0, RETRO_DEALS_SHOWN).map((deal) => (
                <tr key={deal.prospectId}>
                  <th scope="row">
                    <ProspectLink id={deal.prospectId} name={deal.name} open={view.openTimeline} />
                  </th>
                  <td>
                    {deal.steps
                      .map(
                        (step) =>
                          `${stageName(process, step.stageId)} ${formatDays(step.durationMs)}`,
                      )
                      .join(' → ')}
                  </td>
                  <td>{formatDays(deal.totalMs)}</td>
                  <td>{formatNumber(deal.touchCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {retro.count > RETRO_DEALS_SHOWN && (
            <p class="muted">{t('dashMore', formatNumber(retro.count - RETRO_DEALS_SHOWN))}</p>
          )}
        </>
      )}
    </section>
  );
}
