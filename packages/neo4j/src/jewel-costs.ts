/**
 * What each vertex reaches, by cost, from the in-memory engine: one reverse search per crown
 * jewel. Exported onto the vertices (`jewels`, `jewelCosts`), so that fleet questions — "in
 * which clusters does the internet reach etcd, and at what cost" — are a property read in
 * Neo4j, exact, without APOC.
 */
import { dijkstra, jewels, type GraphIndex } from '@kubepath/analyzer';
import type { VertexId } from '@kubepath/model';

export type JewelCosts = ReadonlyMap<VertexId, { jewels: string[]; costs: number[] }>;

export function jewelCosts(index: GraphIndex): JewelCosts {
  const out = new Map<VertexId, { jewels: string[]; costs: number[] }>();
  for (const j of jewels(index)) {
    const jewel = index.ids[j]!;
    const { dist } = dijkstra(index, [j], 'reverse');
    dist.forEach((d, v) => {
      if (v === j || !Number.isFinite(d)) return;
      const id = index.ids[v]!;
      const entry = out.get(id) ?? { jewels: [], costs: [] };
      entry.jewels.push(jewel);
      entry.costs.push(d);
      out.set(id, entry);
    });
  }
  return out;
}
