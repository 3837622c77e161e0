/**
 * A snapshot's analysed form as one file: the attack graph, its index's numbering, the findings
 * and their reverse searches, so that a server re-opens a stored snapshot by reading it back
 * instead of parsing the snapshot and building the graph again (40 s at 150,000 pods; the
 * performance issue asks for ≤ 3 s).
 *
 * Layout (little-endian): the 8 bytes `KPANLYS1`; a u32 length and a JSON header (format,
 * fingerprint, findings, the table of sections); then the sections, each at a multiple of 8
 * bytes (a typed array's alignment): typed arrays, and JSON arrays (ids, vertex attributes,
 * the strings evidence holds). Strings
 * appear once: edges name their ends, kind and evidence by number. The fingerprint names the code that wrote the file: a file from
 * another version is refused, never half read (its analysis could differ).
 */
import type { AttackGraph, EdgeRecord, Evidence, VertexAttributes } from '@kubepath/graph';
import type { EdgeKind, VertexId } from '@kubepath/model';
import type { FindingsResult } from './findings.js';
import { GraphIndex } from './graph-index.js';
import { rememberSearch, type SearchResult } from './search.js';

const MAGIC = 'KPANLYS1';
/** The layout's own version: bump it when what is written changes. */
export const STORED_ANALYSIS_FORMAT = 1;

export interface StoredAnalysis {
  graph: AttackGraph;
  index: GraphIndex;
  findings: FindingsResult & { searches: Map<number, SearchResult> };
  /** The caller's own JSON, kept with the analysis (the API keeps the snapshot's cluster info). */
  extra?: unknown;
}

type SectionType = 'u8' | 'i32' | 'f64' | 'json';
interface Section {
  name: string;
  type: SectionType;
  /** Items of a typed array; bytes of a JSON one. */
  length: number;
}

interface Header {
  format: number;
  fingerprint: string;
  kinds: EdgeKind[];
  /** Evidence objects' key orders, and any with a field that is not a string. */
  shapes: string[][];
  irregular: Evidence[];
  notes: readonly string[];
  graphEvidence?: AttackGraph['evidence'];
  findings: FindingsResult;
  /** The findings' searches, jewel by jewel, with their sections `search <jewel> dist|via|order`. */
  searches: { jewel: number; truncated: boolean }[];
  sections: Section[];
  extra?: unknown;
}

const BYTES: Record<Exclude<SectionType, 'json'>, number> = { u8: 1, i32: 4, f64: 8 };
const align8 = (n: number) => Math.ceil(n / 8) * 8;
/** Edges, or items of a JSON section, handled between two yields of encodeAnalysisSteps. */
const STEP = 20_000;

