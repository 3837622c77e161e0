/**
 * Findings: which entry points reach which crown jewels, one finding per (cause, kind of
 * entry), listing every jewel that cause opens to that kind of entry.
 *
 * Entry points: the internet, every container (assumed compromised), every identity that is
 * not a system component, and the groups of everyone (`system:authenticated`,
 * `system:unauthenticated`); never Tier Zero. The containers of one workload's pods are one
 * entry (the workload), not one per pod.
 *
 * The cause of a path is its first (Cluster)RoleBinding — the permission to fix; a path with
 * no binding is caused by its first escape (the pod-spec field); otherwise by its entry.
 *
 * Severity, from the cheapest path of the finding (docs/findings.md says the same):
 * 1. cost ≤ 3 critical, ≤ 6 high, ≤ 10 medium, else low;
 * 2. one level higher when the entry is the internet, unauthenticated, or every
 *    authenticated user (anyone can take that path), as is when it is a workload or one identity;
 * 3. never critical when the path assumes an exploit of a running service.
 */
import { CLUSTER_ADMIN, edgeSpec, ETCD, INTERNET, type VertexId } from '@kubepath/model';
import type { EdgeRecord, Evidence } from '@kubepath/graph';
import type { GraphIndex } from './graph-index.js';
import { steps, type PathStep } from './queries.js';
import { dijkstra, pathEdges, rememberSearch, type SearchResult } from './search.js';
import { needsExploit } from './exploits.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** Who an entry point is, most exposed first: what a finding's severity weighs. */
export const ENTRY_CLASSES = [
  'internet',
  'unauthenticated',
  'authenticated',
  'workload',
  'identity',
] as const;
export type EntryClass = (typeof ENTRY_CLASSES)[number];

/** One entry point of a finding; a workload's pods are one entry (`pods` counts them). */
export interface FindingEntry {
  id: VertexId;
  cost: number;
  /** For a live pod's container: its workload and container (`Deployment web/nginx`). */
  workload?: string;
  /** How many containers of that workload's pods this entry stands for. */
  pods?: number;
}

export interface Finding {
  /** Stable id: `<cause> <entry class>`, and ` (assumes an exploit)` for paths that do. */
  id: string;
  severity: Severity;
  /** Why that severity, in words ("cost 2 from the internet: one level higher"). */
  severityReason: string;
  /** The jewel of the cheapest path. */
  jewel: VertexId;
  /** Every jewel the cause opens to these entries, cheapest first. */
  jewels: { id: VertexId; cost: number }[];
  /** The binding (id), the escape (object and field), or the entry point that causes it. */
  cause: string;
  causeEvidence?: Evidence;
  /** What to do, from the evidence that makes the cause true (what a binding allows, the escape). */
  remediation: string;
  /** Who the entries are. */
  entryClass: EntryClass;
  /** The cheapest cost among the entries. */
  cost: number;
  /** Entry points whose cheapest path to a jewel has this cause, cheapest first. */
  entries: FindingEntry[];
  /** The cheapest entry's path. */
  path: PathStep[];
  /** Set when that path needs an exploit of a running service (an assumption, not a fact). */
  assumesExploit?: true;
}

/** A Tier Zero vertex and why: what holds a crown jewel by design, listed apart from findings. */
export interface TierZeroEntry {
  id: VertexId;
  kind: string;
  reason: string;
}

export interface FindingsResult {
  jewels: VertexId[];
  /** Tier Zero: privileged by design, never an entry point (sorted by id). */
  tierZero: TierZeroEntry[];
  findings: Finding[];
  /** Entry points considered. */
  entryPoints: number;
  truncated: boolean;
}

/**
 * Entry points: the internet, containers, and identities that are not system components. A
 * Tier Zero vertex (it holds a jewel by design) is never one. A
 * DaemonSet replica's containers are not entries of their own: "any replica" stands for them
 * (and reaches each), so one workload is one entry, not one per node.
 */
export function entryPoints(index: GraphIndex): readonly number[] {
  // Asked once per fix candidate and per what-if: one pass over 350k vertices each time was
  // 3.7 s of a 150,000-pod analysis. They depend on the graph's vertices only, which an index
  // of the same graph without some edges (exploit modes, what-if) shares: kept per graph.
  let out = ENTRY_POINTS.get(index.graph);
  if (!out) ENTRY_POINTS.set(index.graph, (out = computeEntryPoints(index)));
  return out;
}

