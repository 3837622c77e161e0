/**
 * The path queries (DESIGN.md "Analysis"): who can reach a target set, what a source reaches,
 * and the k cheapest loop-free paths between two vertices. JSON shapes follow DESIGN.md's CLI
 * contract: steps are `{from, kind, to}`.
 */
import { edgeSpec, type EdgeKind, type VertexId, type VertexKind } from '@kubepath/model';
import type { Evidence } from '@kubepath/graph';
import type { GraphIndex } from './graph-index.js';
import { dijkstra, pathEdges, rememberedSearch, type Direction } from './search.js';
import { needsExploit } from './exploits.js';

/**
 * One step of a path. `assumesExploit` marks a step that needs an exploit of a running
 * service nobody has shown to be vulnerable; `knownExploit` one into a container whose
 * vulnerability reports show a known remotely exploitable CVE (KEV, critical or high `AV:N`).
 */
export interface PathStep {
  from: VertexId;
  kind: EdgeKind;
  to: VertexId;
  assumesExploit?: true;
  knownExploit?: true;
}

/** The step of edge number `e` (with the exploit mark when its kind needs one). */
function stepOf(index: GraphIndex, e: number): PathStep {
  const r = index.edges[e]!;
  const step = { from: r.from, kind: r.kind, to: r.to };
  if (!needsExploit(r.kind)) return step;
  return index.attributes[index.edgeTo[e]!]!.knownExploitable
    ? { ...step, knownExploit: true }
    : { ...step, assumesExploit: true };
}

/** `{assumesExploit: true}` when a path has a step that needs an exploit, else nothing. */
export function exploitMark(path: readonly PathStep[]): { assumesExploit?: true } {
  return path.some((s) => s.assumesExploit) ? { assumesExploit: true } : {};
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
  /** Set when the path needs an exploit of a running service somewhere. */
  assumesExploit?: true;
}

/** Limits every query takes; answers say when they hit one. */
export interface QueryLimits {
  budgetMs?: number;
  maxResults?: number;
}

/**
 * The vertices an answer lists (DESIGN.md "Interfaces"): identities, workloads, nodes,
 * secrets, the internet, cloud identities and crown jewels. Hubs, network classes, bindings,
 * services and namespaces are how a path gets somewhere, never who or what it reaches.
 */
export const ACTOR_KINDS: readonly VertexKind[] = [
  'sa',
  'user',
  'group',
  'pod',
  'container',
  'node',
  'secret',
  'external',
  'cloud',
  'target',
];
const IS_ACTOR = new Set<VertexKind>(ACTOR_KINDS);

const NOT_ACTOR = 0;
const ACTOR = 1;
const JEWEL = 2;

/**
 * Per vertex: not an actor, an actor, or an actor that is a crown jewel. Kept per graph (every
 * index of a graph numbers its vertices alike): reading a byte instead of a set lookup per
 * settled vertex took who-can-reach's fixed cost from ~12 ms to ~1 ms at 30,000 pods.
 */
function actorFlags(index: GraphIndex): Uint8Array {
  let flags = ACTOR_FLAGS.get(index.graph);
  if (!flags) {
    flags = new Uint8Array(index.vertexCount);
    index.attributes.forEach((a, v) => {
      if (IS_ACTOR.has(a.kind)) flags![v] = a.crownJewel ? JEWEL : ACTOR;
    });
    ACTOR_FLAGS.set(index.graph, flags);
  }
  return flags;
}

const ACTOR_FLAGS = new WeakMap<GraphIndex['graph'], Uint8Array>();

/** Which actors an answer lists: of these kinds, in this namespace, at most this cost. */
export interface ActorFilter {
  kinds?: readonly VertexKind[];
  namespace?: string;
  maxCost?: number;
}

/** The limits and filters of who-can-reach and blast-radius. */
export type ReachOptions = QueryLimits & ActorFilter;

export interface WhoCanReachResult {
  target: string;
  sources: ReachEntry[];
  /** Set when a limit cut the answer short. */
  truncated?: { reason: 'time-budget' | 'result-cap'; limit: number };
}

export const DEFAULT_LIMITS = { budgetMs: 10_000, maxResults: 100_000 } as const;

