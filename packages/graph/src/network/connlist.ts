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

/** Where a page of connlist lines starts: the source and destination positions in sort order. */
export interface ConnlistCursor {
  src: number;
  dst: number;
}

/** Bounds of one page: at most `limit` lines, within `budgetMs`, from `cursor` on. */
export interface ConnlistPageOptions {
  limit?: number;
  budgetMs?: number;
  cursor?: ConnlistCursor;
}

/** A page of connlist lines; `next` is set when there are more (the cap or the budget cut it). */
export interface ConnlistPage {
  lines: ConnlistLine[];
  next?: ConnlistCursor;
  truncated?: { reason: 'result-cap' | 'time-budget'; limit: number };
}

type Endpoint = { name: string } & ({ kind: 'pod'; pod: NetPod } | { kind: 'ip'; range: IpRange });

const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The endpoints of a connlist, sorted as netpol-analyzer sorts them, with the evaluator. */
function connlistEndpoints(snapshot: Snapshot, options: EvaluatorOptions) {
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
  const pods: Endpoint[] = [...workloads].map(([name, pod]) => ({ name, kind: 'pod', pod }));
  const ips = (direction: 'ingress' | 'egress'): Endpoint[] =>
    segments(snapshot, direction).map((range) => ({ name: ipName(range), kind: 'ip', range }));
  const sources = [...pods, ...ips('ingress')].sort((a, b) => byte(a.name, b.name));
  const destinations = [...pods, ...ips('egress')].sort((a, b) => byte(a.name, b.name));
  return { evaluator, sources, destinations };
}

/**
 * Every pair of a connlist from `cursor` on, in order, with its line when the pair has one:
 * the caller decides when to stop (a page) or streams them all (the CLI: a 10,000-pod
 * cluster has millions of lines, more than one string holds).
 */
function* connlistPairs(
  snapshot: Snapshot,
  options: EvaluatorOptions,
  cursor?: ConnlistCursor,
): Generator<{ at: ConnlistCursor; line: ConnlistLine | undefined }> {
  const { evaluator, sources, destinations } = connlistEndpoints(snapshot, options);
  for (let s = cursor?.src ?? 0; s < sources.length; s++) {
    const src = sources[s]!;
    for (let d = s === cursor?.src ? cursor.dst : 0; d < destinations.length; d++) {
      const dst = destinations[d]!;
      // netpol-analyzer lists no range-to-range line and no workload's line to itself.
      if ((src.kind === 'ip' && dst.kind === 'ip') || src.name === dst.name) {
        yield { at: { src: s, dst: d }, line: undefined };
        continue;
      }
      const conns = evaluator.allowed(
        src.kind === 'pod' ? { kind: 'pod', pod: src.pod } : { kind: 'ip', range: src.range },
        dst.kind === 'pod' ? { kind: 'pod', pod: dst.pod } : { kind: 'ip', range: dst.range },
      );
      yield {
        at: { src: s, dst: d },
        line: conns.isEmpty() ? undefined : { src: src.name, dst: dst.name, conns: conns.toString() },
      };
    }
  }
}

/** Every connlist line of a snapshot, one at a time, in netpol-analyzer's order. */
export function* connlistLines(
  snapshot: Snapshot,
  options: EvaluatorOptions = NETPOL_ANALYZER_COMPAT,
): Generator<ConnlistLine> {
  for (const { line } of connlistPairs(snapshot, options)) if (line) yield line;
}

/**
 * The connlist lines of a snapshot in netpol-analyzer's order (src, then dst, byte order), a
 * page at a time: sources and destinations are walked in sorted order, so a page needs only
 * the pairs it holds (all pairs of a 30,000-pod cluster take minutes; DESIGN.md: every query
 * has a time budget and a result cap).
 */
export function connlistPage(
  snapshot: Snapshot,
  options: EvaluatorOptions = NETPOL_ANALYZER_COMPAT,
  page: ConnlistPageOptions = {},
): ConnlistPage {
  const limit = page.limit ?? Number.POSITIVE_INFINITY;
  const deadline = performance.now() + (page.budgetMs ?? Number.POSITIVE_INFINITY);
  const lines: ConnlistLine[] = [];
  let pairs = 0;
  for (const { at, line } of connlistPairs(snapshot, options, page.cursor)) {
    if (lines.length >= limit) return { lines, next: at, truncated: { reason: 'result-cap', limit } };
    if (++pairs % 256 === 0 && performance.now() > deadline)
      return { lines, next: at, truncated: { reason: 'time-budget', limit: page.budgetMs! } };
    if (line) lines.push(line);
  }
  return { lines };
}

/** Every connlist line of a snapshot, sorted as netpol-analyzer sorts them (src, then dst, byte order). */
export function connlist(
  snapshot: Snapshot,
  options: EvaluatorOptions = NETPOL_ANALYZER_COMPAT,
): ConnlistLine[] {
  return [...connlistLines(snapshot, options)];
}

/** One connlist line as netpol-analyzer prints it. */
export const formatConnlistLine = (l: ConnlistLine) => `${l.src} => ${l.dst} : ${l.conns}\n`;

export const formatConnlist = (lines: readonly ConnlistLine[]) => lines.map(formatConnlistLine).join('');
