/**
 * Choke points: the objects (bindings, roles, pod-spec fields, policies) that lie on the most
 * entry-point → crown-jewel paths. Each jewel's reverse search is a shortest-path tree; the
 * number of entry points whose path crosses a tree edge is the size of the subtree behind it,
 * so one pass in reverse settle order counts every edge: linear, not one walk per path.
 * This is the "fix these three bindings first" answer.
 */
import { edgeSpec, type EdgeKind } from '@kubepath/model';
import type { EdgeRecord, Evidence } from '@kubepath/graph';
import { entryPoints } from './findings.js';
import type { GraphIndex } from './graph-index.js';
import type { SearchResult } from './search.js';

export interface ChokePoint {
  /** `Kind namespace/name` of the object to change. */
  object: string;
  evidence: Evidence;
  /** Entry-point → crown-jewel pairs whose cheapest path goes through it (each path counts it once). */
  paths: number;
  jewels: string[];
  edgeKinds: EdgeKind[];
  remediation: string[];
  /** The cheapest entry point whose path to a jewel goes through it: "open the paths behind it". */
  example: { entry: string; jewel: string; cost: number };
}

/**
 * The object to change behind an edge. A namespace is changed in one of two ways, kept apart:
 * its Pod Security label (evidence at that label), or a NetworkPolicy added to it (no path).
 */
export const objectKey = (e: Evidence) =>
  `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}${e.kind === 'Namespace' && e.path ? ` ${e.path}` : ''}`;

/** The object an edge is counted for, or null when it has none to count (structural). */
export type EdgeKey = (record: EdgeRecord) => string | null;

/** The object behind an edge: its first evidence item (the binding, the pod spec). */
export const objectOfEdge: EdgeKey = (record) => {
  const ev = record.evidence[0];
  return ev && ev.kind !== 'kubepath' ? objectKey(ev) : null;
};

/** `keyOf` groups edges into objects (fix candidates count a workload's fields apart). */
export function chokePoints(
  index: GraphIndex,
  searches: ReadonlyMap<number, SearchResult>,
  limit = 20,
  keyOf: EdgeKey = objectOfEdge,
): ChokePoint[] {
  const isEntry = new Uint8Array(index.vertexCount);
  for (const v of entryPoints(index)) isEntry[v] = 1;
  const points = new Map<string, ChokePoint>();
  // The object behind each edge (the first evidence item), or null for a structural edge.
  const edgeKeys = new Map<number, string | null>();
  const keyOfEdge = (e: number) => {
    let key = edgeKeys.get(e);
    if (key === undefined) edgeKeys.set(e, (key = keyOf(index.edges[e]!)));
    return key;
  };
  for (const [jewel, result] of searches) {
    const through = new Float64Array(index.vertexCount);
    /** Whether the object `key` makes an edge of the tree path from `from` to the jewel. */
    const laterOnPath = (from: number, key: string) => {
      for (let at = from, guard = 0; at !== jewel && guard < index.vertexCount; guard++) {
        const e = result.via[at]!;
        if (e < 0) return false;
        if (keyOfEdge(e) === key) return true;
        at = index.edgeTo[e]!;
      }
      return false;
    };
    // The cheapest entry behind each vertex (its own number when it is one), passed on like the counts.
    const cheapestEntry = new Int32Array(index.vertexCount).fill(-1);
    // Farthest first: a vertex passes its count (itself if an entry, plus all behind it) to its next hop.
    for (let i = result.order.length - 1; i >= 0; i--) {
      const v = result.order[i]!;
      if (v === jewel) continue;
      const count = through[v]! + (isEntry[v] ? 1 : 0);
      const e = result.via[v]!;
      if (e < 0 || count === 0) continue;
      const next = index.edgeTo[e]!;
      through[next]! += count;
      if (isEntry[v] && cheapestEntry[v] === -1) cheapestEntry[v] = v;
      const entry = cheapestEntry[v]!;
      const nextEntry = cheapestEntry[next]!;
      if (nextEntry === -1 || result.dist[entry]! < result.dist[nextEntry]!) cheapestEntry[next] = entry;
      const record = index.edges[e]!;
      // The first evidence item is the object that makes the edge (the binding, the pod spec);
      // the rest (role rules, more bindings giving the same edge) are supporting detail.
      const key = keyOfEdge(e);
      if (key === null) continue; // structural (hub membership), nothing to change
      const ev = record.evidence[0]!;
      let p = points.get(key);
      if (!p)
        points.set(
          key,
          (p = {
            object: key,
            evidence: ev,
            paths: 0,
            jewels: [],
            edgeKinds: [],
            remediation: [],
            example: { entry: index.ids[entry]!, jewel: index.ids[jewel]!, cost: Infinity },
          }),
        );
      const jewelId = index.ids[jewel]!;
      if (result.dist[entry]! < p.example.cost)
        p.example = { entry: index.ids[entry]!, jewel: jewelId, cost: result.dist[entry]! };
      if (!p.jewels.includes(jewelId)) p.jewels.push(jewelId);
      if (!p.edgeKinds.includes(record.kind)) {
        p.edgeKinds.push(record.kind);
        p.remediation.push(edgeSpec(record.kind).remediation);
      }
      // The same object further along the path (a binding, then what it allows) is counted
      // there: each path counts an object once, wherever it repeats.
      if (!laterOnPath(next, key)) p.paths += count;
    }
  }
  return [...points.values()]
    .sort((a, b) => b.paths - a.paths || a.object.localeCompare(b.object))
    .slice(0, limit);
}
