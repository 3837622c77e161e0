/**
 * The attack graph as the rule modules build it: vertices with their attributes and a flat
 * edge list with evidence. Heavy searches index this edge list directly (DESIGN.md: compact
 * index built from the builder's edges); `toGraphology` gives the graph model for
 * neighbourhoods, views and small graphs.
 */
import type { NodeFinding } from './evidence/cis-checks.js';
import { MultiDirectedGraph } from 'graphology';
import { EDGE_CATALOG, EDGE_KINDS, type EdgeKind, type VertexId, type VertexKind } from '@kubepath/model';

/** Why an edge exists: the object and the field (JSON pointer) that make it true. Never a secret value. */
export interface Evidence {
  kind: string;
  namespace?: string;
  name: string;
  /** JSON pointer into the object, e.g. `/rules/0` or `/spec/containers/0/securityContext/privileged`. */
  path: string;
  /** A short remark when the pointer alone does not say it (e.g. "verb get via websocket"). */
  note?: string;
}

/** What a vertex is; `namespace` and `name` are kept here so that ids never need parsing. */
export interface VertexAttributes {
  kind: VertexKind;
  name: string;
  namespace?: string;
  /** Human label for views, e.g. "create pods in web". */
  label?: string;
  /** Misconfigurations that are not edges but matter to a report (no limits, runs as root…). */
  findings?: VertexFinding[];
  /** Why the vertex is a user-defined crown jewel (config selector or label). */
  crownJewel?: string;
  /**
   * For a container: a known remotely exploitable vulnerability in what it runs (from
   * vulnerability reports), which `--exploits known` keeps exploit steps into.
   */
  knownExploitable?: string;
  /** For a container a vulnerability scan matched: counts by severity, the worst ids, fixes. */
  vulnerabilities?: {
    counts: Record<'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN', number>;
    worst: string[];
    reports: string[];
    fixes: string[];
  };
  /** For a live pod's container: its workload and container (`Deployment web/nginx`), which findings collapse to. */
  workload?: string;
  /** Why the vertex is Tier Zero: it holds a crown jewel by design (tier-zero.ts). */
  tierZero?: string;
  /** For a DaemonSet replica's pod and containers: the "any replica" template pod it is one of. */
  replicaOf?: VertexId;
}

/** A misconfiguration recorded on a vertex. */
export interface VertexFinding {
  id: string;
  message: string;
  evidence: Evidence;
}

/** One edge: a catalog kind, its cost, and the evidence for it (merged when found twice). */
export interface EdgeRecord {
  kind: EdgeKind;
  from: VertexId;
  to: VertexId;
  cost: number;
  evidence: Evidence[];
  /**
   * When the edge was found more than once: the first evidence item (the object that makes
   * it) of each later finding with a different one, e.g. a second binding granting the same
   * step. Changing `evidence[0]` alone does not remove the edge then (fix candidates).
   */
  alternatives?: Evidence[];
}

/** The finished graph. */
export interface AttackGraph {
  vertices: ReadonlyMap<VertexId, VertexAttributes>;
  edges: readonly EdgeRecord[];
  /** Things the build noticed and could not use (dangling bindings…), for the coverage report. */
  notes: readonly string[];
  /** What the vulnerability evidence covered, so that "no known exploit" is never read as "no vulnerability". */
  evidence?: EvidenceSummary;
}

/** What vulnerability evidence the graph had. */
export interface EvidenceSummary {
  containers: number;
  /** Containers some scan matched (with or without findings). */
  containersWithReport: number;
  /** Containers with a known remotely exploitable vulnerability. */
  knownExploitable: number;
  scans: number;
  /** Scans that matched no container: the first few, by object. */
  unmatched: string[];
  unmatchedTotal: number;
  /** CISA's KEV catalog: absent when none was given. */
  kev?: { file: string; catalogVersion?: string; ids: number };
  /** kube-bench results: absent when none was given. */
  cis?: CisSummary;
}

