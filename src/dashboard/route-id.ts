/**
 * The dashboard's views, each behind a hash route (`#/pipeline`): the browser's Back and Forward
 * move between them, a reload stays, and the popup links to one directly. Kept free of imports
 * so the page's first script (start.ts) can tell which view opens and ask for its data early.
 * A new view is one id here and one entry in router.tsx's ROUTES.
 *
 * The views of the period's figures take a rep filter in the hash's query
 * (`#/overview?rep=Ana`): a link or a bookmark opens on that rep's figures.
 */

export const ROUTE_IDS = [
  'overview',
  'pipeline',
  'won',
  'team',
  'process',
  'data',
  'settings',
] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

export const DEFAULT_ROUTE: RouteId = 'overview';

/** Views that show the dashboard's figures of a period (`getDashboard`), and take a rep filter. */
export const FIGURE_ROUTES: ReadonlySet<RouteId> = new Set(['overview', 'won']);

/** Views that show the figures of a period, under the period picker. */
export const PERIOD_ROUTES: ReadonlySet<RouteId> = new Set([...FIGURE_ROUTES, 'team']);

/**
 * Whose figures: a rep's name; null for this browser's rep while team sync has not named them
 * (records without an owner); undefined for everyone's.
 */
export type RepFilter = string | null | undefined;

/** `#/pipeline` → 'pipeline'; anything else (no hash, an old `#outcome` anchor) → null. */
export function routeFromHash(hash: string): RouteId | null {
  const id = /^#\/([a-z-]+)\/?(?:\?[^#]*)?$/.exec(hash)?.[1];
  return ROUTE_IDS.find((route) => route === id) ?? null;
}

/** `#/overview?rep=Ana` → 'Ana'; `?rep=` (empty) → null; no `rep` → undefined. */
export function repFromHash(hash: string): RepFilter {
  const query = /^#\/[a-z-]+\/?\?([^#]*)$/.exec(hash)?.[1];
  const value = query === undefined ? null : new URLSearchParams(query).get('rep');
  if (value === null) return undefined;
  return value.trim() === '' ? null : value.trim();
}

/** The route's address; a figures view keeps the rep filter, the others drop it. */
export function routeHref(route: RouteId, rep?: RepFilter): string {
  if (rep === undefined || !FIGURE_ROUTES.has(route)) return `#/${route}`;
  return `#/${route}?${new URLSearchParams({ rep: rep ?? '' })}`;
}
