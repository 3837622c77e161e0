// kube-bench results on the graph, both ways: the failures that open a path open it from
// exactly those who reach the port (NetworkPolicy egress to the node's address decides), on
// exactly the node the result is about; a pass closes the assumed anonymous API; everything
// else is a node finding. Kubelet semantics:
// https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/ (anonymous
// requests are authorised like any other: with Webhook, the API server decides for
// system:anonymous; AlwaysAllow allows every request).
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { BENCH, kubeBenchJson, writeTree, type BenchCheck } from '@kubepath/testkit';
import { ETCD, INTERNET } from '@kubepath/model';
import { describe, expect, it } from 'vitest';
import { buildAttackGraph } from '../build.js';
import { reachable } from '../testing.js';

const node = (name: string, ip: string, external?: string) => `apiVersion: v1
kind: Node
metadata: { name: ${name} }
status:
  addresses: [{ type: InternalIP, address: ${ip} }${external ? `, { type: ExternalIP, address: ${external} }` : ''}]
---
`;
const pod = (ns: string, name: string, nodeName: string) => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns}, labels: { app: ${name} } }
spec:
  nodeName: ${nodeName}
  containers: [{ name: app, image: "busybox:1.36" }]
---
`;
// The `locked` namespace may send only to 10.0.9.0/24 (not the nodes); `open` has no policy.
const CLUSTER = `${node('worker-1', '10.0.1.1')}${node('worker-2', '10.0.1.2')}${node('edge-1', '10.0.1.3', '198.51.100.7')}
${pod('open', 'client', 'worker-2')}${pod('locked', 'client', 'worker-2')}${pod('apps', 'on-worker-1', 'worker-1')}${pod('apps', 'on-worker-2', 'worker-2')}${pod('apps', 'on-edge', 'edge-1')}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: only-db, namespace: locked }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ to: [{ ipBlock: { cidr: 10.0.9.0/24 } }] }]
`;

async function graphWith(results: Record<string, BenchCheck[]>, cisNode?: string) {
  const files = Object.fromEntries(Object.entries(results).map(([f, checks]) => [f, kubeBenchJson(checks)]));
  const dir = writeTree({ 'cluster.yaml': CLUSTER, ...files });
  const snapshot = await loadSnapshotFromFiles([dir], cisNode ? { cisNode } : {});
  expect(snapshot.coverage.skipped).toEqual([]);
  return buildAttackGraph(snapshot);
}
const fromClass = (graph: Awaited<ReturnType<typeof graphWith>>, container: string) =>
  graph.edges.find(
    (e) => e.from === container && e.kind === 'NETWORK_REACH' && e.to.startsWith('netclass:from/'),
  )!.to;
const edgesOf = (graph: Awaited<ReturnType<typeof graphWith>>, kind: string) =>
  graph.edges.filter((e) => e.kind === kind);

describe('kube-bench results on the graph', () => {
  it('an AlwaysAllow kubelet (4.2.2 FAIL) opens its pods to every class whose egress reaches the node, no other', async () => {
    const graph = await graphWith({
      'kube-bench-worker-1.json': [BENCH.kubeletAuthz('FAIL'), BENCH.kubeletAnonymous('PASS')],
    });
    const open = fromClass(graph, 'container:open/client/app');
    const locked = fromClass(graph, 'container:locked/client/app');
    const edges = edgesOf(graph, 'KUBELET_OPEN');
    expect(edges.every((e) => e.to === 'hub:kubelet/worker-1')).toBe(true);
    expect(edges.map((e) => e.from)).toContain(open);
    expect(edges.map((e) => e.from)).not.toContain(locked);
    expect(edges[0]!.evidence[0]).toMatchObject({ kind: 'kube-bench', name: '4.2.2' });
    expect(edges[0]!.evidence[0]!.path).toMatch(/kube-bench-worker-1\.json$/);
    // The open client reaches the pod on worker-1, not the one on worker-2 (that kubelet was not found open).
    const reach = reachable(graph, 'container:open/client/app');
    expect(reach.has('container:apps/on-worker-1/app')).toBe(true);
    expect(reach.has('container:apps/on-worker-2/app')).toBe(false);
    expect(reachable(graph, 'container:locked/client/app').has('container:apps/on-worker-1/app')).toBe(false);
    // No ExternalIP: the internet does not reach it; every node does, through the nodes' network.
    expect(edges.map((e) => e.from)).not.toContain(INTERNET);
    expect(edges.map((e) => e.from)).toContain('netclass:nodes');
    expect(reachable(graph, 'node:worker-2').has('container:apps/on-worker-1/app')).toBe(true);
  });

  it('anonymous auth with Webhook authorisation (4.2.1 FAIL, 4.2.2 PASS) makes the caller system:anonymous, no more', async () => {
    const graph = await graphWith({
      'kube-bench-worker-1.json': [BENCH.kubeletAnonymous('FAIL'), BENCH.kubeletAuthz('PASS')],
    });
    expect(edgesOf(graph, 'KUBELET_OPEN')).toEqual([]);
    const anonymous = edgesOf(graph, 'KUBELET_ANONYMOUS');
    expect(anonymous.length).toBeGreaterThan(0);
    expect(new Set(anonymous.map((e) => e.to))).toEqual(new Set(['user:system:anonymous']));
    expect(reachable(graph, 'container:open/client/app').has('container:apps/on-worker-1/app')).toBe(false);
  });

  it('passing kubelet checks, and another node’s failures, open nothing on this node', async () => {
    const graph = await graphWith({
      'kube-bench-worker-2.json': [
        BENCH.kubeletAnonymous('PASS'),
        BENCH.kubeletAuthz('PASS'),
        BENCH.other('FAIL'),
      ],
    });
    expect(edgesOf(graph, 'KUBELET_OPEN')).toEqual([]);
    expect(edgesOf(graph, 'KUBELET_ANONYMOUS')).toEqual([]);
    expect(graph.evidence!.cis!.findings).toEqual([
      expect.objectContaining({
        node: 'worker-2',
        id: '4.2.6',
        remediation: 'Fix 4.2.6 and restart the component.',
      }),
    ]);
    expect(graph.evidence!.cis!.findings[0]!.opens).toBeUndefined();
  });

  it('a node with an external address is reached from the internet, and the evidence says kubepath sees no firewall', async () => {
    const graph = await graphWith({ 'kube-bench-edge-1.json': [BENCH.kubeletAuthz('FAIL')] });
    const fromInternet = edgesOf(graph, 'KUBELET_OPEN').find((e) => e.from === INTERNET)!;
    expect(fromInternet.to).toBe('hub:kubelet/edge-1');
    expect(fromInternet.evidence[0]!.note).toMatch(/198\.51\.100\.7.*firewalls/);
    expect(reachable(graph, INTERNET).has('container:apps/on-edge/app')).toBe(true);
  });

  it('etcd without client certificates (2.2 FAIL) is read by whoever reaches 2379 on its node', async () => {
    const graph = await graphWith({ 'kube-bench-worker-1.json': [BENCH.etcdClientCert('FAIL')] });
    const edges = edgesOf(graph, 'ETCD_OPEN');
    expect(new Set(edges.map((e) => e.to))).toEqual(new Set([ETCD]));
    expect(edges.map((e) => e.from)).toContain(fromClass(graph, 'container:open/client/app'));
    expect(edges.map((e) => e.from)).not.toContain(fromClass(graph, 'container:locked/client/app'));
    const passed = await graphWith({ 'kube-bench-worker-1.json': [BENCH.etcdClientCert('PASS')] });
    expect(edgesOf(passed, 'ETCD_OPEN')).toEqual([]);
  });

  it('the API server’s anonymous auth: assumed without a result, known on FAIL, gone on PASS', async () => {
    const none = await graphWith({});
    expect(edgesOf(none, 'ANONYMOUS_API')[0]!.evidence[0]!.note).toMatch(/^assumed:/);
    const failed = await graphWith({ 'master.json': [BENCH.apiAnonymous('FAIL')] });
    expect(edgesOf(failed, 'ANONYMOUS_API')[0]!.evidence[0]).toMatchObject({
      kind: 'kube-bench',
      name: '1.2.1',
    });
    expect(failed.evidence!.cis!.apiAnonymous).toBe('FAIL');
    const passed = await graphWith({ 'master.json': [BENCH.apiAnonymous('PASS')] });
    expect(edgesOf(passed, 'ANONYMOUS_API')).toEqual([]);
    // Two control-plane nodes that disagree: the failure wins (a false "no path" is worse).
    const both = await graphWith({
      'a.json': [BENCH.apiAnonymous('PASS')],
      'b.json': [BENCH.apiAnonymous('FAIL')],
    });
    expect(edgesOf(both, 'ANONYMOUS_API')).toHaveLength(1);
  });

  it('a result whose node is unknown opens nothing, and the summary says which file it was', async () => {
    const graph = await graphWith({ 'results.json': [BENCH.kubeletAuthz('FAIL')] });
    expect(edgesOf(graph, 'KUBELET_OPEN')).toEqual([]);
    expect(graph.evidence!.cis!.unplaced).toEqual([expect.stringMatching(/results\.json$/)]);
    const placed = await graphWith({ 'results.json': [BENCH.kubeletAuthz('FAIL')] }, 'worker-1');
    expect(edgesOf(placed, 'KUBELET_OPEN').map((e) => e.to)).toContain('hub:kubelet/worker-1');
    const elsewhere = await graphWith({ 'results.json': [BENCH.kubeletAuthz('FAIL')] }, 'worker-9');
    expect(elsewhere.evidence!.cis!.unknownNodes).toEqual(['worker-9']);
    expect(edgesOf(elsewhere, 'KUBELET_OPEN')).toEqual([]);
    expect(elsewhere.vertices.has('hub:kubelet/worker-9')).toBe(false);
  });

  it('recognises the checks by what they test, whatever the benchmark numbers them (EKS: 3.2.1, 3.2.2)', async () => {
    const eks = [
      {
        ...BENCH.kubeletAnonymous('FAIL'),
        id: '3.2.1',
        text: 'Ensure that the Anonymous Auth is Not Enabled (Automated)',
      },
      {
        ...BENCH.kubeletAuthz('FAIL'),
        id: '3.2.2',
        text: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow (Automated)',
      },
    ];
    const graph = await graphWith({ 'kube-bench-worker-1.json': eks });
    expect(edgesOf(graph, 'KUBELET_OPEN')[0]!.evidence.map((e) => e.name)).toEqual(['3.2.2', '3.2.1']);
  });
});