/** What the kube-bench results covered, and what they found. */
export interface CisSummary {
  files: number;
  /** Nodes with a result, sorted. */
  nodes: string[];
  /** Files whose node kubepath could not tell: their kubelet and etcd checks open nothing. */
  unplaced: string[];
  /** Nodes a result names that the input has no Node object of. */
  unknownNodes: string[];
  /** The API server's anonymous auth as a result says (absent: no result checked it). */
  apiAnonymous?: 'PASS' | 'FAIL';
  /** Failed checks, node by node (at most MAX_NODE_FINDINGS; `findingsTotal` counts them all). */
  findings: NodeFinding[];
  findingsTotal: number;
}

const KIND_NUMBERS = new Map(EDGE_KINDS.map((k, i) => [k, i]));
if (EDGE_KINDS.length > 128)
  throw new Error('GraphBuilder: more than 128 edge kinds do not fit the edge key');

/** Evidence entries kept per edge; more add nothing a person would read. */
const MAX_EVIDENCE = 16;

/** Accumulates vertices and edges; an edge of the same kind between the same vertices is stored once. */
export class GraphBuilder {
  readonly vertices = new Map<VertexId, VertexAttributes>();
  readonly edges: EdgeRecord[] = [];
  readonly notes: string[] = [];
  evidence: EvidenceSummary | undefined;
  /**
   * Edge de-duplication keyed by numbers, not strings: (from, to, kind) as two small integers
   * in an open-addressing table of typed arrays (EdgeTable). A string key per edge allocated
   * ~100 bytes a time over a million edges; one packed 53-bit number per edge in a Map was a
   * heap number each, kept for the whole build (performance issue).
   */
  private readonly edgeIndex = new EdgeTable();
  private readonly vertexNumbers = new Map<VertexId, number>();

  /** Adds a vertex, or keeps the existing one (first attributes win). */
  vertex(id: VertexId, attributes: VertexAttributes): VertexId {
    if (!this.vertices.has(id)) {
      if (this.vertexNumbers.size >= 8_388_608)
        throw new Error('GraphBuilder: more than 8,388,608 vertices do not fit the edge key');
      this.vertices.set(id, attributes);
      this.vertexNumbers.set(id, this.vertexNumbers.size);
    }
    return id;
  }

  /** The key `locate` found last: the from vertex, and the to vertex and kind in one integer (23 + 7 bits). */
  private keyA = 0;
  private keyB = 0;

  /** Sets keyA and keyB for the edge; false when an end is not a vertex. No allocation per call. */
  private locate(kind: EdgeKind, from: VertexId, to: VertexId): boolean {
    const f = this.vertexNumbers.get(from);
    const t = this.vertexNumbers.get(to);
    if (f === undefined || t === undefined) return false;
    this.keyA = f;
    this.keyB = t * 128 + KIND_NUMBERS.get(kind)!;
    return true;
  }

  hasVertex(id: VertexId): boolean {
    return this.vertices.has(id);
  }

  /** Adds an edge of a catalog kind with its evidence; both ends must exist. */
  edge(
    kind: EdgeKind,
    from: VertexId,
    to: VertexId,
    evidence: Evidence | readonly Evidence[] = [],
    cost?: number,
  ): void {
    if (!this.locate(kind, from, to)) {
      throw new Error(`GraphBuilder.edge: ${kind} ${from} -> ${to} names a vertex that was not added`);
    }
    const at = this.edgeIndex.get(this.keyA, this.keyB);
    if (at < 0) {
      this.edgeIndex.set(this.keyA, this.keyB, this.edges.length);
      this.edges.push({
        kind,
        from,
        to,
        cost: cost ?? EDGE_CATALOG[kind].cost,
        // One array per edge, not two: most edges come with one evidence item, and a million
        // short-lived wrapper arrays were young-generation work (performance issue).
        evidence: Array.isArray(evidence) ? evidence.slice(0, MAX_EVIDENCE) : [evidence as Evidence],
      });
      return;
    }
    const list = Array.isArray(evidence) ? evidence : [evidence as Evidence];
    const existing = this.edges[at]!;
    if (cost !== undefined && cost < existing.cost) existing.cost = cost;
    const maker = list[0];
    if (maker && existing.evidence[0] && !sameEvidence(maker, existing.evidence[0])) {
      const alternatives = (existing.alternatives ??= []);
      if (alternatives.length < MAX_EVIDENCE && !alternatives.some((x) => sameEvidence(x, maker)))
        alternatives.push(maker);
    }
    for (const e of list) {
      if (existing.evidence.length >= MAX_EVIDENCE) break;
      if (!existing.evidence.some((x) => sameEvidence(x, e))) existing.evidence.push(e);
    }
  }

