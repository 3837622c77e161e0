import { describe, expect, it } from 'vitest';
import { emptySnapshotObjects, SNAPSHOT_API_VERSION, type Snapshot } from '@kubepath/model';
import { AnalysisCache } from './analysis-cache.js';

const snapshot = (name: string): Snapshot => ({
  apiVersion: SNAPSHOT_API_VERSION,
  kind: 'Snapshot',
  cluster: { name, collectedAt: '2026-01-01T00:00:00Z', source: 'files' },
  objects: emptySnapshotObjects(),
  coverage: {
    resources: [],
    inputs: [],
    skipped: [],
    skippedTotal: 0,
    unknownKinds: {},
    ignored: {},
    duplicates: 0,
  },
});

describe('AnalysisCache', () => {
  it('analyses once, then answers from memory', () => {
    let loads = 0;
    const cache = new AnalysisCache(2);
    const load = () => (loads++, snapshot('a'));
    const first = cache.get('a', load);
    expect(cache.get('a', load)).toBe(first);
    expect(loads).toBe(1);
  });

  it('drops the least recently used entry past its capacity, or past its edge budget', () => {
    const cache = new AnalysisCache(2);
    let loads = 0;
    const load = (n: string) => () => (loads++, snapshot(n));
    cache.get('a', load('a'));
    cache.get('b', load('b'));
    cache.get('a', load('a')); // a is now the most recent
    cache.get('c', load('c')); // evicts b
    cache.get('a', load('a'));
    expect(loads).toBe(3);
    cache.get('b', load('b'));
    expect(loads).toBe(4);
    // An edge budget smaller than one graph keeps only the newest entry.
    const tiny = new AnalysisCache(10, () => {}, 1);
    let tinyLoads = 0;
    tiny.get('a', () => (tinyLoads++, snapshot('a')));
    tiny.get('b', () => (tinyLoads++, snapshot('b')));
    tiny.get('a', () => (tinyLoads++, snapshot('a')));
    expect(tinyLoads).toBe(3);
  });

  it('returns null for an unknown snapshot', () => {
    expect(new AnalysisCache(1).get('nope', () => null)).toBeNull();
  });
});

describe('indexWithout', () => {
  it('keeps only the latest what-if graph, and the snapshot own graph when nothing is removed', async () => {
    const { demoClusterDir } = await import('@kubepath/testkit');
    const { loadSnapshotFromFiles } = await import('@kubepath/collector');
    const { indexWithout } = await import('./analysis-cache.js');
    const demo = await loadSnapshotFromFiles([demoClusterDir()]);
    const a = new AnalysisCache(1).get('demo', () => demo)!;
    expect(indexWithout(a, []).index).toBe(a.index);
    const removal = { kind: 'RoleBinding', namespace: 'ci', name: 'runner-build-pods' };
    const first = indexWithout(a, [removal]);
    expect(first.index.numberOf('binding:ci/runner-build-pods')).toBeUndefined();
    expect(indexWithout(a, [{ ...removal, kind: 'rolebinding' }])).toBe(first); // same set, same graph
    const other = indexWithout(a, [{ kind: 'ClusterRoleBinding', name: 'ci-deployer' }]);
    expect(other).not.toBe(first);
    expect(a.variant).toBe(other);
    expect(a.answers.size).toBe(0); // what-if graphs are not held among the remembered answers
  });
});

describe('AnalysisCache progress', () => {
  it('reports how long each step of an analysis took, and nothing on a hit', () => {
    const phases: string[] = [];
    const cache = new AnalysisCache(1);
    cache.get(
      'a',
      () => snapshot('a'),
      (phase, ms) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        phases.push(phase);
      },
    );
    expect(phases).toEqual(
      expect.arrayContaining(['graph inventory', 'graph workloads', 'graph network', 'index', 'findings']),
    );
    phases.length = 0;
    cache.get(
      'a',
      () => snapshot('a'),
      (phase) => phases.push(phase),
    );
    expect(phases).toEqual([]);
  });
});