/** The file's bytes, as chunks to write in order. */
export function encodeAnalysis(a: StoredAnalysis, fingerprint: string): Buffer[] {
  const steps = encodeAnalysisSteps(a, fingerprint);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * encodeAnalysis in steps of a few milliseconds each (it yields between them; the value at the
 * end is the chunks), so that a thread answering queries can store a large analysis between
 * them: at 150,000 pods the whole encoding takes seconds.
 */
export function* encodeAnalysisSteps(a: StoredAnalysis, fingerprint: string): Generator<void, Buffer[]> {
  const { graph, index } = a;
  const m = graph.edges.length;
  const kinds: EdgeKind[] = [];
  const kindNumbers = new Map<EdgeKind, number>();
  const evidence = new EvidenceTable();
  // Per edge, its evidence list (and alternatives, -1 for none) by number: a list of the same
  // evidence is stored once and read back as one array (a third fewer at 30,000 pods).
  const edgeEvidence = new Int32Array(m);
  const edgeAlternatives = new Int32Array(m);
  const edgeKind = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const e = graph.edges[i]!;
    let k = kindNumbers.get(e.kind);
    if (k === undefined) kindNumbers.set(e.kind, (k = kinds.push(e.kind) - 1));
    edgeKind[i] = k;
    edgeEvidence[i] = evidence.list(e.evidence);
    edgeAlternatives[i] = e.alternatives ? evidence.list(e.alternatives) : -1;
    if (i % STEP === STEP - 1) yield;
  }
  // The graph's own vertex order (the builder's), which exports and views iterate in.
  const vertexOrder = Int32Array.from(graph.vertices.keys(), (id) => index.numberOf(id)!);

  const sections: Section[] = [];
  const body: Buffer[] = [];
  const add = (name: string, type: SectionType, length: number, bytes: Buffer[]) => {
    sections.push({ name, type, length });
    const size = bytes.reduce((n, b) => n + b.length, 0);
    body.push(...bytes);
    if (align8(size) > size) body.push(Buffer.alloc(align8(size) - size));
  };
  const arrays: [string, Uint8Array | Int32Array | Float64Array][] = [
    ['edge kind', edgeKind],
    ['edge from', index.edgeFrom],
    ['edge to', index.edgeTo],
    ['edge cost', index.cost],
    ['edge evidence', edgeEvidence],
    ['edge alternatives', edgeAlternatives],
    ['list start', Int32Array.from(evidence.listStart)],
    ['list items', Int32Array.from(evidence.listItems)],
    ['evidence shape', Int32Array.from(evidence.shape)],
    ['evidence values start', Int32Array.from(evidence.valuesStart)],
    ['evidence values', Int32Array.from(evidence.values)],
    ['vertex order', vertexOrder],
  ];
  const searches: Header['searches'] = [];
  for (const [jewel, s] of a.findings.searches) {
    searches.push({ jewel, truncated: s.truncated });
    arrays.push([`search ${jewel} dist`, s.dist], [`search ${jewel} via`, s.via]);
    arrays.push([`search ${jewel} order`, Int32Array.from(s.order)]);
  }
  for (const [name, array] of arrays)
    add(name, typeOf(array), array.length, [Buffer.from(array.buffer, array.byteOffset, array.byteLength)]);
  yield;
  // The large lists as JSON of their own, written a slice at a time.
  const lists: [string, readonly unknown[]][] = [
    ['ids', index.ids],
    ['attributes', index.attributes],
    ['strings', evidence.strings],
  ];
  for (const [name, items] of lists) {
    const bytes = [Buffer.from('[')];
    for (let i = 0; i < items.length; i += STEP) {
      // One native stringify per slice, its brackets dropped: no string per item.
      const text = JSON.stringify(items.slice(i, i + STEP));
      bytes.push(Buffer.from(`${i > 0 ? ',' : ''}${text.slice(1, -1)}`));
      yield;
    }
    bytes.push(Buffer.from(']'));
    add(
      name,
      'json',
      bytes.reduce((n, b) => n + b.length, 0),
      bytes,
    );
  }
  const { searches: _searches, ...plainFindings } = a.findings;
  const header: Header = {
    format: STORED_ANALYSIS_FORMAT,
    fingerprint,
    kinds,
    shapes: evidence.shapes,
    irregular: evidence.irregular,
    notes: graph.notes,
    ...(graph.evidence ? { graphEvidence: graph.evidence } : {}),
    findings: plainFindings,
    searches,
    sections,
    ...(a.extra !== undefined ? { extra: a.extra } : {}),
  };
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(align8(MAGIC.length + 4 + json.length));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, MAGIC.length);
  json.copy(head, MAGIC.length + 4);
  return [head, ...body];
}

function typeOf(array: Uint8Array | Int32Array | Float64Array): SectionType {
  return array instanceof Uint8Array ? 'u8' : array instanceof Int32Array ? 'i32' : 'f64';
}

/** Why a file cannot be used: not one of ours, another version's, or cut short. */
export class StaleAnalysis extends Error {
  constructor(
    message: string,
    /** The fingerprint the file was written with, when that is why. */
    readonly found?: string,
  ) {
    super(message);
  }
}

