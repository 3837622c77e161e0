/**
 * Snapshots analysed once and kept in memory: the graph, its search index and the findings,
 * least recently used first out. Bounded by entry count and by the total number of edges held
 * (a graph's memory grows with its edges: ~0.5 KiB each, see docs/performance.md), but the
 * most recent entry always stays.
 */
import { findings, GraphIndex, withoutObjects, type FindingsResult, type Removal } from '@kubepath/analyzer';
import { buildAttackGraph, type AttackGraph } from '@kubepath/graph';
import type { Snapshot } from '@kubepath/model';
import { HttpProblem } from './problems.js';

export interface Analysed {
  /** The snapshot itself: read from the store on first use when the analysis was restored. */
  readonly snapshot: Snapshot;
  /** The snapshot's cluster and coverage, without reading it. */
  info: { cluster: Snapshot['cluster']; coverage: Snapshot['coverage'] };
  graph: AttackGraph;
  index: GraphIndex;
  findings: ReturnType<typeof findings>;
  /** Answers already computed for this snapshot, by query (queries are deterministic). */
  answers: Map<string, unknown>;
  /** True when this analysis was built here, not read back from a stored one (so worth storing). */
  built?: boolean;
  /** The latest what-if graph (see indexWithout). */
  variant?: { key: string; index: GraphIndex; unmatched: Removal[] };
}

/** An analysis read back from disk, with what `info` answers. */
export type Restored = Pick<Analysed, 'graph' | 'index' | 'findings' | 'info'>;

/** Answers remembered per snapshot; the oldest goes first. */
const MAX_ANSWERS = 256;

/** The remembered answer to `key`, computing and remembering it when new. */
export function remember<T>(a: Analysed, key: string, compute: () => T): T {
  if (a.answers.has(key)) return a.answers.get(key) as T;
  const value = compute();
  a.answers.set(key, value);
  if (a.answers.size > MAX_ANSWERS) a.answers.delete(a.answers.keys().next().value!);
  return value;
}

/**
 * The graph index of the snapshot without some objects (the viewer's what-if toggle). A whole
 * graph per set of removals: only the latest one is kept (a viewer toggles one set at a time,
 * and on a large cluster each is as big as the snapshot's own graph).
 */
export function indexWithout(
  a: Analysed,
  removals: readonly Removal[],
): { index: GraphIndex; unmatched: Removal[] } {
  if (removals.length === 0) return { index: a.index, unmatched: [] };
  const key = JSON.stringify(removals.map((r) => [r.kind.toLowerCase(), r.namespace ?? '', r.name]).sort());
  if (a.variant?.key !== key) {
    a.variant = undefined; // let the previous one go before building the next
    const { snapshot, unmatched } = withoutObjects(a.snapshot, removals);
    a.variant = { key, index: new GraphIndex(buildAttackGraph(snapshot)), unmatched };
  }
  return a.variant;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Analysed>();

  constructor(
    private readonly capacity: number,
    private readonly onBuild: (seconds: number) => void = () => {},
    private readonly maxEdges = 8_000_000,
  ) {}

  private edgesHeld(): number {
    let n = 0;
    for (const a of this.entries.values()) n += a.graph.edges.length;
    return n;
  }

  /**
   * The analysed snapshot, analysing it when new; `onPhase` hears how long each step took.
   * `restore` offers an analysis stored earlier (stored-analyses.ts): then the snapshot is read
   * only if a query needs it.
   */
  get(
    id: string,
    load: () => Snapshot | null,
    onPhase?: (phase: string, ms: number) => void,
    restore?: () => Restored | null,
  ): Analysed | null {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    const restoring = performance.now();
    const stored = restore?.();
    if (stored) {
      onPhase?.('restore', performance.now() - restoring);
      let snapshot: Snapshot | undefined;
      return this.keep(id, {
        get snapshot() {
          snapshot ??= load() ?? undefined;
          if (!snapshot) throw new HttpProblem(404, 'unknown snapshot', `snapshot ${id} is no longer stored`);
          return snapshot;
        },
        info: stored.info,
        graph: stored.graph,
        index: stored.index,
        findings: stored.findings,
        answers: new Map(),
      });
    }
    const loading = performance.now();
    const snapshot = load();
    if (!snapshot) return null;
    onPhase?.('load', performance.now() - loading);
    const started = performance.now();
    const graph = buildAttackGraph(
      snapshot,
      onPhase ? { onPhase: (name, ms) => onPhase(`graph ${name}`, ms) } : {},
    );
    const timed = <T>(phase: string, run: () => T): T => {
      const t = performance.now();
      const value = run();
      onPhase?.(phase, performance.now() - t);
      return value;
    };
    const index = timed('index', () => new GraphIndex(graph));
    const analysed: Analysed = {
      snapshot,
      info: { cluster: snapshot.cluster, coverage: snapshot.coverage },
      graph,
      index,
      findings: timed('findings', () => findings(index)),
      answers: new Map<string, unknown>(),
      built: true,
    };
    this.onBuild((performance.now() - started) / 1000);
    return this.keep(id, analysed);
  }

  private keep(id: string, analysed: Analysed): Analysed {
    this.entries.set(id, analysed);
    while (this.entries.size > 1 && (this.entries.size > this.capacity || this.edgesHeld() > this.maxEdges)) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return analysed;
  }

  /** The analysed snapshot when it is held, without building anything or changing the order. */
  peek(id: string): Analysed | null {
    return this.entries.get(id) ?? null;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}

export type { FindingsResult };
