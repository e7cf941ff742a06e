import { describe, expect, it } from 'vitest';
import { repFromHash, routeFromHash, routeHref } from './route-id.ts';

describe('routes and the rep filter in the hash', () => {
  it('reads the route with or without a query', () => {
    expect(routeFromHash('#/team')).toBe('team');
    expect(routeFromHash('#/overview?rep=Ana')).toBe('overview');
    expect(routeFromHash('#/overview/?rep=Ana')).toBe('overview');
    expect(routeFromHash('#/nowhere?rep=Ana')).toBeNull();
    expect(routeFromHash('#outcome')).toBeNull();
  });

  it('reads the rep: a name, null for the unnamed own rep, undefined for everyone', () => {
    expect(repFromHash('#/overview?rep=Ana')).toBe('Ana');
    expect(repFromHash('#/overview?rep=Jos%C3%A9+Lu%C3%ADs')).toBe('José Luís');
    expect(repFromHash('#/overview?rep=')).toBeNull();
    expect(repFromHash('#/overview')).toBeUndefined();
    expect(repFromHash('#/overview?period=x')).toBeUndefined();
  });

  it('writes the rep on the figures views only, and reads back what it wrote', () => {
    for (const rep of ['Ana', 'Marie & Co', 'a=b?c#d', null]) {
      expect(repFromHash(routeHref('overview', rep))).toBe(rep);
      expect(routeFromHash(routeHref('won', rep))).toBe('won');
    }
    expect(routeHref('overview')).toBe('#/overview');
    expect(routeHref('pipeline', 'Ana')).toBe('#/pipeline');
    expect(routeHref('team', 'Ana')).toBe('#/team');
  });
});