  /** True when an edge of this kind already joins the two vertices. */
  hasEdge(kind: EdgeKind, from: VertexId, to: VertexId): boolean {
    return this.locate(kind, from, to) && this.edgeIndex.get(this.keyA, this.keyB) >= 0;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  build(): AttackGraph {
    return {
      vertices: this.vertices,
      edges: this.edges,
      notes: this.notes,
      ...(this.evidence ? { evidence: this.evidence } : {}),
    };
  }
}

/**
 * A hash table from two non-negative 31-bit integers to a non-negative integer, in typed
 * arrays with linear probing: no object or heap number per entry. Grows by doubling at half full.
 */
export class EdgeTable {
  private keysA = new Int32Array(1 << 16).fill(-1);
  private keysB = new Int32Array(1 << 16);
  private values = new Int32Array(1 << 16);
  private size = 0;

  private slot(a: number, b: number): number {
    const mask = this.keysA.length - 1;
    // Knuth's multiplicative mixing of both halves; Math.imul keeps it in 32 bits.
    let i = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 15), 0x85ebca6b)) & mask;
    while (this.keysA[i] !== -1 && (this.keysA[i] !== a || this.keysB[i] !== b)) i = (i + 1) & mask;
    return i;
  }

  /** The value at (a, b), or -1. */
  get(a: number, b: number): number {
    const i = this.slot(a, b);
    return this.keysA[i] === -1 ? -1 : this.values[i]!;
  }

  set(a: number, b: number, value: number): void {
    const i = this.slot(a, b);
    if (this.keysA[i] === -1) {
      this.keysA[i] = a;
      this.keysB[i] = b;
      this.size++;
    }
    this.values[i] = value;
    if (this.size * 2 > this.keysA.length) this.grow();
  }

  private grow(): void {
    const [keysA, keysB, values] = [this.keysA, this.keysB, this.values];
    this.keysA = new Int32Array(keysA.length * 2).fill(-1);
    this.keysB = new Int32Array(keysA.length * 2);
    this.values = new Int32Array(keysA.length * 2);
    for (let i = 0; i < keysA.length; i++) {
      if (keysA[i] === -1) continue;
      const j = this.slot(keysA[i]!, keysB[i]!);
      this.keysA[j] = keysA[i]!;
      this.keysB[j] = keysB[i]!;
      this.values[j] = values[i]!;
    }
  }
}

const sameEvidence = (a: Evidence, b: Evidence) =>
  a.kind === b.kind && a.name === b.name && a.namespace === b.namespace && a.path === b.path;

/** The graph as a graphology multigraph (for neighbourhoods and views, not for heavy searches). */
export function toGraphology(graph: AttackGraph): MultiDirectedGraph<VertexAttributes, EdgeRecord> {
  const g = new MultiDirectedGraph<VertexAttributes, EdgeRecord>();
  for (const [id, attributes] of graph.vertices) g.addNode(id, attributes);
  for (const edge of graph.edges) g.addDirectedEdge(edge.from, edge.to, edge);
  return g;
}

/** Edges as `KIND from to` strings: tests compare sets of these, so order never matters. */
export function edgeStrings(graph: AttackGraph, filter: (e: EdgeRecord) => boolean = () => true): string[] {
  return graph.edges
    .filter(filter)
    .map((e) => `${e.kind} ${e.from} ${e.to}`)
    .sort();
}
