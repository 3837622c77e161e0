/**
 * Fix candidates (DESIGN.md: "the few fixes that cut the most paths"): the changes a team can
 * make, ranked by the entry → crown jewel pairs a change closes, computed exactly, and then
 * by the cost it adds to the pairs it leaves open. Path counts (chokePoints) only pick which
 * candidates to examine: an object on many paths can close none of them (another path stays).
 *
 * A change is named by a fix id, which `what-if --fix` takes and answers with the same count:
 *
 * - `Kind/[namespace/]name` — a binding, a role, a Service or Ingress (exposure), a secret
 *   (a legacy token), the aws-auth ConfigMap, a webhook: change or remove it.
 * - `Kind/namespace/name#/json/pointer` — one field of a workload's pod spec (privileged, a
 *   hostPath volume, hostPID, a capability, the service account it mounts); `Kind/namespace/name`
 *   for a workload is all of its fields on paths at once (one field alone often closes nothing:
 *   a privileged pod with a hostPath mount escapes either way).
 * - `Namespace/name#psa` — add the Pod Security label `enforce=baseline` where pods that may be
 *   created there may be privileged; `Namespace/name#networkpolicy` — add a NetworkPolicy where
 *   nothing isolates the namespace's listening pods (what reaches them through open ingress).
 *
 * Never a Node or a Namespace to remove (nobody removes those to fix a path), never a
 * NetworkPolicy (removing one only opens paths), never a default ClusterRole or binding (the
 * API server puts their rules and subjects back at every start: "auto-reconciliation",
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#auto-reconciliation), never an
 * edge that is what an object is (a container of its pod, a pod on its node).
 *
 * A change removes the edges it makes true — those whose every finding names it; an edge that a
 * second binding also grants stays — except exploit steps: hardening a pod spec does not patch
 * the service it runs. The remediation is that of the change's own edges, not of a path's first.
 */
import { edgeSpec, type EdgeKind } from '@kubepath/model';
import type { EdgeRecord, Evidence } from '@kubepath/graph';
import { chokePoints, objectKey, type ChokePoint } from './choke-points.js';
import { needsExploit } from './exploits.js';
import { entryPoints } from './findings.js';
import type { GraphIndex } from './graph-index.js';
import { distancesWithout, type SearchResult } from './search.js';

/** A change with what it closes. */
export interface FixCandidate extends ChokePoint {
  /** The change's fix id, as `what-if --fix` takes it. */
  id: string;
  /** Entry → crown jewel pairs with no path left once the change is made. */
  closes: number;
  /** What the pairs that stay open pay more, summed. */
  addedCost: number;
  /** What to do, from the change's own edges (not from a path's first step). */
  fix: string;
}

/** Steps that are what an object is (a container of its pod, a pod on its node): no change removes them. */
const STRUCTURAL = new Set<EdgeKind>([
  'CONTAINER_ATTACH',
  'POD_ATTACH',
  'SCHEDULE_ON_NODE',
  'DAEMONSET_REPLICA',
  'HUB_MEMBER',
  'MEMBER_OF',
  'ETCD_ACCESS',
]);
/** Kinds of object nobody changes to fix a path. */
const NOT_A_FIX = new Set(['kubepath', 'Node', 'NetworkPolicy']);
/** Kinds whose pod spec is changed field by field. */
const WORKLOADS = new Set([
  'Pod',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
]);
/** The default ClusterRoles and bindings the API server reconciles (besides every `system:` one). */
const RBAC_DEFAULTS = new Set(['cluster-admin', 'admin', 'edit', 'view']);
const PSA_LABEL = 'pod-security.kubernetes.io/enforce';

const objectRef = (e: Evidence) => `${e.kind}/${e.namespace ? `${e.namespace}/` : ''}${e.name}`;