const ENTRY_POINTS = new WeakMap<GraphIndex['graph'], readonly number[]>();

function computeEntryPoints(index: GraphIndex): number[] {
  const out: number[] = [];
  index.attributes.forEach((a, v) => {
    const id = index.ids[v]!;
    if (a.tierZero) return; // privileged by design: reported apart, never an entry point
    if (id === INTERNET || (a.kind === 'container' && !a.replicaOf)) out.push(v);
    else if (EVERYONE.has(id)) out.push(v);
    else if ((a.kind === 'user' || a.kind === 'group' || a.kind === 'sa') && !a.name.startsWith('system:'))
      out.push(v);
  });
  return out;
}

/** The groups of everyone: a binding to them is a door anyone with (or without) an account can use. */
const EVERYONE = new Map<VertexId, EntryClass>([
  ['group:system:unauthenticated', 'unauthenticated'],
  ['group:system:authenticated', 'authenticated'],
]);

/** Who an entry point is. */
export function entryClassOf(index: GraphIndex, v: number): EntryClass {
  const id = index.ids[v]!;
  if (id === INTERNET) return 'internet';
  const everyone = EVERYONE.get(id);
  if (everyone) return everyone;
  return index.attributes[v]!.kind === 'container' ? 'workload' : 'identity';
}

const ENTRY_WORDS: Record<EntryClass, string> = {
  internet: 'the internet',
  unauthenticated: 'anyone, unauthenticated',
  authenticated: 'every authenticated user',
  workload: 'a workload',
  identity: 'one identity',
};

/** The crown jewels: cluster-admin, etcd, and user-defined ones. */
export function jewels(index: GraphIndex): number[] {
  return [
    ...new Set(
      [CLUSTER_ADMIN, ETCD]
        .map((id) => index.numberOf(id))
        .filter((v): v is number => v !== undefined)
        .concat(index.crownJewels()),
    ),
  ];
}

/** The severity rule (see the top of this file), with its reason in words. */
export function severityOf(
  cost: number,
  entry: EntryClass,
  assumesExploit: boolean,
): { severity: Severity; reason: string } {
  const level = cost <= 3 ? 0 : cost <= 6 ? 1 : cost <= 10 ? 2 : 3;
  const anyone = entry === 'internet' || entry === 'unauthenticated' || entry === 'authenticated';
  const raised = Math.max(0, level - (anyone ? 1 : 0));
  // An assumed exploit is a possibility, not a permission someone holds: never critical.
  const final = assumesExploit ? Math.max(1, raised) : raised;
  const why = [`cost ${cost} from ${ENTRY_WORDS[entry]}`];
  if (anyone && raised < level) why.push('one level higher: anyone can take this path');
  if (assumesExploit) why.push('assumes an exploit of a running service: never critical');
  return { severity: SEVERITIES[final]!, reason: why.join('; ') };
}

/**
 * The cause of a path, and the remediation of the evidence that makes it true: for a binding,
 * what the binding allows (the step out of it); for an escape, the escape; else the first step.
 */
function causeOf(
  index: GraphIndex,
  edges: readonly number[],
  entry: VertexId,
): { cause: string; evidence?: Evidence; remediation: string } {
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const to = index.edges[e]!.to;
    const kind = index.attributes[index.edgeTo[e]!]!.kind;
    if (kind === 'binding' || kind === 'clusterbinding') {
      const allows = index.edges[edges[i + 1] ?? e]!;
      return { cause: to, remediation: edgeSpec(allows.kind).remediation };
    }
  }
  for (const e of edges) {
    const record = index.edges[e]!;
    if (record.evidence[0] && isEscape(record.kind)) return escapeCause(record);
  }
  const first = edges[0] === undefined ? undefined : index.edges[edges[0]]!;
  return { cause: entry, remediation: first ? edgeSpec(first.kind).remediation : '' };
}

/** A step out of a container or pod spec (an escape, an exploit): a path's cause when it has no binding. */
const isEscape = (kind: string) => kind.startsWith('CE_') || kind.startsWith('EXPLOIT_');

