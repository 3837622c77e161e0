import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@kubepath/graph';
import { findVertices } from './find-vertices.js';
import { GraphIndex } from './graph-index.js';
import { paths } from './queries.js';

function index() {
  const b = new GraphBuilder();
  b.vertex('sa:ci/runner', { kind: 'sa', name: 'runner', namespace: 'ci' });
  b.vertex('sa:ci/deployer', { kind: 'sa', name: 'deployer', namespace: 'ci' });
  b.vertex('sa:shop/ci-helper', { kind: 'sa', name: 'ci-helper', namespace: 'shop' });
  b.vertex('node:worker-1', { kind: 'node', name: 'worker-1', label: 'Node worker-1' });
  b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin' });
  b.edge('POD_EXEC', 'sa:ci/runner', 'node:worker-1', [], 1);
  b.edge('POD_EXEC', 'node:worker-1', 'target:cluster-admin', [], 1);
  b.edge('POD_EXEC', 'sa:ci/runner', 'target:cluster-admin', [], 5);
  return new GraphIndex(b.build());
}

describe('findVertices', () => {
  it('finds a vertex by a spec field behind its edges: "privileged", "hostPath"', () => {
    const b = new GraphBuilder();
    b.vertex('container:a/Deployment.x/c', { kind: 'container', name: 'c', namespace: 'a' });
    b.vertex('container:a/Deployment.y/c', { kind: 'container', name: 'c', namespace: 'a' });
    b.vertex('node:n', { kind: 'node', name: 'n' });
    const at = (path: string) => [{ kind: 'Deployment', namespace: 'a', name: 'x', path }];
    b.edge(
      'CE_PRIV_MOUNT',
      'container:a/Deployment.x/c',
      'node:n',
      at('/spec/template/spec/containers/0/securityContext/privileged'),
    );
    b.edge(
      'EXPLOIT_HOST_READ',
      'container:a/Deployment.x/c',
      'node:n',
      at('/spec/template/spec/volumes/0/hostPath/path'),
    );
    b.edge(
      'IDENTITY_ASSUME',
      'container:a/Deployment.y/c',
      'node:n',
      at('/spec/template/spec/serviceAccountName'),
    );
    const ix = new GraphIndex(b.build());
    expect(findVertices(ix, 'privileged').map((m) => m.id)).toEqual(['container:a/Deployment.x/c']);
    expect(findVertices(ix, 'hostpath').map((m) => m.id)).toEqual(['container:a/Deployment.x/c']);
    // A field only names vertices whose edges it made; serviceAccountName is no property word.
    expect(findVertices(ix, 'serviceAccountName')).toEqual([]);
  });
  it('matches every word in id or label, case-insensitively, exact id first', () => {
    const ix = index();
    expect(findVertices(ix, 'CI runner').map((m) => m.id)).toEqual(['sa:ci/runner']);
    expect(findVertices(ix, 'sa:ci/deployer')[0]).toEqual({
      id: 'sa:ci/deployer',
      kind: 'sa',
      label: 'deployer',
      namespace: 'ci',
    });
    expect(findVertices(ix, 'Node WORKER').map((m) => m.id)).toEqual(['node:worker-1']);
  });
  it('ranks names that start with the first word before other matches, and honours the limit', () => {
    const ix = index();
    // "ci-helper" starts with "ci"; runner and deployer only live in namespace ci.
    expect(findVertices(ix, 'ci').map((m) => m.id)).toEqual([
      'sa:shop/ci-helper',
      'sa:ci/runner',
      'sa:ci/deployer',
    ]);
    expect(findVertices(ix, 'ci', 1)).toHaveLength(1);
  });
  it('keeps the same best matches whatever the limit (top-k equals the head of the full order)', async () => {
    const { loadSnapshotFromFiles } = await import('@kubepath/collector');
    const { buildAttackGraph } = await import('@kubepath/graph');
    const { demoClusterDir } = await import('@kubepath/testkit');
    const demo = new GraphIndex(buildAttackGraph(await loadSnapshotFromFiles([demoClusterDir()])));
    for (const q of ['s', 'shop', 'pod', 'ci', 'node', 'e'])
      for (const k of [1, 3, 7])
        expect(findVertices(demo, q, k)).toEqual(findVertices(demo, q, 1000).slice(0, k));
  });
  it('returns nothing for a blank query or no match', () => {
    expect(findVertices(index(), '  ')).toEqual([]);
    expect(findVertices(index(), 'etcd')).toEqual([]);
  });
});

describe('paths with skipped edges', () => {
  it('finds the next cheapest path when an edge is left out, and none when all are', () => {
    const ix = index();
    const direct = ix.edgeNumber({ from: 'sa:ci/runner', kind: 'POD_EXEC', to: 'node:worker-1' })!;
    expect(paths(ix, 'sa:ci/runner', 'target:cluster-admin', { k: 1 })!.paths[0]!.cost).toBe(2);
    const without = paths(ix, 'sa:ci/runner', 'target:cluster-admin', { k: 3, skip: (e) => e === direct })!;
    expect(without.paths.map((p) => p.cost)).toEqual([5]);
    expect(paths(ix, 'sa:ci/runner', 'target:cluster-admin', { skip: () => true })!.paths).toEqual([]);
  });
});
