// The demo cluster's documented attack paths and non-paths (examples/demo-cluster/README.md),
// checked on the attack graph by reachability. The non-paths are "no path without exploiting a
// running service": any pod can send traffic to open ports, and an exploit (ENDPOINT_EXPLOIT,
// cost 5) is always a possibility the analyzer keeps, at its cost.
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph, type AttackGraph } from '@kubepath/graph';
import { demoClusterDir } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';

let graph: AttackGraph;
let adjacency: Map<string, string[]>;
let withoutExploits: Map<string, string[]>;
beforeAll(async () => {
  graph = buildAttackGraph(await loadSnapshotFromFiles([demoClusterDir()]));
  adjacency = new Map();
  withoutExploits = new Map();
  for (const e of graph.edges) {
    adjacency.set(e.from, [...(adjacency.get(e.from) ?? []), e.to]);
    if (e.kind !== 'ENDPOINT_EXPLOIT')
      withoutExploits.set(e.from, [...(withoutExploits.get(e.from) ?? []), e.to]);
  }
});

function reaches(from: string, to: string, edges = adjacency): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    for (const next of edges.get(queue.shift()!) ?? []) {
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

describe('demo cluster: the exploit mode each path needs (README "Exploit mode")', () => {
  it.each([
    [
      '1: the internet reaches etcd only through an exploit of the storefront',
      'external:internet',
      'target:etcd',
    ],
    ['2: … and grafana only through an exploit', 'external:internet', 'sa:monitoring/grafana'],
    [
      '4: … and the ingress controller only through an exploit',
      'external:internet',
      'sa:ingress-nginx/ingress-nginx',
    ],
  ])('%s (assumed)', (_name, from, to) => {
    expect(reaches(from, to)).toBe(true);
    expect(reaches(from, to, withoutExploits)).toBe(false);
  });
  it.each([
    ['1', 'container:shop/Deployment.storefront/web', 'target:etcd'],
    ['2', 'sa:monitoring/grafana', 'node:cp-1'],
    ['3', 'sa:ci/runner', 'target:cluster-admin'],
    ['4', 'container:ingress-nginx/Deployment.ingress-nginx-controller/controller', 'target:etcd'],
    ['5', 'group:storefront-developers', 'target:etcd'],
    ['6', 'container:kube-system/DaemonSet.kube-proxy/kube-proxy', 'node:worker-1'],
  ])('%s: needs no exploit (none)', (_name, from, to) => {
    expect(reaches(from, to, withoutExploits)).toBe(true);
  });
  it('root on a worker controls its own replica of the node agent, not the one on the control plane', () => {
    expect(reaches('node:worker-1', 'pod:monitoring/DaemonSet.node-agent@worker-1')).toBe(true);
    // The only way onto a replica from a node is from its own node; "any replica" from none.
    const attach = (to: string) =>
      graph.edges.filter((e) => e.kind === 'POD_ATTACH' && e.to === to).map((e) => e.from);
    expect(attach('pod:monitoring/DaemonSet.node-agent@cp-1')).toEqual(['node:cp-1']);
    expect(attach('pod:monitoring/DaemonSet.node-agent')).toEqual([]);
    expect(reaches('pod:monitoring/DaemonSet.node-agent', 'pod:monitoring/DaemonSet.node-agent@cp-1')).toBe(
      true,
    );
  });
  it('the control plane is Tier Zero: its static pods, node and system:masters', () => {
    for (const id of [
      'pod:kube-system/etcd-cp-1',
      'pod:kube-system/kube-apiserver-cp-1',
      'node:cp-1',
      'group:system:masters',
    ])
      expect(graph.vertices.get(id)?.tierZero, id).toBeDefined();
    expect(graph.vertices.get('pod:monitoring/DaemonSet.node-agent')?.tierZero).toBeUndefined();
  });
});

describe('demo cluster: tempting non-paths (without an exploit)', () => {
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
    expect(reaches(from, to, withoutExploits)).toBe(false);
  });

  it('the payments ledger is reachable over the network only from checkout', () => {
    const into = graph.edges.filter(
      (e) =>
        e.kind === 'NETWORK_REACH' &&
        e.to.startsWith('netclass:to/') &&
        graph.vertices.get(e.to)?.namespace === 'payments',
    );
    const sources = into.map((e) => graph.vertices.get(e.from)?.label ?? e.from);
    expect(sources).toEqual(['traffic from pods of shop like Deployment.checkout']);
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
    // The non-paths reach etcd only through an exploit of a running service, at its cost.
    for (const id of [
      'sa:payments/batch',
      'sa:shop/checkout',
      'group:interns',
      'sa:monitoring/prometheus',
      'sa:kube-system/coredns',
    ]) {
      const s = result.sources.find((x) => x.id === id);
      if (s) expect(s.path.some((step) => step.kind === 'ENDPOINT_EXPLOIT')).toBe(true);
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
    const all = findings(new GraphIndex(graph)).findings;
    for (const cause of [
      'binding:payments/batch-runner',
      'binding:shop/checkout-read-payments-key',
      'binding:sandbox/interns-admin',
    ]) {
      for (const f of all.filter((x) => x.cause === cause))
        expect(f.path.some((step) => step.kind === 'ENDPOINT_EXPLOIT')).toBe(true);
    }
    // The internet reaches etcd (paths 1 and 4 cost the same; ties break on ids, so its one
    // cheapest path goes through the ingress controller's binding). It needs an exploit of the
    // controller, so it is high (one level up from medium for the internet), never critical.
    const fromInternet = all.filter(
      (f) =>
        f.jewels.some((j) => j.id === 'target:etcd') && f.entries.some((e) => e.id === 'external:internet'),
    );
    expect(fromInternet.map((f) => f.cause)).toEqual(['clusterbinding:ingress-nginx']);
    expect(fromInternet[0]).toMatchObject({ entryClass: 'internet', assumesExploit: true, severity: 'high' });
    expect(fromInternet[0]?.severityReason).toMatch(/the internet.*one level higher.*never critical/);
  });
  it('offers a NetworkPolicy where nothing isolates a namespace, never where one does (payments)', async () => {
    const { GraphIndex, findings, fixCandidates } = await import('@kubepath/analyzer');
    const index = new GraphIndex(graph);
    const fixes = fixCandidates(index, findings(index).searches, { limit: 100, examine: 100 });
    const policies = fixes.filter((f) => f.object.endsWith(': a NetworkPolicy')).map((f) => f.object);
    expect(policies).toContain('Namespace monitoring: a NetworkPolicy');
    expect(policies).not.toContain('Namespace payments: a NetworkPolicy');
    expect(fixes.find((f) => f.object === 'Namespace monitoring: a NetworkPolicy')!.fix).toMatch(
      /default-deny ingress/,
    );
    expect(fixes.map((f) => f.object).filter((o) => /^Namespace \S+$/.test(o))).toEqual([]); // never "remove it"
  });
  it('README "What to fix first": with --exploits none the node agent\'s pod spec first; either field alone closes nothing', async () => {
    const { GraphIndex, findings, fixCandidates, indexForExploits } = await import('@kubepath/analyzer');
    const index = indexForExploits(new GraphIndex(graph), 'none');
    const fixes = fixCandidates(index, findings(index).searches, { limit: 100, examine: 100 });
    expect(fixes[0]).toMatchObject({ id: 'DaemonSet/monitoring/node-agent', closes: 6 });
    const fields = fixes.filter((f) => f.id.startsWith('DaemonSet/monitoring/node-agent#'));
    expect(fields.map((f) => f.id).sort()).toEqual([
      'DaemonSet/monitoring/node-agent#/spec/template/spec/containers/0/securityContext/privileged',
      'DaemonSet/monitoring/node-agent#/spec/template/spec/volumes/0/hostPath/path',
    ]);
    for (const f of fields) expect(f.closes).toBe(0);
    // In the default mode the CI runner's pod-creation binding comes first.
    const assumed = new GraphIndex(graph);
    expect(fixCandidates(assumed, findings(assumed).searches)[0]!.id).toBe(
      'RoleBinding/ci/runner-build-pods',
    );
  });
  it('one finding per cause and kind of entry, every jewel it opens listed once', async () => {
    const { GraphIndex, findings } = await import('@kubepath/analyzer');
    const all = findings(new GraphIndex(graph)).findings;
    const runner = all.filter(
      (f) => f.cause === 'binding:ci/runner-build-pods' && f.entryClass === 'identity',
    );
    expect(runner).toHaveLength(1);
    expect(runner[0]!.jewels.map((j) => j.id)).toEqual(['target:cluster-admin', 'target:etcd']);
    expect(runner[0]!.entries.map((e) => e.id)).toEqual(['sa:ci/runner', 'user:ci-bot@acme.example']);
    // The remediation is what the binding allows (creating pods), not the path's first step.
    expect(runner[0]!.remediation).toMatch(/create on pods/);
    const etcdMount = all.find((f) =>
      f.cause.startsWith('EXPLOIT_ETCD_DATA DaemonSet monitoring/node-agent'),
    )!;
    expect(etcdMount.remediation).toMatch(/hostPath/);
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
  });
});
