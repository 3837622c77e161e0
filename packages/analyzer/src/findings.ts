/**
 * Findings: for each crown jewel, the entry points that reach it — the internet, every
 * container (assumed compromised), every identity that is not a system component — grouped so
 * that one cause is one finding, with a severity from the path cost and the entry point.
 *
 * The cause of a path is its first (Cluster)RoleBinding — the permission to fix; a path with
 * no binding is caused by its first escape (the pod-spec field); otherwise by its entry.
 * Severity: cost ≤ 3 critical, ≤ 6 high, ≤ 10 medium, else low; one level higher when the
 * internet is among the entries; never critical when the cheapest path assumes an exploit.
 */
import { CLUSTER_ADMIN, ETCD, INTERNET, type VertexId } from '@kubepath/model';
import type { Evidence } from '@kubepath/graph';
import type { GraphIndex } from './graph-index.js';
import { steps, type PathStep } from './queries.js';
import { dijkstra, pathEdges, type SearchResult } from './search.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export interface Finding {
  /** Stable id: `<jewel> <cause>`. */
  id: string;
  severity: Severity;
  jewel: VertexId;
  /** The binding (id), the escape (object and field), or the entry point that causes it. */
  cause: string;
  causeEvidence?: Evidence;
  /** The cheapest cost among the entries. */
  cost: number;
  /** Entry points whose cheapest path to the jewel has this cause, cheapest first. */
  entries: { id: VertexId; cost: number }[];
  /** The cheapest entry's path. */
  path: PathStep[];
  /** Set when that path needs an exploit of a running service (an assumption, not a fact). */
  assumesExploit?: true;
}

/** A Tier Zero vertex and why: what holds a crown jewel by design, listed apart from findings. */
export interface TierZeroEntry {
  id: VertexId;
  kind: string;
  reason: string;
}

export interface FindingsResult {
  jewels: VertexId[];
  /** Tier Zero: privileged by design, never an entry point (sorted by id). */
  tierZero: TierZeroEntry[];
  findings: Finding[];
  /** Entry points considered. */
  entryPoints: number;
  truncated: boolean;
}

/**
 * Entry points: the internet, containers, and identities that are not system components. A
 * Tier Zero vertex (it holds a jewel by design) is never one. A
 * DaemonSet replica's containers are not entries of their own: "any replica" stands for them
 * (and reaches each), so one workload is one entry, not one per node.
 */
export function entryPoints(index: GraphIndex): number[] {
  const out: number[] = [];
  index.attributes.forEach((a, v) => {
    const id = index.ids[v]!;
    if (a.tierZero) return; // privileged by design: reported apart, never an entry point
    if (id === INTERNET || (a.kind === 'container' && !a.replicaOf)) out.push(v);
    else if ((a.kind === 'user' || a.kind === 'group' || a.kind === 'sa') && !a.name.startsWith('system:'))
      out.push(v);
  });
  return out;
}

/** The crown jewels: cluster-admin, etcd, and user-defined ones. */
export function jewels(index: GraphIndex): number[] {
  return [
    ...new Set(
      [CLUSTER_ADMIN, ETCD]
        .map((id) => index.numberOf(id))
        .filter((v): v is number => v !== undefined)
        .concat(index.crownJewels()),
    ),
  ];
}

function severityOf(cost: number, fromInternet: boolean, assumesExploit: boolean): Severity {
  const level = cost <= 3 ? 0 : cost <= 6 ? 1 : cost <= 10 ? 2 : 3;
  const raised = Math.max(0, level - (fromInternet ? 1 : 0));
  // An assumed exploit is a possibility, not a permission someone holds: never critical.
  return SEVERITIES[assumesExploit ? Math.max(1, raised) : raised]!;
}

function causeOf(
  index: GraphIndex,
  edges: readonly number[],
  entry: VertexId,
): { cause: string; evidence?: Evidence } {
  for (const e of edges) {
    const to = index.edges[e]!.to;
    const kind = index.attributes[index.edgeTo[e]!]!.kind;
    if (kind === 'binding' || kind === 'clusterbinding') return { cause: to };
  }
  for (const e of edges) {
    const record = index.edges[e]!;
    if (record.kind.startsWith('CE_') || record.kind.startsWith('EXPLOIT_')) {
      const ev = record.evidence[0]!;
      return {
        cause: `${record.kind} ${ev.kind} ${ev.namespace ? `${ev.namespace}/` : ''}${ev.name}${ev.path}`,
        evidence: ev,
      };
    }
  }
  return { cause: entry };
}

/** One reverse search per jewel; findings grouped by cause. */
export function findings(
  index: GraphIndex,
  options: { budgetMs?: number } = {},
): FindingsResult & { searches: Map<number, SearchResult> } {
  const entries = entryPoints(index);
  const jewelList = jewels(index);
  const groups = new Map<string, Finding>();
  const searches = new Map<number, SearchResult>();
  let truncated = false;
  for (const jewel of jewelList) {
    const result = dijkstra(index, [jewel], 'reverse', { budgetMs: options.budgetMs ?? 30_000 });
    searches.set(jewel, result);
    truncated ||= result.truncated;
    const jewelId = index.ids[jewel]!;
    for (const v of entries) {
      if (v === jewel || !Number.isFinite(result.dist[v]!)) continue;
      const edges = pathEdges(index, result, v, 'reverse');
      const entryId = index.ids[v]!;
      const { cause, evidence } = causeOf(index, edges, entryId);
      const id = `${jewelId} ${cause}`;
      const cost = result.dist[v]!;
      let f = groups.get(id);
      if (!f) {
        f = {
          id,
          severity: 'low',
          jewel: jewelId,
          cause,
          ...(evidence ? { causeEvidence: evidence } : {}),
          cost,
          entries: [],
          path: steps(index, edges),
        };
        groups.set(id, f);
      }
      f.entries.push({ id: entryId, cost });
      if (cost < f.cost || (cost === f.cost && entryId < f.entries[0]!.id)) {
        f.cost = cost;
        f.path = steps(index, edges);
      }
    }
  }
  const list = [...groups.values()];
  for (const f of list) {
    f.entries.sort((a, b) => a.cost - b.cost || a.id.localeCompare(b.id));
    if (f.path.some((s) => s.assumesExploit)) f.assumesExploit = true;
    f.severity = severityOf(
      f.cost,
      f.entries.some((e) => e.id === INTERNET),
      f.assumesExploit === true,
    );
  }
  list.sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.cost - b.cost ||
      a.id.localeCompare(b.id),
  );
  const tierZero: TierZeroEntry[] = [];
  index.attributes.forEach((a, v) => {
    if (a.tierZero) tierZero.push({ id: index.ids[v]!, kind: a.kind, reason: a.tierZero });
  });
  return {
    jewels: jewelList.map((j) => index.ids[j]!),
    tierZero,
    findings: list,
    entryPoints: entries.length,
    truncated,
    searches,
  };
}
