/**
 * The path queries (DESIGN.md "Analysis"): who can reach a target set, what a source reaches,
 * and the k cheapest loop-free paths between two vertices. JSON shapes follow DESIGN.md's CLI
 * contract: steps are `{from, kind, to}`.
 */
import { edgeSpec, type EdgeKind, type VertexId } from '@kubepath/model';
import type { Evidence } from '@kubepath/graph';
import type { GraphIndex } from './graph-index.js';
import { dijkstra, pathEdges, type Direction } from './search.js';

/** One step of a path. */
export interface PathStep {
  from: VertexId;
  kind: EdgeKind;
  to: VertexId;
}

/** A step with its evidence and cost, for human output and `--evidence`. */
export interface ExplainedStep extends PathStep {
  cost: number;
  evidence: Evidence[];
  remediation: string;
}

export interface ReachEntry {
  id: VertexId;
  cost: number;
  path: PathStep[];
}

/** Limits every query takes; answers say when they hit one. */
export interface QueryLimits {
  budgetMs?: number;
  maxResults?: number;
}

export interface WhoCanReachResult {
  target: string;
  sources: ReachEntry[];
  /** Set when a limit cut the answer short. */
  truncated?: { reason: 'time-budget' | 'result-cap'; limit: number };
}

export const DEFAULT_LIMITS = { budgetMs: 10_000, maxResults: 100_000 } as const;

export function steps(index: GraphIndex, edges: readonly number[]): PathStep[] {
  return edges.map((e) => {
    const r = index.edges[e]!;
    return { from: r.from, kind: r.kind, to: r.to };
  });
}

/** Steps with their evidence and the catalog's remediation. */
export function explain(index: GraphIndex, path: readonly PathStep[]): ExplainedStep[] {
  return path.map((s) => {
    const e = index.edgeRecord(s)!;
    return { ...s, cost: e.cost, evidence: e.evidence, remediation: edgeSpec(s.kind).remediation };
  });
}

/** Entries (sources, reached vertices, paths) with every step explained: for `--evidence`. */
export function explainPaths<T extends { path: readonly PathStep[] }>(
  index: GraphIndex,
  entries: readonly T[],
): (Omit<T, 'path'> & { path: ExplainedStep[] })[] {
  return entries.map((e) => ({ ...e, path: explain(index, e.path) }));
}

/** Resolves a target expression to vertex numbers: an id, a glob (`node:*`), or `crown-jewels`. */
export function resolveTargets(index: GraphIndex, target: string): number[] {
  if (target === 'crown-jewels') return index.crownJewels();
  return index.select(target);
}

/**
 * Every vertex that can reach the target set, with its cheapest path (one reverse
 * multi-source Dijkstra). The targets themselves are not listed. Sorted by cost, then id.
 */
export function whoCanReach(index: GraphIndex, target: string, limits: QueryLimits = {}): WhoCanReachResult {
  const targets = resolveTargets(index, target);
  const { entries, truncated } = reach(index, targets, 'reverse', limits);
  return { target, sources: entries, ...(truncated ? { truncated } : {}) };
}

export interface BlastRadiusResult {
  source: VertexId;
  reached: ReachEntry[];
  truncated?: WhoCanReachResult['truncated'];
}

/** Everything a compromised vertex reaches, with the cheapest path to each (forward Dijkstra). */
export function blastRadius(
  index: GraphIndex,
  source: VertexId,
  limits: QueryLimits = {},
): BlastRadiusResult | null {
  const s = index.numberOf(source);
  if (s === undefined) return null;
  const { entries, truncated } = reach(index, [s], 'forward', limits);
  return { source, reached: entries, ...(truncated ? { truncated } : {}) };
}

/**
 * One search from (or towards) a set of vertices: every other vertex it settles, cheapest
 * path each, in settle order (cost, then id), within the limits, and which limit it hit.
 */