/** The cause an escape step gives a path: the step and the field that makes it (its first evidence). */
function escapeCause(record: EdgeRecord): { cause: string; evidence: Evidence; remediation: string } {
  const ev = record.evidence[0]!;
  return {
    cause: `${record.kind} ${ev.kind} ${ev.namespace ? `${ev.namespace}/` : ''}${ev.name}${ev.path}`,
    evidence: ev,
    remediation: edgeSpec(record.kind).remediation,
  };
}

/**
 * What causeOf finds on each path of a reverse search's tree, computed once for the whole tree
 * instead of walking every entry's path (performance issue: 173,000 entries × 2 jewels at
 * 150,000 pods). A vertex's path is its tree edge and then its parent's path, and parents
 * settle first, so one pass in settle order carries each fact down: the first edge into a
 * binding, the first escape or exploit step, whether any step needs an exploit. Vertices the
 * search did not settle (it ran out of time) have no facts: their paths are walked.
 */
class PathFacts {
  private readonly intoBinding: Int32Array;
  private readonly escape: Int32Array;
  private readonly exploit: Uint8Array;
  private readonly settled: Uint8Array;
  /** The cause of each escape edge, built once (replicas' edges share their template's). */
  private readonly escapes = new Map<number, { cause: string; evidence: Evidence; remediation: string }>();

  constructor(
    private readonly index: GraphIndex,
    private readonly result: SearchResult,
  ) {
    const n = index.vertexCount;
    this.intoBinding = new Int32Array(n).fill(-1);
    this.escape = new Int32Array(n).fill(-1);
    this.exploit = new Uint8Array(n);
    this.settled = new Uint8Array(n);
    for (const v of result.order) {
      this.settled[v] = 1;
      const e = result.via[v]!;
      if (e < 0) continue;
      const parent = index.edgeTo[e]!;
      const record = index.edges[e]!;
      const to = index.attributes[parent]!.kind;
      this.intoBinding[v] = to === 'binding' || to === 'clusterbinding' ? e : this.intoBinding[parent]!;
      this.escape[v] = record.evidence[0] && isEscape(record.kind) ? e : this.escape[parent]!;
      this.exploit[v] = needsExploit(record.kind) ? 1 : this.exploit[parent]!;
    }
  }

  /** causeOf for a settled vertex's path, or undefined when the vertex was not settled. */
  cause(v: number, entry: VertexId): { cause: string; evidence?: Evidence; remediation: string } | undefined {
    if (!this.settled[v]) return undefined;
    const { index, result } = this;
    const bound = this.intoBinding[v]!;
    if (bound >= 0) {
      // What the binding allows: the step out of it, or the step into it when it is the end.
      const next = result.via[index.edgeTo[bound]!]!;
      const allows = index.edges[next >= 0 ? next : bound]!;
      return { cause: index.edges[bound]!.to, remediation: edgeSpec(allows.kind).remediation };
    }
    const escape = this.escape[v]!;
    if (escape >= 0) {
      let known = this.escapes.get(escape);
      if (!known) this.escapes.set(escape, (known = escapeCause(index.edges[escape]!)));
      return known;
    }
    const first = result.via[v]!;
    return { cause: entry, remediation: first >= 0 ? edgeSpec(index.edges[first]!.kind).remediation : '' };
  }

  /** Whether a settled vertex's path needs an exploit, or undefined when it was not settled. */
  viaExploit(v: number): boolean | undefined {
    return this.settled[v] ? this.exploit[v] === 1 : undefined;
  }
}

