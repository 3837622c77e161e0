/**
 * Cytoscape-ready elements for a bounded part of the graph: the neighbourhood of a vertex
 * (both directions, up to a depth) or the paths between two vertices. Never the whole graph:
 * a 150,000-pod cluster would freeze any browser, so every answer has an element cap and says
 * when it hit it.
 */
import { paths, type GraphIndex, type PathsResult } from '@kubepath/analyzer';

/** An edge named by its ends and kind (stable across graph builds, unlike edge numbers). */
export interface CutEdge {
  from: string;
  kind: string;
  to: string;
}

/** How large a neighbourhood really is (`atLeast` when counting stopped at its bound). */
export interface NeighbourhoodSize {
  vertices: number;
  edges: number;
  atLeast?: boolean;
}

export interface Elements {
  nodes: { data: Record<string, unknown> }[];
  edges: { data: Record<string, unknown> }[];
}

function nodeData(index: GraphIndex, v: number) {
  const a = index.attributes[v]!;
  return {
    data: {
      id: index.ids[v],
      kind: a.kind,
      name: a.name,
      label: a.label ?? a.name,
      ...(a.namespace ? { namespace: a.namespace } : {}),
      ...(a.crownJewel ? { crownJewel: a.crownJewel } : {}),
      ...(a.tierZero ? { tierZero: a.tierZero } : {}),
    },
  };
}

function edgeData(index: GraphIndex, e: number) {
  const r = index.edges[e]!;
  return {
    data: { id: `e${e}`, source: r.from, target: r.to, kind: r.kind, cost: r.cost, evidence: r.evidence },
  };
}

/** The vertices within `depth` steps of `id` (in and out) and the edges among them, at most `limit` elements. */
export function neighbourhood(
  index: GraphIndex,
  id: string,
  depth: number,
  limit: number,
): { elements: Elements; truncated: boolean; size?: NeighbourhoodSize } | null {
  const start = index.numberOf(id);
  if (start === undefined) return null;
  const seen = new Set([start]);
  const edges = new Set<number>();
  let frontier = [start];
  let truncated = false;
  for (let d = 0; d < depth && frontier.length && !truncated; d++) {
    const next: number[] = [];
    for (const v of frontier) {
      const incident = [
        ...index.outEdges.subarray(index.outStart[v]!, index.outStart[v + 1]!),
        ...index.inEdges.subarray(index.inStart[v]!, index.inStart[v + 1]!),
      ];
      for (const e of incident) {
        if (edges.has(e)) continue;
        const w = index.edgeFrom[e] === v ? index.edgeTo[e]! : index.edgeFrom[e]!;
        // A new vertex costs two elements (it and its edge); an edge to a known one, one.
        if (seen.size + edges.size + (seen.has(w) ? 1 : 2) > limit) {
          truncated = true;
          break;
        }
        if (!seen.has(w)) {
          seen.add(w);
          next.push(w);
        }
        edges.add(e);
      }
      if (truncated) break;
    }
    frontier = next;
  }
  // The edges among the vertices found, not only those the search walked: a pod and its
  // container both next to a node are drawn joined (within the same element cap).
  for (const v of seen) {
    if (truncated) break;
    for (const e of index.outEdges.subarray(index.outStart[v]!, index.outStart[v + 1]!)) {
      if (edges.has(e) || !seen.has(index.edgeTo[e]!)) continue;
      if (seen.size + edges.size + 1 > limit) {
        truncated = true;
        break;
      }
      edges.add(e);
    }
  }
  // Both ends of every edge kept are among the vertices: an edge is only added with its far end.
  return {
    elements: {
      nodes: [...seen].map((v) => nodeData(index, v)),
      edges: [...edges].map((e) => edgeData(index, e)),
    },
    truncated,
    ...(truncated ? { size: neighbourhoodSize(index, start, depth) } : {}),
  };
}

/**
 * The true size of a neighbourhood the cap cut short: the vertices within `depth` steps and
 * the edges among them, counted without building any element (a viewer says "shown of …").
 * Stops counting at MAX_COUNTED vertices and says so.
 */
const MAX_COUNTED = 2_000_000;
function neighbourhoodSize(index: GraphIndex, start: number, depth: number): NeighbourhoodSize {
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length && seen.size < MAX_COUNTED; d++) {
    const next: number[] = [];
    const visit = (w: number) => {
      if (seen.has(w)) return;
      seen.add(w);
      next.push(w);
    };
    for (const v of frontier) {
      for (const e of index.outEdges.subarray(index.outStart[v]!, index.outStart[v + 1]!))
        visit(index.edgeTo[e]!);
      for (const e of index.inEdges.subarray(index.inStart[v]!, index.inStart[v + 1]!))
        visit(index.edgeFrom[e]!);
    }
    frontier = next;
  }
  let edges = 0;
  for (const v of seen)
    for (const e of index.outEdges.subarray(index.outStart[v]!, index.outStart[v + 1]!))
      if (seen.has(index.edgeTo[e]!)) edges++;
  return { vertices: seen.size, edges, ...(seen.size >= MAX_COUNTED ? { atLeast: true } : {}) };
}

/**
 * The elements of the k cheapest paths between two vertices, with the paths themselves.
 * `cut` edges (from, kind, to) are left out of the search; those not in the graph are returned.
 */
export function pathElements(
  index: GraphIndex,
  query: { from: string; to: string; k: number; budgetMs: number; cut?: readonly CutEdge[] },
): { elements: Elements; paths: PathsResult['paths']; truncated: boolean; uncut: CutEdge[] } | null {
  const cut = new Set<number>();
  const uncut: CutEdge[] = [];
  for (const step of query.cut ?? []) {
    const e = index.edgeNumber(step);
    if (e === undefined) uncut.push(step);
    else cut.add(e);
  }
  const result = paths(index, query.from, query.to, {
    k: query.k,
    budgetMs: query.budgetMs,
    ...(cut.size ? { skip: (e: number) => cut.has(e) } : {}),
  });
  if (!result) return null;
  const vertices = new Set<number>();
  const edges = new Set<number>();
  for (const p of result.paths) {
    for (const step of p.path) {
      edges.add(index.edgeNumber(step)!);
      vertices.add(index.numberOf(step.from)!);
      vertices.add(index.numberOf(step.to)!);
    }
  }
  return {
    elements: {
      nodes: [...vertices].map((v) => nodeData(index, v)),
      edges: [...edges].map((e) => edgeData(index, e)),
    },
    paths: result.paths,
    truncated: result.truncated !== undefined,
    uncut,
  };
}
