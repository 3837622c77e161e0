// Property tests on random graphs (fast-check): every returned path is a walk of real edges,
// its cost is the sum of its edge costs, no cheaper path exists (brute force on small graphs),
// and results are identical across runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type AttackGraph } from '@kubepath/graph';
import { EDGE_KINDS, type EdgeKind } from '@kubepath/model';
import { GraphIndex } from './graph-index.js';
import { findings, severityOf } from './findings.js';
import { blastRadius, paths, whoCanReach, type PathStep } from './queries.js';
import { dijkstra, distancesWithout } from './search.js';

const KINDS: EdgeKind[] = EDGE_KINDS.filter((k) => k.startsWith('POD_') || k.startsWith('CE_'));

/** A random small directed multigraph of `hub` vertices (kinds don't matter to the searches). */
const graphArb = fc
  .record({
    n: fc.integer({ min: 2, max: 9 }),
    edges: fc.array(
      fc.tuple(fc.nat(8), fc.nat(8), fc.integer({ min: 0, max: 6 }), fc.nat(KINDS.length - 1)),
      { maxLength: 30 },
    ),
  })
  .map(({ n, edges }) => {
    const b = new GraphBuilder();
    // Every third vertex is a hub: paths pass through hubs, answers never list them.
    const id = (i: number) => `${i % 3 === 2 ? 'hub' : 'sa'}:v${i}`;
    for (let i = 0; i < n; i++) b.vertex(id(i), { kind: i % 3 === 2 ? 'hub' : 'sa', name: `v${i}` });
    for (const [f, t, cost, k] of edges) {
      if (f % n === t % n) continue;
      b.edge(KINDS[k]!, id(f % n), id(t % n), [], cost);
    }
    return b.build();
  });

/** Brute force: the cheapest cost from `from` to `to` over all simple paths. */
function bruteForce(graph: AttackGraph, from: string, to: string): number {
  let best = Infinity;
  const walk = (at: string, cost: number, seen: Set<string>) => {
    if (at === to) return void (best = Math.min(best, cost));
    for (const e of graph.edges)
      if (e.from === at && !seen.has(e.to)) walk(e.to, cost + e.cost, new Set([...seen, e.to]));
  };
  walk(from, 0, new Set([from]));
  return best;
}

function isRealWalk(graph: AttackGraph, path: PathStep[], from: string, to: string): boolean {
  if (path.length === 0) return from === to;
  if (path[0]!.from !== from || path[path.length - 1]!.to !== to) return false;
  return path.every(
    (s, i) =>
      graph.edges.some((e) => e.from === s.from && e.to === s.to && e.kind === s.kind) &&
      (i === 0 || path[i - 1]!.to === s.from),
  );
}

const costOf = (graph: AttackGraph, path: PathStep[]) =>
  path.reduce(
    (sum, s) => sum + graph.edges.find((e) => e.from === s.from && e.to === s.to && e.kind === s.kind)!.cost,
    0,
  );

