import { describe, expect, it } from 'vitest';
import { setExploitMode } from './exploit-mode.js';
import { formatRoute, parseRoute, tokenFromHash, type Route } from './router.js';

describe('viewer routes', () => {
  it.each<Route>([
    { view: 'snapshots' },
    { view: 'snapshots', all: true },
    { view: 'reports' },
    { view: 'reports', cluster: 'prod-eu' },
    { view: 'overview', snapshot: 'demo' },
    { view: 'reach', snapshot: 'demo', target: 'target:etcd' },
    { view: 'blast', snapshot: 'demo', source: 'container:shop/Deployment.storefront/web' },
    {
      view: 'paths',
      snapshot: 'demo',
      from: 'sa:ci/runner',
      to: 'target:cluster-admin',
      k: 5,
      without: [{ kind: 'RoleBinding', namespace: 'ci', name: 'runner-build-pods' }],
      cut: [{ from: 'sa:ci/runner', kind: 'PERMISSION_DISCOVER', to: 'binding:ci/x' }],
      hide: ['HUB_MEMBER', 'TOKEN_LIST'],
      namespaces: ['ci'],
      selected: { from: 'sa:ci/runner', kind: 'PERMISSION_DISCOVER', to: 'binding:ci/x' },
    },
    {
      view: 'graph',
      snapshot: 'demo',
      vertex: 'node:worker 1?&#',
      depth: 2,
      limit: 2000,
      hide: [],
      namespaces: [],
    },
  ])('round-trips $view through its URL', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });
  it('falls back to the overview when a view lacks its parameters, and to the list for unknown hashes', () => {
    expect(parseRoute('#/s/demo/paths?from=sa:a/b')).toEqual({ view: 'overview', snapshot: 'demo' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'snapshots' });
    expect(parseRoute('')).toEqual({ view: 'snapshots' });
  });
  it('ignores a malformed edge selection', () => {
    expect(parseRoute('#/s/demo/graph?vertex=a&edge=%7B%22from%22%3A1%7D')).not.toHaveProperty('selected');
    expect(parseRoute('#/s/demo/graph?vertex=a&edge=nope')).not.toHaveProperty('selected');
  });
  it('ignores malformed what-if lists and clamps k', () => {
    const r = parseRoute('#/s/demo/paths?from=a&to=b&k=99&without=%5Bnot-json');
    expect(r).toMatchObject({ view: 'paths', k: 10, without: [] });
  });
  it('keeps the exploit mode in the URL, and links carry the one on screen', () => {
    expect(parseRoute('#/s/demo/reach?target=target%3Aetcd&exploits=none')).toEqual({
      view: 'reach',
      snapshot: 'demo',
      target: 'target:etcd',
      exploits: 'none',
    });
    expect(parseRoute('#/s/demo/overview?exploits=sometimes')).toEqual({
      view: 'overview',
      snapshot: 'demo',
    });
    expect(formatRoute({ view: 'overview', snapshot: 'demo', exploits: 'known' })).toBe(
      '#/s/demo/overview?exploits=known',
    );
    setExploitMode('none');
    try {
      expect(formatRoute({ view: 'blast', snapshot: 'demo', source: 'sa:a/b' })).toBe(
        '#/s/demo/blast?source=sa%3Aa%2Fb&exploits=none',
      );
    } finally {
      setExploitMode('assumed');
    }
    expect(formatRoute({ view: 'overview', snapshot: 'demo' })).toBe('#/s/demo/overview');
  });
  it('reads a token handed over in the hash', () => {
    expect(tokenFromHash('#token=abc%2Fdef')).toBe('abc/def');
    expect(tokenFromHash('#/s/demo/overview')).toBeNull();
  });
});