function reach(index: GraphIndex, from: readonly number[], direction: Direction, limits: QueryLimits) {
  const budgetMs = limits.budgetMs ?? DEFAULT_LIMITS.budgetMs;
  const maxResults = limits.maxResults ?? DEFAULT_LIMITS.maxResults;
  const result = dijkstra(index, from, direction, { budgetMs, maxSettled: maxResults + from.length });
  const isStart = new Set(from);
  // The paths form a tree: a vertex's path is its own edge plus the path of the vertex that
  // edge leads to, settled earlier. Building them in settle order from that one shares each
  // step object and takes one array copy a vertex, instead of a walk to the root each
  // (who-can-reach target:etcd on 30,000 pods: 131 → ~90 ms; docs/performance.md).
  const stepOf = new Map<number, PathStep>();
  const step = (e: number) => {
    let s = stepOf.get(e);
    if (!s) {
      const r = index.edges[e]!;
      stepOf.set(e, (s = { from: r.from, kind: r.kind, to: r.to }));
    }
    return s;
  };
  const pathOf: (PathStep[] | undefined)[] = new Array(index.vertexCount);
  const entries: ReachEntry[] = [];
  for (const v of result.order) {
    const e = result.via[v]!;
    if (e < 0) {
      pathOf[v] = [];
      continue;
    }
    const next = direction === 'forward' ? index.edgeFrom[e]! : index.edgeTo[e]!;
    const rest = pathOf[next] ?? steps(index, pathEdges(index, result, next, direction));
    const path = direction === 'forward' ? rest.concat(step(e)) : [step(e)].concat(rest);
    pathOf[v] = path;
    if (!isStart.has(v)) entries.push({ id: index.ids[v]!, cost: result.dist[v]!, path });
  }
  let truncated: WhoCanReachResult['truncated'];
  if (result.truncated) {
    truncated =
      result.order.length >= maxResults + from.length
        ? { reason: 'result-cap', limit: maxResults }
        : { reason: 'time-budget', limit: budgetMs };
  }
  return { entries, truncated };
}

export interface PathsResult {
  from: VertexId;
  to: VertexId;
  paths: { cost: number; path: PathStep[] }[];
  truncated?: WhoCanReachResult['truncated'];
}

/**
 * The k cheapest loop-free paths (Yen's algorithm) with at most `maxHops` edges. Each spur
 * search is a Dijkstra with the root path's vertices and the used spur edges removed.
 * `skip` leaves edges out altogether (the viewer's "what if this edge were gone").
 */
export function paths(
  index: GraphIndex,
  from: VertexId,
  to: VertexId,
  options: { k?: number; maxHops?: number; skip?: (edge: number) => boolean } & QueryLimits = {},
): PathsResult | null {
  const s = index.numberOf(from);
  const t = index.numberOf(to);
  if (s === undefined || t === undefined) return null;
  const k = options.k ?? 3;
  const maxHops = options.maxHops ?? 30;
  const deadline = performance.now() + (options.budgetMs ?? DEFAULT_LIMITS.budgetMs);
  const costOf = (edges: readonly number[]) => edges.reduce((sum, e) => sum + index.cost[e]!, 0);
  const shortest = (src: number, bannedVertices: Set<number>, bannedEdges: Set<number>): number[] | null => {
    const r = dijkstra(index, [src], 'forward', {
      budgetMs: Math.max(1, deadline - performance.now()),
      skip: (e) => bannedEdges.has(e) || bannedVertices.has(index.edgeTo[e]!) || (options.skip?.(e) ?? false),
    });
    return Number.isFinite(r.dist[t]!) ? pathEdges(index, r, t, 'forward') : null;
  };
  const found: number[][] = [];
  const first = shortest(s, new Set(), new Set());
  const key = (edges: readonly number[]) => edges.join(',');
  if (first && first.length <= maxHops) found.push(first);
  const candidates = new Map<string, number[]>();
  let truncated = false;
  while (found.length < k && found.length > 0) {
    if (performance.now() > deadline) {
      truncated = true;
      break;
    }
    const last = found[found.length - 1]!;
    for (let i = 0; i < last.length; i++) {
      const root = last.slice(0, i);
      const spurNode = i === 0 ? s : index.edgeTo[last[i - 1]!]!;
      const bannedEdges = new Set<number>();
      for (const p of found) if (key(p.slice(0, i)) === key(root) && p.length > i) bannedEdges.add(p[i]!);
      const bannedVertices = new Set<number>([s, ...root.map((e) => index.edgeTo[e]!)]);
      bannedVertices.delete(spurNode);
      const spur = shortest(spurNode, bannedVertices, bannedEdges);
      if (!spur) continue;
      const total = [...root, ...spur];
      if (total.length <= maxHops && !candidates.has(key(total)) && !found.some((p) => key(p) === key(total)))
        candidates.set(key(total), total);
    }
    if (candidates.size === 0) break;
    // Cheapest candidate; ties on fewer hops, then on the path's ids.
    const ids = (edges: readonly number[]) => edges.map((e) => index.ids[index.edgeTo[e]!]).join(' ');
    const best = [...candidates.values()].sort(
      (a, b) => costOf(a) - costOf(b) || a.length - b.length || ids(a).localeCompare(ids(b)),
    )[0]!;
    candidates.delete(key(best));
    found.push(best);
  }
  const out: PathsResult = {
    from,
    to,
    paths: found.map((p) => ({ cost: costOf(p), path: steps(index, p) })),
  };
  if (truncated)
    out.truncated = { reason: 'time-budget', limit: options.budgetMs ?? DEFAULT_LIMITS.budgetMs };
  return out;
}

export type { Direction };