describe('analyzer properties', () => {
  it('whoCanReach: real walks, summed costs, optimal, deterministic', () => {
    fc.assert(
      fc.property(graphArb, (graph) => {
        const index = new GraphIndex(graph);
        const result = whoCanReach(index, 'sa:v0');
        for (const s of result.sources) {
          expect(isRealWalk(graph, s.path, s.id, 'sa:v0')).toBe(true);
          expect(costOf(graph, s.path)).toBe(s.cost);
          expect(s.cost).toBe(bruteForce(graph, s.id, 'sa:v0'));
        }
        // Every actor that can reach the target is listed, and nothing else: no hub.
        const listed = new Set(result.sources.map((s) => s.id));
        for (const id of graph.vertices.keys())
          if (id !== 'sa:v0')
            expect(listed.has(id)).toBe(
              !id.startsWith('hub:') && Number.isFinite(bruteForce(graph, id, 'sa:v0')),
            );
        expect(whoCanReach(new GraphIndex(graph), 'sa:v0')).toEqual(result);
      }),
      { numRuns: 200 },
    );
  });

  it('blastRadius: real walks from the source, optimal costs', () => {
    fc.assert(
      fc.property(graphArb, (graph) => {
        const index = new GraphIndex(graph);
        const result = blastRadius(index, 'sa:v1')!;
        for (const r of result.reached) {
          expect(isRealWalk(graph, r.path, 'sa:v1', r.id)).toBe(true);
          expect(costOf(graph, r.path)).toBe(r.cost);
          expect(r.cost).toBe(bruteForce(graph, 'sa:v1', r.id));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('paths (Yen): loop-free real walks, in cost order, the first one optimal, no duplicates', () => {
    fc.assert(
      fc.property(graphArb, (graph) => {
        const index = new GraphIndex(graph);
        const result = paths(index, 'sa:v1', 'sa:v0', { k: 4 })!;
        const keys = result.paths.map((p) => JSON.stringify(p.path));
        expect(new Set(keys).size).toBe(keys.length);
        result.paths.forEach((p, i) => {
          expect(isRealWalk(graph, p.path, 'sa:v1', 'sa:v0')).toBe(true);
          const visited = [p.path[0]!.from, ...p.path.map((s) => s.to)];
          expect(new Set(visited).size).toBe(visited.length);
          expect(costOf(graph, p.path)).toBe(p.cost);
          if (i > 0) expect(p.cost).toBeGreaterThanOrEqual(result.paths[i - 1]!.cost);
        });
        const best = bruteForce(graph, 'sa:v1', 'sa:v0');
        if (Number.isFinite(best)) expect(result.paths[0]?.cost).toBe(best);
        else expect(result.paths).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('searches the findings ran, reused', () => {
  it('who-can-reach of a crown jewel after the findings equals it on a fresh index', () => {
    fc.assert(
      fc.property(graphArb, (graph) => {
        (graph.vertices.get('sa:v0') as { crownJewel?: string }).crownJewel = 'a test jewel';
        const fresh = whoCanReach(new GraphIndex(graph), 'sa:v0');
        const index = new GraphIndex(graph);
        findings(index);
        expect(whoCanReach(index, 'sa:v0')).toEqual(fresh);
        expect(whoCanReach(index, 'sa:v0', { maxCost: 3 })).toEqual(
          whoCanReach(new GraphIndex(graph), 'sa:v0', { maxCost: 3 }),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('distancesWithout (incremental what-if)', () => {
  it('equals a whole search without the removed edges, both directions, on random removals', () => {
    fc.assert(
      fc.property(graphArb, fc.array(fc.nat(40), { maxLength: 8 }), (graph, picks) => {
        const index = new GraphIndex(graph);
        const removed = new Set(picks.filter((e) => e < graph.edges.length));
        for (const direction of ['forward', 'reverse'] as const) {
          const before = dijkstra(index, [0], direction);
          const whole = dijkstra(index, [0], direction, { skip: (e) => removed.has(e) });
          expect(distancesWithout(index, [0], direction, before, removed)).toEqual(whole.dist);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('limits', () => {
  it('reports the result cap when it is hit', () => {
    const b = new GraphBuilder();
    b.vertex('sa:ns/t', { kind: 'sa', namespace: 'ns', name: 't' });
    for (let i = 0; i < 50; i++) {
      b.vertex(`sa:ns/s${i}`, { kind: 'sa', namespace: 'ns', name: `s${i}` });
      b.edge('POD_EXEC', `sa:ns/s${i}`, 'sa:ns/t', []);
    }
    const result = whoCanReach(new GraphIndex(b.build()), 'sa:ns/t', { maxResults: 10 });
    expect(result.sources).toHaveLength(10);
    expect(result.truncated).toEqual({ reason: 'result-cap', limit: 10 });
  });
  it('counts only actors against the cap, and never cuts a crown jewel reached', () => {
    const b = new GraphBuilder();
    b.vertex('sa:ns/start', { kind: 'sa', namespace: 'ns', name: 'start' });
    for (let i = 0; i < 50; i++) {
      b.vertex(`hub:h${i}`, { kind: 'hub', name: `h${i}` });
      b.edge('POD_EXEC', 'sa:ns/start', `hub:h${i}`, [], 0);
      b.vertex(`node:n${i}`, { kind: 'node', name: `n${i}` });
      b.edge('POD_EXEC', `hub:h${i}`, `node:n${i}`, [], 1);
    }
    b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin', crownJewel: 'cluster-admin' });
    b.edge('POD_EXEC', 'node:n49', 'target:cluster-admin', [], 3);
    const result = blastRadius(new GraphIndex(b.build()), 'sa:ns/start', { maxResults: 5 })!;
    expect(result.reached.map((r) => r.id)).toEqual([
      'node:n0',
      'node:n1',
      'node:n10',
      'node:n11',
      'target:cluster-admin',
    ]);
    expect(result.truncated).toEqual({ reason: 'result-cap', limit: 5 });
  });
  it('filters by kind, namespace and cost, but still tells the crown jewels reached', () => {
    const b = new GraphBuilder();
    b.vertex('sa:a/x', { kind: 'sa', namespace: 'a', name: 'x' });
    b.vertex('sa:b/y', { kind: 'sa', namespace: 'b', name: 'y' });
    b.vertex('pod:a/p', { kind: 'pod', namespace: 'a', name: 'p' });
    b.vertex('target:etcd', { kind: 'target', name: 'etcd', crownJewel: 'etcd' });
    b.edge('POD_EXEC', 'sa:a/x', 'pod:a/p', [], 1);
    b.edge('POD_EXEC', 'sa:a/x', 'sa:b/y', [], 2);
    b.edge('POD_EXEC', 'sa:b/y', 'target:etcd', [], 5);
    const index = new GraphIndex(b.build());
    const ids = (o: Parameters<typeof blastRadius>[2]) =>
      blastRadius(index, 'sa:a/x', o)!.reached.map((r) => r.id);
    expect(ids({})).toEqual(['pod:a/p', 'sa:b/y', 'target:etcd']);
    expect(ids({ kinds: ['pod'] })).toEqual(['pod:a/p', 'target:etcd']);
    expect(ids({ namespace: 'b' })).toEqual(['sa:b/y', 'target:etcd']);
    expect(ids({ maxCost: 2 })).toEqual(['pod:a/p', 'sa:b/y']);
  });
});

describe('choke points', () => {
  it('count an object once per path, even when it makes two consecutive steps', async () => {
    const { chokePoints } = await import('./choke-points.js');
    const { findings } = await import('./findings.js');
    const b = new GraphBuilder();
    const binding = { kind: 'RoleBinding', namespace: 'a', name: 'rb', path: '/roleRef' };
    b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin' });
    b.vertex('sa:a/x', { kind: 'sa', namespace: 'a', name: 'x' });
    b.vertex('sa:a/y', { kind: 'sa', namespace: 'a', name: 'y' });
    b.vertex('binding:a/rb', { kind: 'binding', namespace: 'a', name: 'rb' });
    b.edge('PERMISSION_DISCOVER', 'sa:a/x', 'binding:a/rb', { ...binding, path: '/subjects/0' });
    b.edge('PERMISSION_DISCOVER', 'sa:a/y', 'binding:a/rb', { ...binding, path: '/subjects/1' });
    b.edge('CLUSTER_ADMIN', 'binding:a/rb', 'target:cluster-admin', binding);
    const index = new GraphIndex(b.build());
    const f = findings(index);
    const points = chokePoints(index, f.searches);
    // Two entry points (x, y), one jewel: the binding lies on 2 paths, not 4.
    expect(points.find((p) => p.object === 'RoleBinding a/rb')?.paths).toBe(2);
    expect(points.find((p) => p.object === 'RoleBinding a/rb')?.edgeKinds.sort()).toEqual([
      'CLUSTER_ADMIN',
      'PERMISSION_DISCOVER',
    ]);
  });
  it('count an object once per path when it repeats further along, not next to itself', async () => {
    const { chokePoints } = await import('./choke-points.js');
    const { findings } = await import('./findings.js');
    const b = new GraphBuilder();
    const rb = { kind: 'RoleBinding', namespace: 'a', name: 'rb', path: '/roleRef' };
    const role = { kind: 'Role', namespace: 'a', name: 'pods', path: '/rules/0' };
    b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin' });
    b.vertex('sa:a/x', { kind: 'sa', namespace: 'a', name: 'x' });
    b.vertex('hub:one', { kind: 'hub', name: 'one' });
    b.vertex('hub:two', { kind: 'hub', name: 'two' });
    // rb, then another object, then rb again: one path through rb.
    b.edge('PERMISSION_DISCOVER', 'sa:a/x', 'hub:one', rb);
    b.edge('POD_CREATE', 'hub:one', 'hub:two', role);
    b.edge('CLUSTER_ADMIN', 'hub:two', 'target:cluster-admin', rb);
    const index = new GraphIndex(b.build());
    const points = chokePoints(index, findings(index).searches);
    expect(points.find((p) => p.object === 'RoleBinding a/rb')?.paths).toBe(1);
    expect(points.find((p) => p.object === 'Role a/pods')?.paths).toBe(1);
  });
  it('name the cheapest entry behind each point as its example', async () => {
    const { chokePoints } = await import('./choke-points.js');
    const { findings } = await import('./findings.js');
    const b = new GraphBuilder();
    const binding = { kind: 'RoleBinding', namespace: 'a', name: 'rb', path: '/roleRef' };
    b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin' });
    for (const n of ['far', 'near', 'mid']) b.vertex(`sa:a/${n}`, { kind: 'sa', namespace: 'a', name: n });
    b.vertex('binding:a/rb', { kind: 'binding', namespace: 'a', name: 'rb' });
    b.edge('PERMISSION_DISCOVER', 'sa:a/far', 'sa:a/mid', [], 4);
    b.edge('PERMISSION_DISCOVER', 'sa:a/mid', 'binding:a/rb', [], 2);
    b.edge('PERMISSION_DISCOVER', 'sa:a/near', 'binding:a/rb', [], 1);
    b.edge('CLUSTER_ADMIN', 'binding:a/rb', 'target:cluster-admin', binding, 1);
    const index = new GraphIndex(b.build());
    const point = chokePoints(index, findings(index).searches).find((p) => p.object === 'RoleBinding a/rb')!;
    expect(point.paths).toBe(3);
    expect(point.example).toEqual({ entry: 'sa:a/near', jewel: 'target:cluster-admin', cost: 2 });
  });
});

describe('Tier Zero in findings', () => {
  it('is never an entry point, and is listed apart with why', () => {
    const b = new GraphBuilder();
    b.vertex('container:kube-system/etcd-cp-1/etcd', {
      kind: 'container',
      namespace: 'kube-system',
      name: 'etcd',
      tierZero: "the control plane's etcd",
    });
    b.vertex('container:ops/operator/c', { kind: 'container', namespace: 'ops', name: 'c' });
    b.vertex('target:etcd', { kind: 'target', name: 'etcd' });
    const hostPath = (ns: string, name: string) => ({
      kind: 'Pod',
      namespace: ns,
      name,
      path: '/spec/volumes/0',
    });
    b.edge(
      'EXPLOIT_ETCD_DATA',
      'container:kube-system/etcd-cp-1/etcd',
      'target:etcd',
      hostPath('kube-system', 'etcd-cp-1'),
    );
    b.edge('EXPLOIT_ETCD_DATA', 'container:ops/operator/c', 'target:etcd', hostPath('ops', 'operator'));
    const result = findings(new GraphIndex(b.build()));
    const entries = result.findings.flatMap((f) => f.entries.map((e) => e.id));
    expect(entries).toContain('container:ops/operator/c');
    expect(entries).not.toContain('container:kube-system/etcd-cp-1/etcd');
    expect(result.tierZero).toEqual([
      { id: 'container:kube-system/etcd-cp-1/etcd', kind: 'container', reason: "the control plane's etcd" },
    ]);
  });
});

describe('the severity rule', () => {
  it.each([
    [2, 'identity', false, 'critical'],
    [4, 'identity', false, 'high'],
    [4, 'internet', false, 'critical'],
    [4, 'authenticated', false, 'critical'],
    [4, 'unauthenticated', false, 'critical'],
    [4, 'workload', false, 'high'],
    [2, 'identity', true, 'high'],
    [2, 'internet', true, 'high'],
    [8, 'workload', false, 'medium'],
    [8, 'internet', true, 'high'],
    [12, 'identity', false, 'low'],
  ] as const)('cost %i from %s, exploit %s: %s', (cost, entry, exploit, expected) => {
    expect(severityOf(cost, entry, exploit).severity).toBe(expected);
  });
});

describe('findings group', () => {
  it('the containers of one workload into one entry, with how many pods it stands for', () => {
    const b = new GraphBuilder();
    b.vertex('target:etcd', { kind: 'target', name: 'etcd' });
    for (const pod of ['web-1', 'web-2', 'web-3']) {
      b.vertex(`container:shop/${pod}/c`, {
        kind: 'container',
        namespace: 'shop',
        name: 'c',
        workload: 'Deployment web/c',
      });
      b.edge('EXPLOIT_ETCD_DATA', `container:shop/${pod}/c`, 'target:etcd', {
        kind: 'Pod',
        namespace: 'shop',
        name: pod,
        path: '/spec/volumes/0',
      });
    }
    const all = findings(new GraphIndex(b.build())).findings.flatMap((f) => f.entries);
    // Each pod's hostPath is its own cause here; within each finding the workload is one entry.
    expect(all.every((e) => e.workload === 'Deployment web/c')).toBe(true);
    const b2 = new GraphBuilder();
    b2.vertex('target:etcd', { kind: 'target', name: 'etcd' });
    b2.vertex('clusterbinding:read-all', { kind: 'clusterbinding', name: 'read-all' });
    b2.edge('TOKEN_LIST', 'clusterbinding:read-all', 'target:etcd', []);
    for (const pod of ['web-1', 'web-2', 'web-3']) {
      b2.vertex(`container:shop/${pod}/c`, {
        kind: 'container',
        namespace: 'shop',
        name: 'c',
        workload: 'Deployment web/c',
      });
      b2.edge('PERMISSION_DISCOVER', `container:shop/${pod}/c`, 'clusterbinding:read-all', []);
    }
    const [finding] = findings(new GraphIndex(b2.build())).findings;
    expect(finding!.entries).toEqual([
      { id: 'container:shop/web-1/c', cost: finding!.cost, workload: 'Deployment web/c', pods: 3 },
    ]);
  });
});
