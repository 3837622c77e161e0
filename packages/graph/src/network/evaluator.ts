/**
 * NetworkPolicy semantics (networking.k8s.io/v1):
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/
 *
 * - A pod is isolated for a direction when a policy of its namespace selects it and affects
 *   that direction; then only the union of those policies' rules is allowed. Unselected pods
 *   allow everything. allowed(src → dst) = egress(src) ∩ ingress(dst).
 * - `policyTypes` absent: Ingress always, Egress only when `spec.egress` has a rule.
 * - `ingress: []` / no rules: isolated and nothing allowed. A rule with `from`/`to` absent or
 *   empty matches every peer; peers in one list are ORed; namespaceSelector and podSelector in
 *   one peer are ANDed; podSelector alone means the policy's own namespace.
 * - Ports absent or empty: everything. A port entry's protocol defaults to TCP; `endPort` makes a
 *   range; a named port resolves against the *destination* pod's container ports with the same
 *   protocol, and contributes nothing when it does not resolve.
 *
 * Where Kubernetes leaves behaviour to the network plugin, an option picks (DESIGN: both documented):
 * - `ipBlockMatchesPods`: whether an ipBlock also matches pods whose IP it contains. Kubernetes:
 *   "ipBlock… cluster-external IPs"; pod IPs may or may not match. netpol-analyzer: never.
 *   kubepath's graph default: yes (it can only allow more, so it never hides a path).
 * - `hostNetwork`: 'normal' treats hostNetwork pods like others (netpol-analyzer); 'unisolated'
 *   (kubepath's graph default) never isolates them, since most plugins do not apply policies
 *   to the host's network namespace.
 * - `selfTraffic`: 'allow' (a pod reaching itself; the default) or 'evaluate' (cyclonus).
 */
import { matchesLabelSelector, type LabelSelector, type NetworkPolicy } from '@kubepath/model';
import { ConnectionSet, type Protocol } from './connection-set.js';
import { covers, ipBlockRanges, type IpRange } from './ip-ranges.js';

export interface NetPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

/** A pod as the evaluator sees it (live or template). */
export interface NetPod {
  id: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  ports: readonly NetPort[];
  /** Its IPs when known (live pods). */
  ips: readonly IpRange[];
  hostNetwork: boolean;
}

export type Peer = { kind: 'pod'; pod: NetPod } | { kind: 'ip'; range: IpRange };
export type Direction = 'ingress' | 'egress';

export interface EvaluatorOptions {
  ipBlockMatchesPods: boolean;
  hostNetwork: 'normal' | 'unisolated';
  selfTraffic: 'allow' | 'evaluate';
}

export const KUBEPATH_DEFAULTS: EvaluatorOptions = {
  ipBlockMatchesPods: true,
  hostNetwork: 'unisolated',
  selfTraffic: 'allow',
};
export const NETPOL_ANALYZER_COMPAT: EvaluatorOptions = {
  ipBlockMatchesPods: false,
  hostNetwork: 'normal',
  selfTraffic: 'allow',
};

type Rule = {
  peers?: NonNullable<NonNullable<NetworkPolicy['spec']['ingress']>[number]['from']> | null;
  ports?: NonNullable<NetworkPolicy['spec']['ingress']>[number]['ports'];
};

const PROTOCOL_OF = (p: string | null | undefined): Protocol | null => {
  const up = (p ?? 'TCP').toUpperCase();
  return up === 'TCP' || up === 'UDP' || up === 'SCTP' ? up : null;
};

/** Whether a policy affects a direction (policyTypes, or inferred when absent). */
export function affects(policy: NetworkPolicy, direction: Direction): boolean {
  const types = policy.spec.policyTypes;
  if (types && types.length > 0) return types.some((t) => t.toLowerCase() === direction);
  return direction === 'ingress' || (policy.spec.egress ?? []).length > 0;
}

export class NetworkPolicyEvaluator {
  private readonly byNamespace = new Map<string, NetworkPolicy[]>();
  /**
   * The policies selecting each pod object, per direction. Keyed by the object, not by a
   * string built per ask: the graph asks for every pair of classes it evaluates, millions of
   * times at 150,000 pods (performance issue). Selection depends on the namespace and labels
   * only, so two objects for one pod get the same answer.
   */
  private readonly selectedCache = new WeakMap<
    NetPod,
    { ingress?: NetworkPolicy[]; egress?: NetworkPolicy[] }
  >();
  /** What a rule's ports allow; null for a rule with a named port (that depends on the destination). */
  private readonly portsCache = new WeakMap<object, ConnectionSet | null>();

  constructor(
    policies: readonly NetworkPolicy[],
    private readonly namespaceLabels: (namespace: string) => Readonly<Record<string, string>>,
    readonly options: EvaluatorOptions = KUBEPATH_DEFAULTS,
  ) {
    for (const p of policies) {
      const ns = p.metadata.namespace ?? 'default';
      const list = this.byNamespace.get(ns) ?? [];
      list.push(p);
      this.byNamespace.set(ns, list);
    }
  }

  private readonly parsedBlocks = new WeakMap<object, IpRange[]>();

  /** An ipBlock's ranges, parsed once per policy object. */
  private rangesOf(block: { cidr: string; except?: string[] | null }): IpRange[] {
    let ranges = this.parsedBlocks.get(block);
    if (!ranges) this.parsedBlocks.set(block, (ranges = ipBlockRanges(block.cidr, block.except ?? [])));
    return ranges;
  }

