/**
 * Multi-source Dijkstra over the compact index, forward (what a source reaches) or reverse
 * (who reaches a target set). Ties break on vertex numbers, i.e. on ids, so the same graph
 * always gives the same paths. Each search has a time budget and says when it ran out.
 */
import { MinHeap } from './min-heap.js';
import type { GraphIndex } from './graph-index.js';

export type Direction = 'forward' | 'reverse';

/** The result of one search: distances and, per vertex, the edge it was reached by. */
export interface SearchResult {
  /** Cost from (forward) or to (reverse) the nearest source; Infinity when unreached. */
  dist: Float64Array;
  /** Edge number on the cheapest path: the edge into v (forward) or out of v (reverse); -1 for sources. */
  via: Int32Array;
  /** Vertices settled, in the order they were settled (by cost, then id). */
  order: number[];
  /** True when the time budget ran out before the search finished. */
  truncated: boolean;
}

export interface SearchOptions {
  /** Milliseconds before the search stops with what it has. */
  budgetMs?: number;
  /** Stop once this many vertices are settled (sources included). */
  maxSettled?: number;
  /** Edges with these numbers are ignored (what-if). */
  skip?: (edge: number) => boolean;
  /** Vertices further than this are not settled (the search ends there; not a truncation). */
  maxCost?: number;
}

export function dijkstra(
  index: GraphIndex,
  sources: readonly number[],
  direction: Direction,
  options: SearchOptions = {},
): SearchResult {
  const n = index.vertexCount;
  const dist = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const settled = new Uint8Array(n);
  const order: number[] = [];
  const heap = new MinHeap();
  for (const s of sources) {
    dist[s] = 0;
    heap.push(0, s);
  }
  const starts = direction === 'forward' ? index.outStart : index.inStart;
  const rows = direction === 'forward' ? index.outEdges : index.inEdges;
  const other = direction === 'forward' ? index.edgeTo : index.edgeFrom;
  const deadline = options.budgetMs === undefined ? Infinity : performance.now() + options.budgetMs;
  const maxSettled = options.maxSettled ?? Infinity;
  const maxCost = options.maxCost ?? Infinity;
  let truncated = false;
  let steps = 0;
  while (heap.size > 0) {
    const d = heap.peekKey();
    const v = heap.pop();
    if (settled[v] || d > dist[v]!) continue;
    if (d > maxCost) break;
    settled[v] = 1;
    order.push(v);
    if (order.length >= maxSettled) {
      truncated = heap.size > 0;
      break;
    }
    if ((++steps & 1023) === 0 && performance.now() > deadline) {
      truncated = true;
      break;
    }
    for (let i = starts[v]!; i < starts[v + 1]!; i++) {
      const e = rows[i]!;
      if (options.skip?.(e)) continue;
      const w = other[e]!;
      if (settled[w]) continue;
      const nd = d + index.cost[e]!;
      if (nd < dist[w]!) {
        dist[w] = nd;
        via[w] = e;
        heap.push(nd, w);
      }
    }
  }
  return { dist, via, order, truncated };
}

/**
 * Whole searches an index has already run, by direction and sources: the findings' reverse
 * search from each crown jewel is exactly what `who-can-reach` of that jewel needs, so the
 * API's first such query after the analysis builds paths only (performance issue: 150 ms of
 * search at 150,000 pods). Only complete searches are kept, and only those findings ran
 * (one per crown jewel), which the analysis holds anyway.
 */
const WHOLE_SEARCHES = new WeakMap<GraphIndex, Map<string, SearchResult>>();
const searchKey = (sources: readonly number[], direction: Direction) =>
  `${direction} ${[...sources].sort((a, b) => a - b).join(',')}`;

export function rememberSearch(
  index: GraphIndex,
  sources: readonly number[],
  direction: Direction,
  result: SearchResult,
): void {
  if (result.truncated) return;
  let searches = WHOLE_SEARCHES.get(index);
  if (!searches) WHOLE_SEARCHES.set(index, (searches = new Map()));
  searches.set(searchKey(sources, direction), result);
}

