/**
 * Hash routing: the route is the URL's hash, so the browser's history does Back and Forward and
 * a reload stays on its view. Each view is its own chunk, loaded the first time it is shown
 * (the overview's code is not fetched to open the board; see route-views.ts). A new view is
 * one id in route-id.ts, one loader in route-views.ts and its title below.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../browser/i18n.ts';
import type { MessageKey } from '../shared/i18n.ts';
import {
  DEFAULT_ROUTE,
  type RepFilter,
  type RouteId,
  repFromHash,
  routeFromHash,
  routeHref,
} from './route-id.ts';
import { ROUTE_VIEWS, type ViewModule } from './route-views.ts';
import type { ViewProps } from './views/view.ts';

export const ROUTES: Record<RouteId, { title: MessageKey; load(): Promise<ViewModule> }> = {
  overview: { title: 'navOverview', load: ROUTE_VIEWS.overview },
  pipeline: { title: 'navPipeline', load: ROUTE_VIEWS.pipeline },
  won: { title: 'navWon', load: ROUTE_VIEWS.won },
  process: { title: 'navProcess', load: ROUTE_VIEWS.process },
  data: { title: 'navData', load: ROUTE_VIEWS.data },
  settings: { title: 'navSettings', load: ROUTE_VIEWS.settings },
  team: { title: 'navTeam', load: ROUTE_VIEWS.team },
};

/** The route in the hash; an unknown hash is replaced (not pushed) by the default view's. */
export function useRoute(): RouteId {
  const [route, setRoute] = useState<RouteId>(() => routeFromHash(location.hash) ?? DEFAULT_ROUTE);
  useEffect(() => {
    const sync = () => {
      const next = routeFromHash(location.hash);
      if (!next) history.replaceState(null, '', routeHref(DEFAULT_ROUTE));
      setRoute(next ?? DEFAULT_ROUTE);
    };
    if (!routeFromHash(location.hash)) history.replaceState(null, '', routeHref(DEFAULT_ROUTE));
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, []);
  return route;
}

/** The rep filter in the hash (`?rep=`), followed as the hash changes. */
export function useHashRep(): RepFilter {
  const [rep, setRep] = useState<RepFilter>(() => repFromHash(location.hash));
  useEffect(() => {
    const sync = () => setRep(repFromHash(location.hash));
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, []);
  return rep;
}

/** A new history entry: Back returns to the view shown now (a figures view keeps `rep`). */
export function navigate(route: RouteId, rep?: RepFilter): void {
  location.hash = routeHref(route, rep);
}

const loaded = new Map<RouteId, ViewModule['View']>();

/** The route's view, loaded on first use (kept for the next visit). */
export function RouteView({ route, props }: { route: RouteId; props: ViewProps }) {
  const [View, setView] = useState<{ route: RouteId; View: ViewModule['View'] } | null>(null);
  const known = loaded.get(route);
  useEffect(() => {
    if (loaded.has(route)) return;
    let live = true;
    ROUTES[route].load().then(
      (module) => {
        loaded.set(route, module.View);
        if (live) setView({ route, View: module.View });
      },
      (error: unknown) => {
        console.error(error);
        if (live) setView({ route, View: LoadFailed });
      },
    );
    return () => {
      live = false;
    };
  }, [route]);
  const Shown = known ?? (View?.route === route ? View.View : null);
  return Shown ? <Shown {...props} /> : <p class="muted">{t('loading')}</p>;
}

function LoadFailed() {
  return <p role="alert">{t('pageLoadFailed')}</p>;
}
