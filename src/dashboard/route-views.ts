/**
 * Where each route's view is: one chunk per view, loaded the first time it is shown. Free of
 * Preact at runtime so the page's first script (start.ts) can start loading the opening view
 * alongside the shell rather than after it. A new view is one line here (and its id in
 * route-id.ts).
 */
import type { FunctionComponent } from 'preact';
import type { RouteId } from './route-id.ts';
import type { ViewProps } from './views/view.ts';

export type ViewModule = { View: FunctionComponent<ViewProps> };

export const ROUTE_VIEWS: Record<RouteId, () => Promise<ViewModule>> = {
  overview: () => import('./views/overview.tsx'),
  pipeline: () => import('./views/pipeline.tsx'),
  won: () => import('./views/won.tsx'),
  process: () => import('./views/process.tsx'),
  data: () => import('./views/data.tsx'),
  settings: () => import('./views/settings.tsx'),
  team: () => import('./views/team.tsx'),
};
