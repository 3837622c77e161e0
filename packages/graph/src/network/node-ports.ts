/**
 * Node ports that kube-bench found open (evidence/cis-checks.ts): the kubelet's 10250 and
 * etcd's 2379. Who reaches them:
 * - the internet, when the node has an ExternalIP address (kubepath sees no firewall or
 *   security group, and says so in the evidence);
 * - every class of pods whose egress policies allow TCP to the node's InternalIP on that port
 *   (NetworkPolicy egress to a node's address is decided by ipBlock rules, like any address
 *   outside the cluster's pods; https://kubernetes.io/docs/concepts/services-networking/network-policies/);
 * - every node, and every hostNetwork container through its node's network: host traffic is
 *   outside what NetworkPolicies select. One vertex, `netclass:nodes`, stands for the nodes'
 *   own network, so that the edges stay nodes + open ports, never nodes × open ports.
 * Edges: classes × nodes with an open port; kube-bench runs on a handful of nodes.
 */
import { ETCD, INTERNET, ids, type Node, type VertexId } from '@kubepath/model';
import type { Evidence, GraphBuilder } from '../graph-builder.js';
import type { Inventory } from '../inventory.js';
import { hub, registryOf } from '../rbac/hubs.js';
import { cisEvidence, type CisCheckRef, type CisEvidence } from '../evidence/cis-checks.js';
import type { NetworkPolicyEvaluator, NetPod } from './evaluator.js';
import { addressRange } from './ip-ranges.js';

export const KUBELET_PORT = 10250;
export const ETCD_CLIENT_PORT = 2379;

/** The vertex for the nodes' own network (host traffic). */
export const NODES_NETWORK: VertexId = 'netclass:nodes';

interface OpenPort {
  node: string;
  port: number;
  kind: 'KUBELET_OPEN' | 'KUBELET_ANONYMOUS' | 'ETCD_OPEN';
  to: VertexId;
  refs: CisCheckRef[];
  what: string;
}

function openPorts(b: GraphBuilder, cis: CisEvidence, known: ReadonlySet<string>): OpenPort[] {
  const out: OpenPort[] = [];
  for (const [node, ports] of [...cis.nodes].sort(([a], [c]) => a.localeCompare(c))) {
    if (!known.has(node)) continue;
    if (ports.kubeletOpen)
      out.push({
        node,
        port: KUBELET_PORT,
        kind: 'KUBELET_OPEN',
        to: hub(b, 'kubelet', node),
        refs: ports.kubeletOpen,
        what: 'the kubelet runs commands in its pods for any caller',
      });
    if (ports.kubeletAnonymous)
      out.push({
        node,
        port: KUBELET_PORT,
        kind: 'KUBELET_ANONYMOUS',
        to: b.vertex(ids.user('system:anonymous'), { kind: 'user', name: 'system:anonymous' }),
        refs: [ports.kubeletAnonymous],
        what: 'the kubelet takes anonymous requests, authorised as system:anonymous',
      });
    if (ports.etcdOpen)
      out.push({
        node,
        port: ETCD_CLIENT_PORT,
        kind: 'ETCD_OPEN',
        to: ETCD,
        refs: [ports.etcdOpen],
        what: 'etcd serves clients without a certificate',
      });
  }
  return out;
}

const addressesOf = (node: Node | undefined, type: string): string[] =>
  (node?.status?.addresses ?? []).filter((a) => a.type === type).map((a) => a.address);

/** Adds who reaches each open node port. `classes`: each pod class's sending vertex and a pod of it. */
export function addNodePortEdges(
  b: GraphBuilder,
  inv: Inventory,
  cis: CisEvidence | undefined,
  evaluator: NetworkPolicyEvaluator,
  classes: readonly { from: VertexId; rep: NetPod }[],
): void {
  if (!cis) return;
  const nodes = new Map(inv.snapshot.objects.nodes.map((n) => [n.metadata.name, n]));
  // A result for a node the input lacks opens nothing (the summary lists it as unknown).
  const ports = openPorts(b, cis, new Set(nodes.keys()));
  if (ports.length === 0) return;

  const hosts = b.vertex(NODES_NETWORK, {
    kind: 'netclass',
    name: 'nodes',
    label: "the nodes' own network (host traffic, outside NetworkPolicies)",
  });
  const hostNote: Evidence = {
    kind: 'kubepath',
    name: 'network',
    path: '',
    note: 'a node sends from its own address, which no NetworkPolicy selects',
  };
  for (const name of inv.nodes) b.edge('NETWORK_REACH', ids.node(name), hosts, hostNote, 0);
  for (const [id, entry] of registryOf(b))
    if (entry.capability === 'node-network') b.edge('NETWORK_REACH', id, hosts, hostNote, 0);

  for (const open of ports) {
    const node = nodes.get(open.node);
    const edge = (from: VertexId, note: string) =>
      b.edge(
        open.kind,
        from,
        open.to,
        open.refs.map((r) => cisEvidence(r, `${open.what}; ${note}`)),
      );
    edge(hosts, `any node reaches ${open.node}:${open.port}`);

    const external = addressesOf(node, 'ExternalIP');
    if (external.length)
      edge(
        INTERNET,
        `${open.node} has the external address ${external[0]}; kubepath cannot see firewalls or security groups that may close port ${open.port}`,
      );

    const internal = addressesOf(node, 'InternalIP')
      .map((a) => ({ address: a, range: addressRange(a) }))
      .find((a) => a.range);
    for (const cls of classes) {
      if (!internal) {
        // No address to test the policies against: a false "no path" is worse than a false path.
        edge(
          cls.from,
          `${open.node} has no InternalIP in the input: kubepath assumes its pods reach port ${open.port}`,
        );
        continue;
      }
      if (evaluator.side(cls.rep, 'egress', { kind: 'ip', range: internal.range! }).allows('TCP', open.port))
        edge(cls.from, `egress to ${internal.address}:${open.port} (${open.node}) is not blocked`);
    }
  }
}
