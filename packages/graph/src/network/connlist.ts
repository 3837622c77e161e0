/**
 * netpol-analyzer's connlist (`list`) output, for comparing with its corpus line for line:
 * allowed connections per workload pair, and between workloads and external IP ranges cut at
 * the policies' ipBlock boundaries. See ../shared/corpus/netpol/README.md for the format.
 *
 * Compatibility mode follows netpol-analyzer where Kubernetes leaves room: pods are reported
 * as their controller (`ns/name[Kind]`), ipBlocks never match pods, hostNetwork pods are
 * ordinary pods, and a workload's line to itself is left out.
 */
import type { Snapshot } from '@kubepath/model';
import { effectivePods, type EffectivePod } from '../workloads/pods.js';
import {
  NETPOL_ANALYZER_COMPAT,
  NetworkPolicyEvaluator,
  type EvaluatorOptions,
  type NetPod,
} from './evaluator.js';
import { IPV4_ALL, ipBlockRanges, ipv4String, type IpRange } from './ip-ranges.js';
import { namespaceLabeler, toNetPod } from './net-pods.js';

export interface ConnlistLine {
  src: string;
  dst: string;
  conns: string;
}

/** The workload a pod is reported as. */
export function workloadName(pod: EffectivePod): string {
  if (pod.isTemplate) return `${pod.namespace}/${pod.owner.name}[${pod.owner.kind}]`;
  const c = pod.controller;
  if (!c || c.kind === 'Node') return `${pod.namespace}/${pod.name}[Pod]`;
  return `${pod.namespace}/${c.name}[${c.kind || 'Pod'}]`;
}

/** Elementary IPv4 segments cut at every ipBlock boundary of the given direction's rules. */
function segments(snapshot: Snapshot, direction: 'ingress' | 'egress'): IpRange[] {
  const cuts = new Set<bigint>([0n, IPV4_ALL.hi + 1n]);
  for (const policy of snapshot.objects.networkPolicies) {
    for (const rule of (direction === 'ingress' ? policy.spec.ingress : policy.spec.egress) ?? []) {
      const peers =
        direction === 'ingress'
          ? (rule as { from?: unknown[] | null }).from
          : (rule as { to?: unknown[] | null }).to;
      for (const peer of (peers ?? []) as { ipBlock?: { cidr: string; except?: string[] | null } | null }[]) {
        if (!peer.ipBlock) continue;
        for (const r of ipBlockRanges(peer.ipBlock.cidr, peer.ipBlock.except ?? [])) {
          if (r.family !== 'ipv4') continue;
          cuts.add(r.lo);
          cuts.add(r.hi + 1n);
        }
      }
    }
  }
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.slice(0, -1).map((lo, i) => ({ family: 'ipv4' as const, lo, hi: sorted[i + 1]! - 1n }));
}

const ipName = (r: IpRange) => `${ipv4String(r.lo)}-${ipv4String(r.hi)}[External]`;

/** The connlist lines of a snapshot, sorted as netpol-analyzer sorts them (src, then dst, byte order). */
export function connlist(
  snapshot: Snapshot,
  options: EvaluatorOptions = NETPOL_ANALYZER_COMPAT,
): ConnlistLine[] {
  const evaluator = new NetworkPolicyEvaluator(
    snapshot.objects.networkPolicies,
    namespaceLabeler(snapshot),
    options,
  );
  // One representative pod per workload (all pods of a workload share labels and ports).
  const workloads = new Map<string, NetPod>();
  for (const pod of effectivePods(snapshot)) {
    const name = workloadName(pod);
    if (!workloads.has(name)) workloads.set(name, toNetPod(pod));
  }
  const lines: ConnlistLine[] = [];
  const add = (src: string, dst: string, conns: ReturnType<NetworkPolicyEvaluator['allowed']>) => {
    if (!conns.isEmpty()) lines.push({ src, dst, conns: conns.toString() });
  };
  for (const [srcName, src] of workloads) {
    for (const [dstName, dst] of workloads) {
      if (srcName !== dstName)
        add(srcName, dstName, evaluator.allowed({ kind: 'pod', pod: src }, { kind: 'pod', pod: dst }));
    }
  }
  for (const segment of segments(snapshot, 'ingress')) {
    for (const [name, pod] of workloads)
      add(ipName(segment), name, evaluator.allowed({ kind: 'ip', range: segment }, { kind: 'pod', pod }));
  }
  for (const segment of segments(snapshot, 'egress')) {
    for (const [name, pod] of workloads)
      add(name, ipName(segment), evaluator.allowed({ kind: 'pod', pod }, { kind: 'ip', range: segment }));
  }
  const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return lines.sort((a, b) => byte(a.src, b.src) || byte(a.dst, b.dst));
}

export const formatConnlist = (lines: readonly ConnlistLine[]) =>
  lines.map((l) => `${l.src} => ${l.dst} : ${l.conns}\n`).join('');