/** One reverse search per jewel; findings grouped by cause and kind of entry. */
export function findings(
  index: GraphIndex,
  options: {
    budgetMs?: number;
    /** Edges to leave out, as if the index had none of them (what-if: the same answer as `index.without`). */
    skip?: ReadonlySet<number>;
  } = {},
): FindingsResult & { searches: Map<number, SearchResult> } {
  const entries = entryPoints(index);
  const jewelList = jewels(index);
  const groups = new Map<string, Finding>();
  /** Per finding: entry key (its workload, or itself) → the entry. */
  const entriesOf = new Map<Finding, Map<string, FindingEntry & { members: Set<VertexId> }>>();
  /** Per finding: the entry of its cheapest path (ties break on ids). */
  const cheapest = new Map<Finding, VertexId>();
  const searches = new Map<number, SearchResult>();
  let truncated = false;
  for (const jewel of jewelList) {
    const skip = options.skip;
    const result = dijkstra(index, [jewel], 'reverse', {
      budgetMs: options.budgetMs ?? 30_000,
      ...(skip?.size ? { skip: (e: number) => skip.has(e) } : {}),
    });
    searches.set(jewel, result);
    if (!skip?.size) rememberSearch(index, [jewel], 'reverse', result);
    truncated ||= result.truncated;
    const jewelId = index.ids[jewel]!;
    const facts = new PathFacts(index, result);
    for (const v of entries) {
      if (v === jewel || !Number.isFinite(result.dist[v]!)) continue;
      let edges: number[] | undefined;
      const path = () => (edges ??= pathEdges(index, result, v, 'reverse'));
      const entryId = index.ids[v]!;
      const entryClass = entryClassOf(index, v);
      const { cause, evidence, remediation } = facts.cause(v, entryId) ?? causeOf(index, path(), entryId);
      // Paths that need an exploit are apart from those that do not: an assumption is not a fact.
      const viaExploit = facts.viaExploit(v) ?? path().some((e) => needsExploit(index.edges[e]!.kind));
      const id = `${cause} ${entryClass}${viaExploit ? ' (assumes an exploit)' : ''}`;
      const cost = result.dist[v]!;
      let f = groups.get(id);
      if (!f) {
        f = {
          id,
          severity: 'low',
          severityReason: '',
          jewel: jewelId,
          jewels: [],
          cause,
          ...(evidence ? { causeEvidence: evidence } : {}),
          remediation,
          entryClass,
          cost,
          entries: [],
          path: steps(index, path()),
        };
        groups.set(id, f);
        entriesOf.set(f, new Map());
      }
      const reached = f.jewels.find((j) => j.id === jewelId);
      if (!reached) f.jewels.push({ id: jewelId, cost });
      else reached.cost = Math.min(reached.cost, cost);
      // The containers of one workload's pods are one entry: the cheapest stands for them.
      const workload = index.attributes[v]!.workload;
      const key = workload ? `${index.attributes[v]!.namespace} ${workload}` : entryId;
      const byKey = entriesOf.get(f)!;
      const entry = byKey.get(key);
      if (!entry)
        byKey.set(key, { id: entryId, cost, ...(workload ? { workload } : {}), members: new Set([entryId]) });
      else {
        entry.members.add(entryId);
        if (cost < entry.cost || (cost === entry.cost && entryId < entry.id))
          Object.assign(entry, { id: entryId, cost });
      }
      const best = cheapest.get(f);
      if (best === undefined || cost < f.cost || (cost === f.cost && entryId < best)) {
        cheapest.set(f, entryId);
        f.cost = cost;
        f.jewel = jewelId;
        f.path = steps(index, path());
      }
    }
  }
  for (const [f, byKey] of entriesOf)
    f.entries = [...byKey.values()].map(({ members, ...e }) =>
      members.size > 1 ? { ...e, pods: members.size } : e,
    );
  const list = [...groups.values()];
  for (const f of list) {
    f.entries.sort((a, b) => a.cost - b.cost || a.id.localeCompare(b.id));
    f.jewels.sort((a, b) => a.cost - b.cost || a.id.localeCompare(b.id));
    if (f.path.some((s) => s.assumesExploit)) f.assumesExploit = true;
    const { severity, reason } = severityOf(f.cost, f.entryClass, f.assumesExploit === true);
    f.severity = severity;
    f.severityReason = reason;
  }
  list.sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.cost - b.cost ||
      a.id.localeCompare(b.id),
  );
  const tierZero: TierZeroEntry[] = [];
  index.attributes.forEach((a, v) => {
    if (a.tierZero) tierZero.push({ id: index.ids[v]!, kind: a.kind, reason: a.tierZero });
  });
  return {
    jewels: jewelList.map((j) => index.ids[j]!),
    tierZero,
    findings: list,
    entryPoints: entries.length,
    truncated,
    searches,
  };
}
