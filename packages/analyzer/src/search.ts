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
