import { join } from 'node:path';
import { GraphIndex, whoCanReach } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { demoClusterDir, repoRoot, writeTree } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { prebuiltQueries, type PrebuiltQuery } from './prebuilt-queries.js';

let index: GraphIndex;
let queries: Map<string, PrebuiltQuery>;
beforeAll(async () => {
  // The demo with its kube-bench results for cp-1 (an open kubelet there).
  const snapshot = await loadSnapshotFromFiles([
    demoClusterDir(),
    join(repoRoot(), 'examples', 'demo-evidence', 'kube-bench-cp-1.json'),
  ]);
  index = new GraphIndex(buildAttackGraph(snapshot));
  queries = new Map(prebuiltQueries(index, 5000).map((q) => [q.id, q]));
});

describe('pre-built queries on the demo cluster', () => {
  it('internet → crown jewels agrees with the blast radius of the internet', () => {
    const q = queries.get('internet-to-jewels')!;
    expect(q.items.map((i) => i.id).sort()).toEqual(['target:cluster-admin', 'target:etcd']);
    expect(q.count).toBe(2);
  });
  it('service accounts that are cluster-admin: exactly the cost-0 reachers of target:cluster-admin', () => {
    const q = queries.get('cluster-admin-accounts')!;
    const direct = whoCanReach(index, 'target:cluster-admin', { kinds: ['sa'], maxCost: 0 }).sources.map(
      (s) => s.id,
    );
    expect(q.items.map((i) => i.id)).toEqual(direct);
    expect(direct).toContain('sa:ci/deployer');
    // ci/runner gets there too, but only by creating a pod: not cluster-admin outright.
    expect(q.items.map((i) => i.id)).not.toContain('sa:ci/runner');
  });
  it('containers that can escape: the privileged hostPID node-agent, not the web front end', () => {
    const q = queries.get('node-escapes')!;
    const ids = q.items.map((i) => i.id);
    expect(ids.some((id) => id.startsWith('container:monitoring/DaemonSet.node-agent'))).toBe(true);
    expect(q.items[0]!.detail).toMatch(/CE_NSENTER/);
    expect(ids).not.toContain('container:shop/Deployment.storefront/web');
    expect(q.count).toBeGreaterThanOrEqual(q.items.length);
  });
  it('identities that read every secret, and workloads behind an internet-facing Service', () => {
    expect(queries.get('read-all-secrets')!.items.map((i) => i.id)).toContain(
      'sa:ingress-nginx/ingress-nginx',
    );
    const exposed = queries.get('internet-workloads')!;
    expect(exposed.items).toContainEqual({
      id: 'container:shop/Deployment.storefront/web',
      detail: 'via service:shop/storefront',
    });
    expect(exposed.items.map((i) => i.id)).not.toContain('container:ci/Deployment.runner/runner');
  });
  it('kubelets reachable from pods: cp-1, whose kubelet kube-bench found open', () => {
    const q = queries.get('kubelets-from-pods')!;
    expect(q.items.map((i) => i.id)).toEqual(['hub:kubelet/cp-1']);
    expect(Number(q.items[0]!.detail!.split(' ')[0])).toBeGreaterThan(0);
  });
  it('on a cluster of one service account, every query answers zero instead of failing', async () => {
    const dir = writeTree({
      'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: lonely, namespace: a }\n',
    });
    const small = prebuiltQueries(new GraphIndex(buildAttackGraph(await loadSnapshotFromFiles([dir]))), 1000);
    expect(small.map((q) => q.id)).toEqual([...queries.keys()]);
    expect(small.every((q) => q.count === 0 && q.items.length === 0)).toBe(true);
    // No link to a search on a vertex the graph lacks (it would answer "unknown vertex").
    expect(small.find((q) => q.id === 'read-all-secrets')!.open).toBeUndefined();
  });
});
