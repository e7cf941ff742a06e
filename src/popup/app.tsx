/**
 * The popup: the rep's cockpit. With a prospect (or a trackable person) on the current tab's
 * page it opens on that page's context; otherwise on "needs attention". Both stay one click
 * away, and any prospect opens in the same cockpit card.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import { onChange } from '../browser/client.ts';
import { t } from '../browser/i18n.ts';
import { AttentionView } from './attention-view.tsx';
import { ContextView } from './context-view.tsx';
import { errorText, markReady } from './format.ts';
import { HealthNotice } from './health-notice.tsx';
import { type Home, loadContext, loadHome } from './loader.ts';
import { ProspectCard } from './prospect-card.tsx';

type Route = { name: 'home' } | { name: 'attention' } | { name: 'detail'; prospectId: string };

export interface AppProps {
  /** The page's query string: `?tab=<id>` points the popup at a tab. */
  search?: string;
  /** The first data, when main.tsx started fetching it before rendering. */
  initial?: Promise<Home>;
  /** The first data, already in: the first render shows it (main.tsx waits a little for it). */
  first?: Home;
}

export function App({ search = location.search, initial, first }: AppProps) {
  const [home, setHome] = useState<Home | null>(first ?? null);
  const [error, setError] = useState<string | null>(null);
  const [route, setRoute] = useState<Route>({ name: 'home' });

  // A layout effect subscribes right after the first commit; a plain effect would wait for the
  // next frame (or Preact's 100 ms fallback in a hidden page) before the data could show.
  useLayoutEffect(() => {
    const controller = new AbortController();
    let tabId: number | null = first?.tabId ?? null;
    (first ? Promise.resolve(first) : (initial ?? loadHome(search))).then(
      (loaded) => {
        tabId = loaded.tabId;
        if (!controller.signal.aborted) setHome(loaded);
      },
      (failure: unknown) => {
        setError(errorText(failure));
        setHome({ tabId: null, context: null, details: {}, attention: null });
      },
    );
    // Tracking someone or moving a stage changes who the page's context resolves to; the cards
    // reload their own details.
    onChange((event) => {
      if (tabId === null || (event.what !== 'prospect' && event.what !== 'stage')) return;
      loadContext(tabId).then(
        (context) => !controller.signal.aborted && setHome((old) => old && { ...old, context }),
        (failure: unknown) => setError(errorText(failure)),
      );
    }, controller.signal);
    return () => controller.abort();
  }, [first, initial, search]);

  const context = home === null ? undefined : home.context;
  // Right after the first data is in the DOM: what the bench reads as first useful paint.
  useLayoutEffect(() => {
    if (home) markReady(home.context ? 'context' : 'attention');
  }, [home]);

  const hasContext = Boolean(context);
  const view =
    route.name === 'detail'
      ? 'detail'
      : route.name === 'attention' || (context === null && route.name === 'home')
        ? 'attention'
        : context
          ? 'context'
          : 'loading';

  return (
    <main>
      <header class="top">
        <h1>{t('popupTitle')}</h1>
        <nav aria-label={t('popupViews')}>
          {hasContext && (
            <button
              type="button"
              aria-current={view === 'context' ? 'page' : undefined}
              onClick={() => setRoute({ name: 'home' })}
            >
              {t('popupInThisPage')}
            </button>
          )}
          <button
            type="button"
            aria-current={view === 'attention' ? 'page' : undefined}
            onClick={() => setRoute({ name: 'attention' })}
          >
            {t('popupNeedsAttention')}
          </button>
        </nav>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <HealthNotice />
      {view === 'loading' && <p class="muted">{t('loading')}</p>}
      {view === 'context' && context && <ContextView context={context} details={home?.details} />}
      {view === 'attention' && (
        <AttentionView
          initial={route.name === 'home' ? (home?.attention ?? undefined) : undefined}
          onOpen={(prospectId) => setRoute({ name: 'detail', prospectId })}
        />
      )}
      {route.name === 'detail' && (
        <>
          <button type="button" class="back" onClick={() => setRoute({ name: 'attention' })}>
            ← {t('popupBack')}
          </button>
          <ProspectCard prospectId={route.prospectId} />
        </>
      )}
    </main>
  );
}
