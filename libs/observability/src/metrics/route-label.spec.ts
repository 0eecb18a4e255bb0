import { describe, expect, it } from 'vitest';
import { UNMATCHED_ROUTE, isInternalRoute, isInternalUrl, routeLabel } from './route-label';

describe('routeLabel', () => {
  it('keeps the route template as it is', () => {
    expect(routeLabel('/users/:id')).toBe('/users/:id');
    expect(routeLabel('/api/recommendations/:userId')).toBe('/api/recommendations/:userId');
  });

  it('labels requests without a matched route with one fixed value', () => {
    expect(routeLabel(undefined)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel('')).toBe(UNMATCHED_ROUTE);
    expect(UNMATCHED_ROUTE).toBe('unmatched');
  });
});

describe('isInternalRoute', () => {
  it('skips the scrape endpoint and every health probe', () => {
    for (const route of ['/metrics', '/health', '/health/live', '/health/ready']) {
      expect(isInternalRoute(route), route).toBe(true);
    }
  });

  it('counts business routes, including ones that merely contain the words', () => {
    for (const route of ['/', '/users/:id', '/api/metrics', '/metrics/extra', '/api/health', UNMATCHED_ROUTE]) {
      expect(isInternalRoute(route), route).toBe(false);
    }
  });
});

describe('isInternalUrl', () => {
  it('ignores the query string of a raw URL', () => {
    expect(isInternalUrl('/metrics?x=1')).toBe(true);
    expect(isInternalUrl('/health/ready?verbose')).toBe(true);
    expect(isInternalUrl('/users/1?metrics')).toBe(false);
    expect(isInternalUrl(undefined)).toBe(false);
  });
});