/** The analysis a file holds; StaleAnalysis when it is not this code's or is damaged. */
export function decodeAnalysis(bytes: Buffer, fingerprint: string): StoredAnalysis {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC)
    throw new StaleAnalysis('not a kubepath analysis file');
  const jsonLength = bytes.readUInt32LE(MAGIC.length);
  if (MAGIC.length + 4 + jsonLength > bytes.length) throw new StaleAnalysis('the file is cut short');
  // The fingerprint is checked before the header is trusted for anything else.
  const header = JSON.parse(
    bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + jsonLength),
  ) as Header;
  if (header.format !== STORED_ANALYSIS_FORMAT || header.fingerprint !== fingerprint)
    throw new StaleAnalysis(
      `written for ${header.fingerprint} (format ${header.format}), not ${fingerprint}`,
      String(header.fingerprint),
    );
  const sections = new Map<string, Uint8Array | Int32Array | Float64Array | unknown[]>();
  let at = align8(MAGIC.length + 4 + jsonLength);
  for (const s of header.sections) {
    const byteLength = s.type === 'json' ? s.length : s.length * BYTES[s.type];
    if (at + byteLength > bytes.length) throw new StaleAnalysis('the file is cut short');
    if (s.type === 'json')
      sections.set(s.name, JSON.parse(bytes.toString('utf8', at, at + byteLength)) as unknown[]);
    else {
      const offset = bytes.byteOffset + at;
      // Copied out, not viewed: a view would keep the whole file (its JSON too) alive.
      const copy = bytes.buffer.slice(offset, offset + byteLength);
      sections.set(
        s.name,
        s.type === 'u8'
          ? new Uint8Array(copy)
          : s.type === 'i32'
            ? new Int32Array(copy)
            : new Float64Array(copy),
      );
    }
    at += align8(byteLength);
  }
  const section = <T>(name: string) => {
    const s = sections.get(name);
    if (!s) throw new StaleAnalysis(`the file has no ${name} section`);
    return s as T;
  };

  const { kinds } = header;
  const ids = section<VertexId[]>('ids');
  const attributes = section<VertexAttributes[]>('attributes');
  const evidence = readEvidence(
    { ...header, strings: section<string[]>('strings') },
    section<Int32Array>('evidence shape'),
    section<Int32Array>('evidence values start'),
    section<Int32Array>('evidence values'),
  );
  const listStart = section<Int32Array>('list start');
  const listItems = section<Int32Array>('list items');
  const lists: Evidence[][] = [];
  for (let l = 0; l + 1 < listStart.length; l++) {
    const list: Evidence[] = [];
    for (let j = listStart[l]!; j < listStart[l + 1]!; j++) list.push(evidence[listItems[j]!]!);
    lists.push(list);
  }
  const edgeEvidence = section<Int32Array>('edge evidence');
  const edgeAlternatives = section<Int32Array>('edge alternatives');
  const edgeKind = section<Uint8Array>('edge kind');
  const edgeFrom = section<Int32Array>('edge from');
  const edgeTo = section<Int32Array>('edge to');
  const edgeCost = section<Float64Array>('edge cost');
  const edges: EdgeRecord[] = new Array<EdgeRecord>(edgeKind.length);
  for (let i = 0; i < edgeKind.length; i++) {
    // The builder's property order, so that an edge serialises as it did before it was stored.
    const edge: EdgeRecord = {
      kind: kinds[edgeKind[i]!]!,
      from: ids[edgeFrom[i]!]!,
      to: ids[edgeTo[i]!]!,
      cost: edgeCost[i]!,
      // Shared by the edges with the same list: nothing changes an edge's evidence after the build.
      evidence: lists[edgeEvidence[i]!]!,
    };
    if (edgeAlternatives[i]! >= 0) edge.alternatives = lists[edgeAlternatives[i]!]!;
    edges[i] = edge;
  }
  const order = section<Int32Array>('vertex order');
  const graph: AttackGraph = {
    // Only exports read the graph's own map (the index has its numbering): built on first use.
    vertices: new LazyMap(() => {
      const vertices = new Map<VertexId, VertexAttributes>();
      for (const v of order) vertices.set(ids[v]!, attributes[v]!);
      return vertices;
    }),
    edges,
    notes: header.notes,
    ...(header.graphEvidence ? { evidence: header.graphEvidence } : {}),
  };
  const index = GraphIndex.restore(graph, { ids, attributes, edgeFrom, edgeTo, cost: edgeCost });
  const searches = new Map<number, SearchResult>();
  for (const { jewel, truncated } of header.searches) {
    const result: SearchResult = {
      dist: section<Float64Array>(`search ${jewel} dist`),
      via: section<Int32Array>(`search ${jewel} via`),
      order: Array.from(section<Int32Array>(`search ${jewel} order`)),
      truncated,
    };
    searches.set(jewel, result);
    // As findings() does: who-can-reach of a jewel reuses its whole search.
    rememberSearch(index, [jewel], 'reverse', result);
  }
  return {
    graph,
    index,
    findings: { ...header.findings, searches },
    ...(header.extra !== undefined ? { extra: header.extra } : {}),
  };
}

/**
 * Evidence objects as numbers, one per distinct content (two edges' equal evidence is read back
 * as one object), their string fields as numbers into one table of strings (a pod's name recurs in all its edges' evidence), and its
 * key order as a shape, so that it reads back as the same JSON. An object with a field that
 * is not a string is kept whole (`irregular`).
 */
class EvidenceTable {
  readonly strings: string[] = [];
  readonly shapes: string[][] = [];
  readonly irregular: Evidence[] = [];
  /** Per evidence number: its shape (or -1, irregular), and where its values start. */
  readonly shape: number[] = [];
  readonly valuesStart: number[] = [0];
  readonly values: number[] = [];
  private readonly stringNumbers = new Map<string, number>();
  private readonly shapeNumbers = new Map<string, number>();

  /** Evidence lists by number: list l is listItems[listStart[l] .. listStart[l + 1]). */
  readonly listStart: number[] = [0];
  readonly listItems: number[] = [];
  /** Equal contents found by a numeric hash, then compared: no key string per mention. */
  private readonly lists = new HashedRuns(this.listStart, this.listItems);
  private readonly contents = new HashedRuns(this.valuesStart, this.values);
  private readonly scratch: number[] = [];