/** The fix id of the change that removes this finding of an edge of this kind, or null. */
function fixIdOf(ev: Evidence | undefined, kind: EdgeKind): string | null {
  if (!ev || NOT_A_FIX.has(ev.kind) || STRUCTURAL.has(kind) || needsExploit(kind)) return null;
  if (
    (ev.kind === 'ClusterRole' || ev.kind === 'ClusterRoleBinding') &&
    (RBAC_DEFAULTS.has(ev.name) || ev.name.startsWith('system:'))
  )
    return null;
  if (ev.kind === 'Namespace') {
    if (kind === 'POD_CREATE_PRIVILEGED') return `${objectRef(ev)}#psa`;
    if (kind === 'NETWORK_REACH') return `${objectRef(ev)}#networkpolicy`;
    return null; // a namespace is never removed
  }
  if (WORKLOADS.has(ev.kind)) return ev.path ? `${objectRef(ev)}#${ev.path}` : null;
  return objectRef(ev);
}

/**
 * The fix id an edge is counted for: that of its first finding, when every finding of the edge
 * names the same change (otherwise the change leaves the edge, so nothing is counted for it).
 */
export function fixIdOfEdge(record: EdgeRecord): string | null {
  const id = fixIdOf(record.evidence[0], record.kind);
  if (id === null) return null;
  return (record.alternatives ?? []).every((alt) => fixIdOf(alt, record.kind) === id) ? id : null;
}

/** The workload whose pod-spec fields make every finding of this edge (`Kind/namespace/name`), or null. */
export function workloadOfEdge(record: EdgeRecord): string | null {
  const ev = record.evidence[0];
  if (!ev || !WORKLOADS.has(ev.kind) || fixIdOf(ev, record.kind) === null) return null;
  const ref = objectRef(ev);
  return (record.alternatives ?? []).every((alt) => fixIdOf(alt, record.kind)?.startsWith(`${ref}#`) === true)
    ? ref
    : null;
}

/** The edges each of these fix ids removes (one pass over the edges), and the ids that match none. */
export function fixEdges(
  index: GraphIndex,
  ids: readonly string[],
): { edges: Map<string, Set<number>>; unmatched: string[] } {
  const wanted = new Set(ids);
  const edges = new Map<string, Set<number>>();
  if (wanted.size === 0) return { edges, unmatched: [] }; // no pass over the edges for nothing
  // A fix id ends in its object's name (before any `#`), and an edge's id is made from its
  // first evidence item: comparing names first spares building an id for each of a million
  // edges (2.3 s of a 150,000-pod analysis). Object names never hold `/` or `#`.
  const names = new Set(ids.map((id) => id.split('#')[0]!.split('/').pop()!));
  index.edges.forEach((record, e) => {
    const first = record.evidence[0];
    if (!first || !names.has(first.name) || index.removedEdges.has(e)) return;
    for (const id of [fixIdOfEdge(record), workloadOfEdge(record)]) {
      if (id === null || !wanted.has(id)) continue;
      let set = edges.get(id);
      if (!set) edges.set(id, (set = new Set()));
      set.add(e);
    }
  });
  return { edges, unmatched: ids.filter((id) => !edges.has(id)) };
}

/** How to name a change, and what to do (`at`: where in the object the telling edge comes from). */
function describe(
  p: ChokePoint,
  id: string,
  telling: EdgeKind,
  at: string | undefined,
): { object: string; fix: string } {
  const ev = p.evidence;
  if (id.endsWith('#psa'))
    return {
      object: `Namespace ${ev.name}: label ${PSA_LABEL}=baseline`,
      fix: `Add the label ${PSA_LABEL}=baseline (or restricted) to namespace ${ev.name}: privileged pods are then refused there.`,
    };
  if (id.endsWith('#networkpolicy'))
    return {
      object: `Namespace ${ev.name}: a NetworkPolicy`,
      fix: `Add a NetworkPolicy in namespace ${ev.name} that admits only the traffic its pods need (a default-deny ingress policy, then allow rules per port and peer).`,
    };
  if (WORKLOADS.has(ev.kind) && !id.includes('#'))
    return {
      object: `${p.object} (pod spec)`,
      fix: `Harden the pod spec: ${[...new Set(p.edgeKinds.map((k) => edgeSpec(k).remediation))].join(' ')}`,
    };
  const remediation = edgeSpec(telling).remediation;
  if (WORKLOADS.has(ev.kind))
    return { object: `${p.object} ${ev.path}`, fix: `${remediation} (field ${ev.path})` };
  return { object: p.object, fix: `${remediation}${at ? ` (at ${at})` : ''}` };
}