  /** The policies that select the pod and affect the direction. */
  policiesFor(pod: NetPod, direction: Direction): NetworkPolicy[] {
    let cached = this.selectedCache.get(pod);
    if (!cached) this.selectedCache.set(pod, (cached = {}));
    let hit = cached[direction];
    if (!hit) {
      hit = (this.byNamespace.get(pod.namespace) ?? []).filter(
        (p) => affects(p, direction) && matchesLabelSelector(p.spec.podSelector ?? {}, pod.labels),
      );
      cached[direction] = hit;
    }
    return hit;
  }

  isIsolated(pod: NetPod, direction: Direction): boolean {
    if (pod.hostNetwork && this.options.hostNetwork === 'unisolated') return false;
    return this.policiesFor(pod, direction).length > 0;
  }

  private peerMatches(
    entry: NonNullable<Rule['peers']>[number],
    policyNamespace: string,
    peer: Peer,
  ): boolean {
    if (entry.ipBlock) {
      const ranges = this.rangesOf(entry.ipBlock);
      if (peer.kind === 'ip') return covers(ranges, peer.range);
      return (
        this.options.ipBlockMatchesPods &&
        peer.pod.ips.length > 0 &&
        peer.pod.ips.every((ip) => covers(ranges, ip))
      );
    }
    if (peer.kind === 'ip') return false; // selectors never match addresses outside the cluster
    const nsSel = entry.namespaceSelector;
    const podSel = entry.podSelector;
    if (!nsSel && !podSel) return false;
    if (nsSel) {
      if (!matchesLabelSelector(nsSel as LabelSelector, this.namespaceLabels(peer.pod.namespace)))
        return false;
    } else if (peer.pod.namespace !== policyNamespace) return false;
    return !podSel || matchesLabelSelector(podSel as LabelSelector, peer.pod.labels);
  }

  /** rulePorts, kept per rule when no named port makes it depend on the destination. */
  private portsOf(
    rule: { ports?: Rule['ports'] },
    peers: Rule['peers'],
    destination: NetPod | null,
  ): ConnectionSet {
    let conns = this.portsCache.get(rule);
    if (conns === undefined) {
      const named = (rule.ports ?? []).some((p) => typeof p.port === 'string' && !/^\d+$/.test(p.port));
      conns = named ? null : this.rulePorts({ peers, ports: rule.ports }, destination);
      this.portsCache.set(rule, conns);
    }
    return conns ?? this.rulePorts({ peers, ports: rule.ports }, destination);
  }

  /** The connections one rule's ports allow towards `destination` (null: an external address). */
  private rulePorts(rule: Rule, destination: NetPod | null): ConnectionSet {
    if (!rule.ports || rule.ports.length === 0) return ConnectionSet.all();
    let out = ConnectionSet.none();
    for (const p of rule.ports) {
      const protocol = PROTOCOL_OF(p.protocol);
      if (!protocol) continue;
      if (p.port === null || p.port === undefined) out = out.union(ConnectionSet.of(protocol));
      else if (typeof p.port === 'number')
        out = out.union(ConnectionSet.of(protocol, p.port, p.endPort ?? p.port));
      else if (/^\d+$/.test(p.port))
        out = out.union(ConnectionSet.of(protocol, Number(p.port), p.endPort ?? Number(p.port)));
      else if (destination) {
        for (const cp of destination.ports)
          if (cp.name === p.port && cp.protocol === protocol)
            out = out.union(ConnectionSet.of(protocol, cp.port, cp.port));
      }
    }
    return out;
  }

  /**
   * What `pod`'s own policies allow in one direction with `peer` (ingress: from the peer;
   * egress: to the peer). Everything when the pod is not isolated.
   */
  side(pod: NetPod, direction: Direction, peer: Peer): ConnectionSet {
    if (!this.isIsolated(pod, direction)) return ConnectionSet.all();
    const destination = direction === 'ingress' ? pod : peer.kind === 'pod' ? peer.pod : null;
    let out = ConnectionSet.none();
    for (const policy of this.policiesFor(pod, direction)) {
      const rules = (direction === 'ingress' ? policy.spec.ingress : policy.spec.egress) ?? [];
      const ns = policy.metadata.namespace ?? 'default';
      for (const rule of rules) {
        const peers =
          direction === 'ingress'
            ? (rule as { from?: Rule['peers'] }).from
            : (rule as { to?: Rule['peers'] }).to;
        const matches =
          !peers || peers.length === 0 || peers.some((entry) => this.peerMatches(entry, ns, peer));
        if (matches) out = out.union(this.portsOf(rule, peers, destination));
      }
    }
    return out;
  }

  /** The connections allowed from `src` to `dst` (either may be an external address). */
  allowed(src: Peer, dst: Peer): ConnectionSet {
    if (
      src.kind === 'pod' &&
      dst.kind === 'pod' &&
      src.pod.id === dst.pod.id &&
      this.options.selfTraffic === 'allow'
    )
      return ConnectionSet.all();
    let out = ConnectionSet.all();
    if (src.kind === 'pod') out = out.intersect(this.side(src.pod, 'egress', dst));
    if (dst.kind === 'pod') out = out.intersect(this.side(dst.pod, 'ingress', src));
    return out;
  }
}
