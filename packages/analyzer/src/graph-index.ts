/**
 * A compact index of the attack graph for the heavy searches (DESIGN.md "Analysis"):
 * compressed sparse rows over typed arrays, forward and reverse, built once per graph from the
 * builder's edge list. Vertices are numbered in id order, so every search that breaks ties on
 * vertex numbers breaks them on ids: answers are deterministic. Edge evidence stays in the
 * graph's edge records, addressed by edge number.
 *
 * The analyzer issue measured, for 1M vertices / 5M edges on this machine kind, 0.63 s for a
 * single-source Dijkstra over such an index against ~36 s through graphology's object API; on
 * the 355k-vertex benchmark graph a full reverse search here takes ~165 ms (docs/performance.md).
 */
import type { AttackGraph, EdgeRecord, VertexAttributes } from '@kubepath/graph';
import type { VertexId } from '@kubepath/model';

/** What indexes of one graph share: the vertex numbering and the edges' ends and costs. */
export interface IndexBase {
  readonly ids: VertexId[];
  readonly numbers: ReadonlyMap<VertexId, number>;
  readonly attributes: VertexAttributes[];
  readonly cost: Float64Array;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
}

export class GraphIndex {
  /** Vertex ids by number, in id order. */
  readonly ids: VertexId[];
  readonly attributes: VertexAttributes[];
  readonly numbers: ReadonlyMap<VertexId, number>;
  /** The graph's edges by number. */
  readonly edges: readonly EdgeRecord[];
  readonly cost: Float64Array;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Forward rows: the edges out of v are outEdges[outStart[v] .. outStart[v + 1]). */
  readonly outStart: Int32Array;
  readonly outEdges: Int32Array;
  /** Reverse rows: the edges into v. */
  readonly inStart: Int32Array;
  readonly inEdges: Int32Array;

  constructor(
    readonly graph: AttackGraph,
    /** Edges of the graph this index leaves out (an exploit mode's, a what-if's fixes). */
    readonly removedEdges: ReadonlySet<number> = new Set(),
    /**
     * The vertex numbering and edge ends of an index of the same graph, shared instead of
     * built again: an exploit mode's or a what-if's index, or one read back from a file
     * (numbering 350k ids and looking up 2M edge ends took ~2 s at 150,000 pods).
     */
    base?: IndexBase,
  ) {
    if (base) {
      ({ ids: this.ids, numbers: this.numbers, attributes: this.attributes } = base);
      ({ cost: this.cost, edgeFrom: this.edgeFrom, edgeTo: this.edgeTo } = base);
    } else {
      this.ids = [...graph.vertices.keys()].sort();
      this.numbers = new Map(this.ids.map((id, i) => [id, i]));
      this.attributes = this.ids.map((id) => graph.vertices.get(id)!);
      const m = graph.edges.length;
      this.cost = new Float64Array(m);
      this.edgeFrom = new Int32Array(m);
      this.edgeTo = new Int32Array(m);
      graph.edges.forEach((e, i) => {
        this.edgeFrom[i] = this.numbers.get(e.from)!;
        this.edgeTo[i] = this.numbers.get(e.to)!;
        this.cost[i] = e.cost;
      });
    }
    this.edges = graph.edges;
    const n = this.ids.length;
    const m = graph.edges.length;
    const outDegree = new Int32Array(n + 1);
    const inDegree = new Int32Array(n + 1);
    for (let i = 0; i < m; i++) {
      if (removedEdges.has(i)) continue;
      outDegree[this.edgeFrom[i]! + 1]!++;
      inDegree[this.edgeTo[i]! + 1]!++;
    }
    for (let v = 0; v < n; v++) {
      outDegree[v + 1]! += outDegree[v]!;
      inDegree[v + 1]! += inDegree[v]!;
    }
    this.outStart = outDegree;
    this.inStart = inDegree;
    this.outEdges = new Int32Array(outDegree[n]!);
    this.inEdges = new Int32Array(inDegree[n]!);
    const outFill = outDegree.slice(0, n);
    const inFill = inDegree.slice(0, n);
    // Edges are placed in edge-number order within each row: searches visit them deterministically.
    for (let i = 0; i < m; i++) {
      if (removedEdges.has(i)) continue;
      this.outEdges[outFill[this.edgeFrom[i]!]!++] = i;
      this.inEdges[inFill[this.edgeTo[i]!]!++] = i;
    }
  }

  /**
   * The index of a graph whose vertex numbering and edge ends are already known (a stored
   * analysis): `ids` sorted with their `attributes`, and per edge its ends' numbers and cost.
   */
  static restore(graph: AttackGraph, parts: Omit<IndexBase, 'numbers'>): GraphIndex {
    const numbers = new Map<VertexId, number>();
    parts.ids.forEach((id, i) => numbers.set(id, i));
    return new GraphIndex(graph, new Set(), { ...parts, numbers });
  }

  /** The same graph without these edges too (numbers stay the same). */
  without(edges: ReadonlySet<number>): GraphIndex {
    if (edges.size === 0) return this;
    return new GraphIndex(this.graph, new Set([...this.removedEdges, ...edges]), this);
  }

  get vertexCount(): number {
    return this.ids.length;
  }

  /** The number of a vertex id, or undefined when the graph has no such vertex. */
  numberOf(id: VertexId): number | undefined {
    return this.numbers.get(id);
  }

  /** Vertex numbers whose id matches a pattern: an exact id, or a glob with `*` (`secret:kube-system/*`). */
  select(pattern: string): number[] {
    if (!pattern.includes('*')) {
      const v = this.numbers.get(pattern);
      return v === undefined ? [] : [v];
    }
    const matches = globMatcher(pattern);
    const out: number[] = [];
    this.ids.forEach((id, v) => {
      if (matches(id)) out.push(v);
    });
    return out;
  }

  private byKey?: Map<string, number>;

  /** The number of the edge a step names (kind, from, to), which the builder keeps unique. */
  edgeNumber(step: { kind: string; from: VertexId; to: VertexId }): number | undefined {
    this.byKey ??= new Map(this.edges.map((e, i) => [`${e.kind} ${e.from} ${e.to}`, i]));
    return this.byKey.get(`${step.kind} ${step.from} ${step.to}`);
  }

  /** The edge record of a step. */
  edgeRecord(step: { kind: string; from: VertexId; to: VertexId }): EdgeRecord | undefined {
    const e = this.edgeNumber(step);
    return e === undefined ? undefined : this.edges[e];
  }

  /** Vertices marked as user-defined crown jewels. */
  crownJewels(): number[] {
    const out: number[] = [];
    this.attributes.forEach((a, v) => {
      if (a.crownJewel) out.push(v);
    });
    return out;
  }
}

/**
 * A matcher for a glob whose only wildcard is `*` (any run of characters). It never
 * backtracks: the literal parts are found left to right with indexOf, each after the last,
 * so `********X` costs one scan of the id, not the exponential time a regex `.*.*…X` can.
 */
export function globMatcher(pattern: string): (id: string) => boolean {
  const parts = pattern.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter(Boolean);
  if (parts.length === 1) return (id) => id === pattern;
  return (id) => {
    if (id.length < first.length + last.length || !id.startsWith(first) || !id.endsWith(last)) return false;
    let at = first.length;
    const end = id.length - last.length;
    for (const part of middle) {
      const found = id.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}
