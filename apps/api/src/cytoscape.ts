/**
 * Cytoscape-ready elements for a bounded part of the graph: the neighbourhood of a vertex
 * (both directions, up to a depth) or the paths between two vertices. Never the whole graph:
 * a 150,000-pod cluster would freeze any browser, so every answer has an element cap and says
 * when it hit it.
 */
import { paths, type GraphIndex } from '@kubepath/analyzer';

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
      label: a.label ?? a.name,
      ...(a.namespace ? { namespace: a.namespace } : {}),
      ...(a.crownJewel ? { crownJewel: a.crownJewel } : {}),
    },
  };
}

function edgeData(index: GraphIndex, e: number) {
  const r = index.edges[e]!;
  return {
    data: { id: `e${e}`, source: r.from, target: r.to, kind: r.kind, cost: r.cost, evidence: r.evidence },
  };
}

/** The vertices within `depth` steps of `id` (in and out), at most `limit` elements. */
export function neighbourhood(
  index: GraphIndex,
  id: string,
  depth: number,
  limit: number,
): { elements: Elements; truncated: boolean } | null {
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
        const w = index.edgeFrom[e] === v ? index.edgeTo[e]! : index.edgeFrom[e]!;
        if (!seen.has(w)) {
          if (seen.size + edges.size + 2 > limit) {
            truncated = true;
            break;
          }
          seen.add(w);
          next.push(w);
        }
        edges.add(e);
      }
      if (truncated) break;
    }
    frontier = next;
  }
  const kept = [...edges].filter((e) => seen.has(index.edgeFrom[e]!) && seen.has(index.edgeTo[e]!));
  return {
    elements: { nodes: [...seen].map((v) => nodeData(index, v)), edges: kept.map((e) => edgeData(index, e)) },
    truncated,
  };
}

/** The elements of the k cheapest paths between two vertices. */
export function pathElements(
  index: GraphIndex,
  from: string,
  to: string,
  k: number,
  budgetMs: number,
): Elements | null {
  const result = paths(index, from, to, { k, budgetMs });
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
    nodes: [...vertices].map((v) => nodeData(index, v)),
    edges: [...edges].map((e) => edgeData(index, e)),
  };
}
