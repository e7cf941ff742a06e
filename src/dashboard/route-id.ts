/**
 * The dashboard's views, each behind a hash route (`#/pipeline`): the browser's Back and Forward
 * move between them, a reload stays, and the popup links to one directly. Kept free of imports
 * so the page's first script (start.ts) can tell which view opens and ask for its data early.
 * A new view (`#/team`, later) is one id here and one entry in router.tsx's ROUTES.
 */

export const ROUTE_IDS = ['overview', 'pipeline', 'won', 'process', 'data', 'settings'] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

export const DEFAULT_ROUTE: RouteId = 'overview';

/** Views that show the figures of a period, under the period picker. */
export const PERIOD_ROUTES: ReadonlySet<RouteId> = new Set(['overview', 'won']);

/** `#/pipeline` → 'pipeline'; anything else (no hash, an old `#outcome` anchor) → null. */
export function routeFromHash(hash: string): RouteId | null {
  const id = /^#\/([a-z-]+)\/?$/.exec(hash)?.[1];
  return ROUTE_IDS.find((route) => route === id) ?? null;
}

export function routeHref(route: RouteId): string {
  return `#/${route}`;
}
