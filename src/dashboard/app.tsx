/**
 * The dashboard: an app of views behind hash routes (route-id.ts, router.tsx) — the overview of
 * a period, the pipeline board, the won deals, the team, the process, the data, the settings.
 * This shell owns what views share: the nav, the period and its picker, the rep filter of the
 * figures views (in the hash), the change notices (one subscription, handed down as
 * `revision`) and the timeline dialog.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { onChange } from '../browser/client.ts';
import { t } from '../browser/i18n.ts';
import { type Period, type PeriodPreset, presetPeriod, previousPeriod } from '../shared/period.ts';
import { PeriodPicker } from './components/period-picker.tsx';
import { TimelineDialog } from './components/timeline-dialog.tsx';
import { rememberedPreset, rememberPreset } from './period-choice.ts';
import { FIGURE_ROUTES, PERIOD_ROUTES, ROUTE_IDS, routeHref } from './route-id.ts';
import { navigate, ROUTES, RouteView, useHashRep, useRoute } from './router.tsx';
import type { ViewProps } from './views/view.ts';

/** Writes arrive in bursts (a Gmail scan logs a conversation): refresh once they settle. */
const RELOAD_DELAY_MS = 400;

export function App() {
  const route = useRoute();
  const hashRep = useHashRep();
  // Only the figures views take a rep; the others ignore a stray `?rep=`.
  const rep = FIGURE_ROUTES.has(route) ? hashRep : undefined;
  const [preset, setPreset] = useState<PeriodPreset>(rememberedPreset);
  const [custom, setCustom] = useState<Period | null>(null);
  const [timeline, setTimeline] = useState<{ id: string; opener: Element | null } | null>(null);
  /** Bumped after every write the background reports: views ask for their data again. */
  const [revision, setRevision] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const shownRoute = useRef(route);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    onChange((event) => {
      if (event.what === 'health') return;
      clearTimeout(timer);
      timer = setTimeout(() => setRevision((value) => value + 1), RELOAD_DELAY_MS);
    }, controller.signal);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, []);

  const title = t(ROUTES[route].title);
  useEffect(() => {
    document.title = `${title} · Etape`;
    // A view change moves focus to its heading, as a page load would; not on the first load.
    if (shownRoute.current !== route) heading.current?.focus();
    shownRoute.current = route;
  }, [route, title]);

  // Current periods run to date: "now" is taken again on every reload (`revision`).
  const period = useMemo<Period | null>(
    () => (preset === 'custom' ? custom : presetPeriod(preset, Date.now())),
    [preset, custom, revision],
  );

  const props: ViewProps = {
    period,
    preset,
    rep,
    setRep: (next) => navigate(route, next),
    revision,
    refresh: () => setRevision((value) => value + 1),
    openTimeline: (id) => setTimeline({ id, opener: document.activeElement }),
    compareSince: (at) => {
      setCustom({ start: at, end: Date.now() });
      setPreset('custom');
      navigate('overview');
    },
  };

  return (
    <>
      <header class="top">
        <p class="brand">{t('dashboardTitle')}</p>
        <nav aria-label={t('navViews')}>
          <ul>
            {ROUTE_IDS.map((id) => (
              <li key={id}>
                <a
                  href={routeHref(id, rep)}
                  data-route-link={id}
                  aria-current={id === route ? 'page' : undefined}
                >
                  {t(ROUTES[id].title)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {PERIOD_ROUTES.has(route) && period && (
          <PeriodPicker
            preset={preset}
            period={period}
            previous={previousPeriod(period)}
            onPreset={(next) => {
              performance.mark('etape:period-start');
              rememberPreset(next);
              setPreset(next);
            }}
            onCustom={(next) => {
              performance.mark('etape:period-start');
              setCustom(next);
              setPreset('custom');
            }}
          />
        )}
      </header>
      <main data-route={route}>
        <h1 ref={heading} tabIndex={-1} class="view-title">
          {title}
        </h1>
        <RouteView route={route} props={props} />
      </main>
      <TimelineDialog
        prospectId={timeline?.id ?? null}
        onClose={() => {
          const opener = timeline?.opener;
          const id = timeline?.id;
          setTimeline(null);
          // Back where the user was; a board card re-rendered since is found again by its id.
          const target =
            opener instanceof HTMLElement && opener.isConnected
              ? opener
              : document.querySelector<HTMLElement>(`[data-prospect-card="${id}"] .card-open`);
          target?.focus();
        }}
      />
    </>
  );
}