export function steps(index: GraphIndex, edges: readonly number[]): PathStep[] {
  return edges.map((e) => stepOf(index, e));
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
export function whoCanReach(index: GraphIndex, target: string, limits: ReachOptions = {}): WhoCanReachResult {
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
  limits: ReachOptions = {},
): BlastRadiusResult | null {
  const s = index.numberOf(source);
  if (s === undefined) return null;
  const { entries, truncated } = reach(index, [s], 'forward', limits);
  return { source, reached: entries, ...(truncated ? { truncated } : {}) };
}

/**
 * One search from (or towards) a set of vertices: the actors it settles that pass the filter,
 * cheapest path each, sorted by cost then id, within the limits, and which limit it hit. The
 * result cap counts listed actors only, and never cuts a reached crown jewel.
 */
function reach(index: GraphIndex, from: readonly number[], direction: Direction, options: ReachOptions) {
  const budgetMs = options.budgetMs ?? DEFAULT_LIMITS.budgetMs;
  const maxResults = options.maxResults ?? DEFAULT_LIMITS.maxResults;
  // A whole search the findings already ran (a crown jewel's) answers without searching again.
  const result =
    (options.maxCost === undefined ? rememberedSearch(index, from, direction) : undefined) ??
    dijkstra(index, from, direction, {
      budgetMs,
      ...(options.maxCost !== undefined ? { maxCost: options.maxCost } : {}),
    });
  const isStart = new Set(from);
  const kinds = options.kinds ? new Set(options.kinds) : IS_ACTOR;
  const filtered = options.kinds !== undefined || options.namespace !== undefined;
  const flags = actorFlags(index);
  const listed: number[] = [];
  const jewels: number[] = [];
  for (const v of result.order) {
    const flag = flags[v]!;
    if (flag === NOT_ACTOR || isStart.has(v)) continue;
    // A crown jewel reached is always told, whatever the filters and the cap.
    if (flag === JEWEL) jewels.push(v);
    else if (!filtered) listed.push(v);
    else {
      const a = index.attributes[v]!;
      if (kinds.has(a.kind) && (options.namespace === undefined || a.namespace === options.namespace))
        listed.push(v);
    }
  }
  const capped = listed.length + jewels.length > maxResults;
  const kept = capped ? listed.slice(0, Math.max(0, maxResults - jewels.length)) : listed;
  // Settle order is (cost, id), so `kept` is in it already; the jewels merged in keep it.
  const byCost = (x: number, y: number) => result.dist[x]! - result.dist[y]! || x - y;
  const inOrder = (list: number[]) => list.every((v, i) => i === 0 || byCost(list[i - 1]!, v) <= 0);
  const shown = jewels.length === 0 && inOrder(kept) ? kept : [...jewels, ...kept].sort(byCost);

  // The paths form a tree: a vertex's path is its own edge plus the path of the vertex that
  // edge leads to. Built only for the vertices shown, sharing each step object (each tree edge
  // is one vertex's own) and whether the path assumes an exploit, kept per vertex in arrays,
  // not maps (who-can-reach target:etcd on 30,000 pods: 131 → ~90 ms; docs/performance.md).
  const pathOf: (PathStep[] | undefined)[] = [];
  const exploitOf: boolean[] = [];
  const pathTo = (v: number): PathStep[] => {
    const chain: number[] = [];
    let at = v;
    while (pathOf[at] === undefined && result.via[at]! >= 0) {
      chain.push(at);
      const e = result.via[at]!;
      at = direction === 'forward' ? index.edgeFrom[e]! : index.edgeTo[e]!;
    }
    let path = pathOf[at];
    if (path === undefined) {
      pathOf[at] = path = [];
      exploitOf[at] = false;
    }
    let exploit = exploitOf[at]!;
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = stepOf(index, result.via[chain[i]!]!);
      exploit ||= s.assumesExploit === true;
      path = direction === 'forward' ? [...path, s] : [s, ...path];
      pathOf[chain[i]!] = path;
      exploitOf[chain[i]!] = exploit;
    }
    return path;
  };
  const entries: ReachEntry[] = shown.map((v) => {
    const entry: ReachEntry = { id: index.ids[v]!, cost: result.dist[v]!, path: pathTo(v) };
    if (exploitOf[v]) entry.assumesExploit = true;
    return entry;
  });
  let truncated: WhoCanReachResult['truncated'];
  if (result.truncated) truncated = { reason: 'time-budget', limit: budgetMs };
  else if (capped) truncated = { reason: 'result-cap', limit: maxResults };
  return { entries, truncated };
}

export interface PathsResult {
  from: VertexId;
  to: VertexId;
  paths: { cost: number; path: PathStep[]; assumesExploit?: true }[];
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
    paths: found.map((p) => {
      const path = steps(index, p);
      return { cost: costOf(p), path, ...exploitMark(path) };
    }),
  };
  if (truncated)
    out.truncated = { reason: 'time-budget', limit: options.budgetMs ?? DEFAULT_LIMITS.budgetMs };
  return out;
}

export type { Direction };
