/**
 * Snapshots analysed once and kept in memory: the graph, its search index and the findings,
 * least recently used first out. Bounded by entry count (each entry's size is its graph).
 */
import { findings, GraphIndex, type FindingsResult } from '@kubepath/analyzer';
import { buildAttackGraph, type AttackGraph } from '@kubepath/graph';
import type { Snapshot } from '@kubepath/model';

export interface Analysed {
  snapshot: Snapshot;
  graph: AttackGraph;
  index: GraphIndex;
  findings: ReturnType<typeof findings>;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Analysed>();

  constructor(private readonly capacity: number) {}

  get(id: string, load: () => Snapshot | null): Analysed | null {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    const snapshot = load();
    if (!snapshot) return null;
    const graph = buildAttackGraph(snapshot);
    const index = new GraphIndex(graph);
    const analysed = { snapshot, graph, index, findings: findings(index) };
    this.entries.set(id, analysed);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return analysed;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}

export type { FindingsResult };