/** A whole search remembered for these sources and direction, if the index ran one. */
export function rememberedSearch(
  index: GraphIndex,
  sources: readonly number[],
  direction: Direction,
): SearchResult | undefined {
  return WHOLE_SEARCHES.get(index)?.get(searchKey(sources, direction));
}

/** The edge numbers of the cheapest path between v and the search's sources, walking `via`. */
export function pathEdges(
  index: GraphIndex,
  result: SearchResult,
  v: number,
  direction: Direction,
): number[] {
  const edges: number[] = [];
  let at = v;
  for (let guard = 0; result.via[at]! >= 0 && guard < index.vertexCount; guard++) {
    const e = result.via[at]!;
    edges.push(e);
    at = direction === 'forward' ? index.edgeFrom[e]! : index.edgeTo[e]!;
  }
  // Forward: collected backwards from v to the source; reverse: already from v towards the target.
  return direction === 'forward' ? edges.reverse() : edges;
}

/**
 * The distances of `before` once the edges in `removed` are gone, recomputed only where they
 * can change (performance issue: incremental what-if). Removing edges only lengthens paths, so
 * a vertex whose cheapest path in `before`'s tree uses no removed edge keeps its distance; the
 * others (the subtrees below removed tree edges) are searched again from the intact vertices
 * around them. Equal to `dijkstra(…, { skip: removed })`'s distances (tested on random
 * removals). `before` must be a whole search (no maxCost or maxSettled); a truncated one is
 * searched again in full, since its tree is incomplete.
 */
export function distancesWithout(
  index: GraphIndex,
  sources: readonly number[],
  direction: Direction,
  before: SearchResult,
  removed: ReadonlySet<number>,
): Float64Array {
  if (before.truncated) return dijkstra(index, sources, direction, { skip: (e) => removed.has(e) }).dist;
  const towardSource = direction === 'forward' ? index.edgeFrom : index.edgeTo;
  const awayFromSource = direction === 'forward' ? index.edgeTo : index.edgeFrom;
  // Affected: the tree edge of v is removed, or its parent is affected. Parents settle first,
  // so one pass in settle order marks every subtree (typed arrays only: no Set in that pass).
  const affected = new Uint8Array(index.vertexCount);
  for (const e of removed) {
    const v = awayFromSource[e]!;
    if (before.via[v] === e) affected[v] = 1;
  }
  const lost: number[] = [];
  for (const v of before.order) {
    const e = before.via[v]!;
    if (e < 0) continue;
    if (affected[v] || affected[towardSource[e]!]) {
      affected[v] = 1;
      lost.push(v);
    }
  }
  const dist = before.dist.slice();
  if (lost.length === 0) return dist;
  for (const v of lost) dist[v] = Infinity;
  // Each lost vertex starts from its best step to an intact vertex, then the search runs
  // among the lost vertices only: intact ones are final already.
  const backStarts = direction === 'forward' ? index.inStart : index.outStart;
  const backRows = direction === 'forward' ? index.inEdges : index.outEdges;
  const heap = new MinHeap();
  for (const v of lost) {
    let best = Infinity;
    for (let i = backStarts[v]!; i < backStarts[v + 1]!; i++) {
      const e = backRows[i]!;
      const w = towardSource[e]!;
      if (affected[w] || removed.has(e)) continue;
      const d = dist[w]! + index.cost[e]!;
      if (d < best) best = d;
    }
    if (best < Infinity) {
      dist[v] = best;
      heap.push(best, v);
    }
  }
  const starts = direction === 'forward' ? index.outStart : index.inStart;
  const rows = direction === 'forward' ? index.outEdges : index.inEdges;
  const other = direction === 'forward' ? index.edgeTo : index.edgeFrom;
  const settled = new Uint8Array(index.vertexCount);
  while (heap.size > 0) {
    const d = heap.peekKey();
    const v = heap.pop();
    if (settled[v] || d > dist[v]!) continue;
    settled[v] = 1;
    for (let i = starts[v]!; i < starts[v + 1]!; i++) {
      const e = rows[i]!;
      const w = other[e]!;
      if (!affected[w] || settled[w] || removed.has(e)) continue;
      const nd = d + index.cost[e]!;
      if (nd < dist[w]!) {
        dist[w] = nd;
        heap.push(nd, w);
      }
    }
  }
  return dist;
}
