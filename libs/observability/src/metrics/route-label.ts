/** Label for requests no route matched (404s, scanners): one fixed series, not one per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The `route` label: the route TEMPLATE (`/users/:id`), never the raw URL, so the
 * number of series is bounded by the number of routes.
 */
export function routeLabel(template: string | undefined): string {
  return template === undefined || template === '' ? UNMATCHED_ROUTE : template;
}

/**
 * Scrapes and probes are not traffic: counting them would skew rates and
 * percentiles (grafana/quickpizza `isInternalRoute`). Matches `/metrics` and `/health*`.
 */
export function isInternalRoute(path: string): boolean {
  return path === '/metrics' || path.startsWith('/health');
}

/** Same test on a raw request URL (query string dropped), for hooks that see no template. */
export function isInternalUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  const q = url.indexOf('?');
  return isInternalRoute(q === -1 ? url : url.slice(0, q));
}