  /** The number of a list of evidence, the same for the same evidence in the same order. */
  list(list: readonly Evidence[]): number {
    const items = list.map((e) => this.number(e));
    return this.lists.numberOf(items, 0);
  }

  /** The number of an evidence object, the same for the same fields in the same order. */
  number(e: Evidence): number {
    const record = e as unknown as Record<string, unknown>;
    const keys = Object.keys(e);
    let regular = true;
    for (const k of keys) if (typeof record[k] !== 'string') regular = false;
    if (!regular) {
      const n = this.contents.add([this.irregular.push(e) - 1]);
      this.shape.push(-1);
      return n;
    }
    const shape = this.shapeOf(keys);
    const values = this.scratch;
    values.length = 0;
    for (const k of keys) values.push(this.stringNumber(record[k] as string));
    const before = this.shape.length;
    const n = this.contents.numberOf(values, shape + 1, (m) => this.shape[m] === shape);
    if (n === before) this.shape.push(shape);
    return n;
  }

  /** The shape of these keys; the last one asked is checked first (neighbours share one). */
  private shapeOf(keys: string[]): number {
    const last = this.shapes[this.lastShape];
    if (last && last.length === keys.length && last.every((k, i) => k === keys[i])) return this.lastShape;
    const key = keys.join('\u0000');
    let shape = this.shapeNumbers.get(key);
    if (shape === undefined) this.shapeNumbers.set(key, (shape = this.shapes.push(keys) - 1));
    return (this.lastShape = shape);
  }

  private lastShape = -1;

  private stringNumber(text: string): number {
    let n = this.stringNumbers.get(text);
    if (n === undefined) this.stringNumbers.set(text, (n = this.strings.push(text) - 1));
    return n;
  }
}

/** The evidence objects of a file, by number. */
function readEvidence(
  header: Pick<Header, 'shapes' | 'irregular'> & { strings: string[] },
  shape: Int32Array,
  valuesStart: Int32Array,
  values: Int32Array,
): Evidence[] {
  const out: Evidence[] = new Array<Evidence>(shape.length);
  for (let n = 0; n < shape.length; n++) {
    const at = valuesStart[n]!;
    if (shape[n]! < 0) {
      out[n] = header.irregular[values[at]!]!;
      continue;
    }
    const e: Record<string, string> = {};
    header.shapes[shape[n]!]!.forEach((key, j) => (e[key] = header.strings[values[at + j]!]!));
    out[n] = e as unknown as Evidence;
  }
  return out;
}

/** A read-only map built the first time it is read. */
class LazyMap<K, V> implements ReadonlyMap<K, V> {
  private built?: Map<K, V>;
  constructor(private readonly build: () => Map<K, V>) {}
  private get map(): Map<K, V> {
    return (this.built ??= this.build());
  }
  get size() {
    return this.map.size;
  }
  get(key: K) {
    return this.map.get(key);
  }
  has(key: K) {
    return this.map.has(key);
  }
  forEach(f: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown) {
    this.map.forEach((value, key) => f.call(thisArg, value, key, this));
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map[Symbol.iterator]();
  }
}

/**
 * Runs of numbers kept in one flat array (run r is items[start[r] .. start[r + 1])), each
 * distinct run once: `numberOf` finds an equal run by a hash of its numbers, or appends it.
 */
class HashedRuns {
  private readonly byHash = new Map<number, number[]>();

  constructor(
    private readonly start: number[],
    private readonly items: number[],
  ) {}

  /** Appends a run without looking for an equal one; its number. */
  add(run: readonly number[]): number {
    for (const x of run) this.items.push(x);
    this.start.push(this.items.length);
    return this.start.length - 2;
  }

  /** The number of the run equal to `run` (and, when given, `alike`), appending it when new. */
  numberOf(run: readonly number[], seed: number, alike: (r: number) => boolean = () => true): number {
    let h = seed | 0;
    for (const x of run) h = Math.imul(h ^ x, 0x9e3779b1) ^ (h >>> 15);
    const candidates = this.byHash.get(h);
    if (candidates) for (const r of candidates) if (alike(r) && this.equal(r, run)) return r;
    const r = this.add(run);
    if (candidates) candidates.push(r);
    else this.byHash.set(h, [r]);
    return r;
  }

  private equal(r: number, run: readonly number[]): boolean {
    const from = this.start[r]!;
    if (this.start[r + 1]! - from !== run.length) return false;
    for (let i = 0; i < run.length; i++) if (this.items[from + i] !== run[i]) return false;
    return true;
  }
}
