// The demo cluster's documented attack paths and non-paths (examples/demo-cluster/README.md),
// checked on the attack graph by reachability. Paths that start at the internet need the
// network module; until it lands they are checked from the exposed container onwards.
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph, type AttackGraph } from '@kubepath/graph';
import { demoClusterDir } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';

let graph: AttackGraph;
let adjacency: Map<string, string[]>;
beforeAll(async () => {
  graph = buildAttackGraph(await loadSnapshotFromFiles([demoClusterDir()]));
  adjacency = new Map();
  for (const e of graph.edges) adjacency.set(e.from, [...(adjacency.get(e.from) ?? []), e.to]);
});

function reaches(from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    for (const next of adjacency.get(queue.shift()!) ?? []) {
      if (next === to) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}

describe('demo cluster: attack paths that exist', () => {
  it.each([
    [
      '1: the storefront container reads every secret (legacy-ops)',
      'container:shop/Deployment.storefront/web',
      'target:etcd',
    ],
    [
      "1: … and ops-admin's legacy token makes it cluster-admin",
      'container:shop/Deployment.storefront/web',
      'target:cluster-admin',
    ],
    [
      '2: grafana execs into the privileged node agent, which runs on the control plane',
      'sa:monitoring/grafana',
      'target:etcd',
    ],
    ['3: the CI runner creates a pod as ci/deployer', 'sa:ci/runner', 'target:cluster-admin'],
    ['3: … and so does the ci-bot user', 'user:ci-bot@acme.example', 'target:cluster-admin'],
    [
      '4: the ingress controller lists every secret',
      'container:ingress-nginx/Deployment.ingress-nginx-controller/controller',
      'target:etcd',
    ],
    ['5: storefront developers reach the storefront SA', 'group:storefront-developers', 'target:etcd'],
    ['6: kube-proxy is privileged', 'container:kube-system/DaemonSet.kube-proxy/kube-proxy', 'node:worker-1'],
  ])('%s', (_name, from, to) => {
    expect(reaches(from, to)).toBe(true);
  });
});

describe('demo cluster: tempting non-paths', () => {
  it.each([
    ['payments batch can create restricted pods only', 'sa:payments/batch', 'target:cluster-admin'],
    ['payments batch reaches no node', 'sa:payments/batch', 'node:worker-1'],
    ['checkout reads one secret by name', 'sa:shop/checkout', 'target:etcd'],
    ['checkout does not reach the shop database secret', 'sa:shop/checkout', 'secret:shop/shop-db'],
    ['interns stay in their sandbox', 'group:interns', 'target:cluster-admin'],
    ['interns cannot get a privileged pod', 'group:interns', 'node:worker-1'],
    ['prometheus reads metrics, not the kubelet API', 'sa:monitoring/prometheus', 'target:cluster-admin'],
    ['coredns only lists', 'sa:kube-system/coredns', 'target:etcd'],
  ])('%s', (_name, from, to) => {
    expect(reaches(from, to)).toBe(false);
  });
});

describe('demo cluster: the analyzer agrees', () => {
  it('who-can-reach target:etcd lists the documented sources and none of the non-paths', async () => {
    const { GraphIndex, whoCanReach } = await import('@kubepath/analyzer');
    const result = whoCanReach(new GraphIndex(graph), 'target:etcd');
    const ids = new Set(result.sources.map((s) => s.id));
    for (const id of [
      'sa:shop/storefront',
      'sa:monitoring/grafana',
      'sa:ci/runner',
      'user:ci-bot@acme.example',
      'sa:ingress-nginx/ingress-nginx',
      'group:storefront-developers',
    ]) {
      expect(ids).toContain(id);
    }
    for (const id of [
      'sa:payments/batch',
      'sa:shop/checkout',
      'group:interns',
      'sa:monitoring/prometheus',
      'sa:kube-system/coredns',
    ]) {
      expect(ids).not.toContain(id);
    }
    // Every step of every answer is an edge of the graph.
    for (const s of result.sources)
      for (const step of s.path)
        expect(
          graph.edges.some((e) => e.from === step.from && e.kind === step.kind && e.to === step.to),
        ).toBe(true);
  });

  it('findings name the causes the README documents', async () => {
    const { GraphIndex, findings } = await import('@kubepath/analyzer');
    const causes = new Set(findings(new GraphIndex(graph)).findings.map((f) => f.cause));
    for (const cause of [
      'clusterbinding:storefront-legacy-ops',
      'binding:monitoring/grafana-debug-agents',
      'binding:ci/runner-build-pods',
      'clusterbinding:ingress-nginx',
      'binding:shop/storefront-team-edit',
    ]) {
      expect(causes).toContain(cause);
    }
    for (const cause of [
      'binding:payments/batch-runner',
      'binding:shop/checkout-read-payments-key',
      'binding:sandbox/interns-admin',
    ])
      expect(causes).not.toContain(cause);
  });
});
