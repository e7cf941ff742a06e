/**
 * The dashboard: measure the sales process over a period and learn from the won deals.
 * The background keeps prospects and stage history in memory and computes every figure of the
 * asked period with the pure functions of src/shared/analytics.ts, so a year of data never
 * crosses the message channel: the page receives the figures only (see handlers/dashboard.ts).
 * Sections live in ./sections (one file each, listed in sections/index.ts).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { onChange, send } from '../browser/client.ts';
import { t } from '../browser/i18n.ts';
import {
  type Period,
  type PeriodPreset,
  presetPeriod,
  previousPeriod,
} from '../shared/analytics.ts';
import type { ResponseMap } from '../shared/messages.ts';
import { PeriodPicker } from './components/period-picker.tsx';
import { SampleDataBar } from './components/sample-data-bar.tsx';
import { TimelineDialog } from './components/timeline-dialog.tsx';
import { DataPanel } from './data/data-panel.tsx';
import { FIRST_PRESET, takeFirstLoad } from './first-load.ts';
import { ProcessEditor } from './process/process-editor.tsx';
import { type DashboardView, SECTIONS } from './sections/index.ts';
import { SettingsPanel } from './settings/settings-panel.tsx';

type Loaded = ResponseMap['getDashboard'] & { preset: PeriodPreset };

/** Writes arrive in bursts (a Gmail scan logs a conversation): refresh once they settle. */
const RELOAD_DELAY_MS = 400;

export function Dashboard() {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preset, setPreset] = useState<PeriodPreset>(FIRST_PRESET);
  const [custom, setCustom] = useState<Period | null>(null);
  const [timelineId, setTimelineId] = useState<string | null>(null);
  /** Bumped after every write the background reports: the figures are asked for again. */
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setRevision((value) => value + 1), RELOAD_DELAY_MS);
    }, controller.signal);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, []);

  // Current periods run to date: "now" is taken again on every reload (`revision`).
  const period = useMemo<Period | null>(
    () => (preset === 'custom' ? custom : presetPeriod(preset, Date.now())),
    [preset, custom, revision],
  );

  useEffect(() => {
    if (!period) return;
    let live = true;
    (takeFirstLoad(period) ?? send('getDashboard', { start: period.start, end: period.end })).then(
      (reply) => {
        if (!live) return;
        setData({ ...reply, preset });
        setError(null);
      },
      (failure: unknown) => live && setError(String(failure)),
    );
    return () => {
      live = false;
    };
  }, [period, preset, revision]);

  useEffect(() => {
    if (!data) return;
    // The first time figures are on screen: what "interactive" means for this page.
    if (performance.getEntriesByName('etape:interactive').length === 0) {
      performance.measure('etape:interactive', { start: 0, end: performance.now() });
    }
    // A period switch is done when its figures are on screen.
    if (performance.getEntriesByName('etape:period-start').length > 0) {
      performance.measure('etape:period-ready', 'etape:period-start');
      performance.clearMarks('etape:period-start');
    }
  }, [data]);

  const sampleAction = async (type: 'loadSampleData' | 'removeSampleData') => {
    setBusy(true);
    try {
      await send(type, {});
      setRevision((value) => value + 1);
    } catch (failure) {
      setError(String(failure));
    } finally {
      setBusy(false);
    }
  };

  const view: DashboardView | null = data
    ? {
        process: data.process,
        now: data.now,
        figures: data.dashboard,
        currency: data.currency,
        openTimeline: setTimelineId,
      }
    : null;

  return (
    <>
      <header class="top">
        <h1>{t('dashboardTitle')}</h1>
        {period && (
          <PeriodPicker
            preset={preset}
            period={period}
            previous={previousPeriod(period)}
            onPreset={(next) => {
              performance.mark('etape:period-start');
              setPreset(next);
            }}
            onCustom={(next) => {
              performance.mark('etape:period-start');
              setCustom(next);
              setPreset('custom');
            }}
          />
        )}
        {data && (
          <nav aria-label={t('dashSections')}>
            {SECTIONS.filter((section) => section.needs === 'always' || data.prospects > 0).map(
              (section) => (
                <a key={section.id} href={`#${section.id}`}>
                  {t(section.title)}
                </a>
              ),
            )}
          </nav>
        )}
      </header>
      <main data-figures-preset={data?.preset}>
        {error && <p role="alert">{t('errorGeneric', error)}</p>}
        {!data && !error && <p class="muted">{t('loading')}</p>}
        {data && (
          <SampleDataBar
            prospects={data.prospects}
            sampleProspects={data.sampleProspects}
            busy={busy}
            onLoad={() => void sampleAction('loadSampleData')}
            onRemove={() => void sampleAction('removeSampleData')}
          />
        )}
        {data &&
          SECTIONS.map((section) => {
            const hasFigures = view !== null && data.prospects > 0;
            if (section.needs === 'figures' && !hasFigures) return null;
            return (
              <section
                key={section.id}
                id={section.id}
                data-section={section.id}
                aria-labelledby={`${section.id}-title`}
              >
                <h2 id={`${section.id}-title`}>{t(section.title)}</h2>
                {section.needs === 'figures' && view ? (
                  <section.Component view={view} />
                ) : section.needs === 'always' ? (
                  <section.Component />
                ) : null}
              </section>
            );
          })}
        {data && (
          <section id="process" data-section="process" aria-labelledby="process-title">
            <h2 id="process-title">{t('procSectionTitle')}</h2>
            <p class="muted">{t('procIntro')}</p>
            <ProcessEditor
              onCompareSince={(at) => {
                // Figures since this version, against the same length of time before it.
                setCustom({ start: at, end: data.now });
                setPreset('custom');
                document.getElementById('outcome')?.scrollIntoView();
              }}
            />
          </section>
        )}
        {data && (
          <section id="data" data-section="data" aria-labelledby="data-title">
            <h2 id="data-title">{t('dataSectionTitle')}</h2>
            <DataPanel empty={data.prospects === 0} />
          </section>
        )}
        {data && (
          <section id="settings" data-section="settings" aria-labelledby="settings-title">
            <h2 id="settings-title">{t('settingsTitle')}</h2>
            <SettingsPanel />
          </section>
        )}
      </main>
      <TimelineDialog prospectId={timelineId} onClose={() => setTimelineId(null)} />
    </>
  );
}