export interface FixOptions {
  /** How many to return (default 10). */
  limit?: number;
  /** How many of the changes on the most paths to examine exactly (default 3 × limit). */
  examine?: number;
  /** Time for the exact checks; candidates left unexamined keep closes 0 and come last. */
  budgetMs?: number;
}

/** What removing `removed` does to the entry → jewel pairs of `searches`. */
export function closedBy(
  index: GraphIndex,
  searches: ReadonlyMap<number, SearchResult>,
  removed: ReadonlySet<number>,
  jewelIds?: readonly string[],
): { closes: number; addedCost: number } {
  const entries = entryPoints(index);
  let closes = 0;
  let addedCost = 0;
  for (const [jewel, before] of searches) {
    if (jewelIds && !jewelIds.includes(index.ids[jewel]!)) continue;
    const after = distancesWithout(index, [jewel], 'reverse', before, removed);
    for (const v of entries) {
      if (v === jewel || !Number.isFinite(before.dist[v]!)) continue;
      if (!Number.isFinite(after[v]!)) closes++;
      else addedCost += after[v]! - before.dist[v]!;
    }
  }
  return { closes, addedCost };
}

/** The fix candidates, most pairs closed first. */
export function fixCandidates(
  index: GraphIndex,
  searches: ReadonlyMap<number, SearchResult>,
  options: FixOptions = {},
): FixCandidate[] {
  const limit = options.limit ?? 10;
  const examine = options.examine ?? limit * 3;
  const deadline = performance.now() + (options.budgetMs ?? 20_000);
  // Each field of a workload, and each workload with more than one field as a whole.
  const fields = chokePoints(index, searches, Number.MAX_SAFE_INTEGER, fixIdOfEdge);
  const wholes = chokePoints(index, searches, Number.MAX_SAFE_INTEGER, workloadOfEdge);
  const { edges } = fixEdges(
    index,
    [...fields, ...wholes].map((p) => p.object), // chokePoints keyed by fix id
  );
  const manyFields = (p: ChokePoint) => {
    const seen = new Set<string | null>();
    for (const e of edges.get(p.object) ?? []) {
      seen.add(fixIdOfEdge(index.edges[e]!));
      if (seen.size > 1) return true;
    }
    return false;
  };
  const points = [...fields, ...wholes.filter(manyFields)]
    .sort((a, b) => b.paths - a.paths || a.object.localeCompare(b.object))
    .slice(0, examine);
  const out: FixCandidate[] = [];
  for (const p of points) {
    const id = p.object;
    const removed = edges.get(id) ?? new Set<number>();
    // Only the jewels whose cheapest-path trees use the change can move: elsewhere its edges
    // carry no cheapest path, so removing them closes and lengthens nothing.
    const { closes, addedCost } =
      performance.now() < deadline && removed.size > 0
        ? closedBy(index, searches, removed, p.jewels)
        : { closes: 0, addedCost: 0 };
    // The remediation of what the change itself makes possible: an abuse (cost > 0) before a
    // free step (a binding's subject).
    const telling = p.edgeKinds.find((k) => edgeSpec(k).cost > 0) ?? p.edgeKinds[0]!;
    const at = [...removed].map((e) => index.edges[e]!).find((r) => r.kind === telling)?.evidence[0]?.path;
    const named = { ...p, object: objectKey(p.evidence) };
    out.push({ ...named, ...describe(named, id, telling, at), id, closes, addedCost });
  }
  return out
    .sort(
      (a, b) =>
        b.closes - a.closes || b.addedCost - a.addedCost || b.paths - a.paths || a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}
