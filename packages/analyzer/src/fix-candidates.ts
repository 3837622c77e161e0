/**
 * Fix candidates (DESIGN.md: "the few fixes that cut the most paths"): the objects a team can
 * change, ranked by the entry → crown jewel pairs a change closes, computed exactly, and then
 * by the cost it adds to the pairs it leaves open. Path counts (chokePoints) only pick which
 * candidates to examine: an object on many paths can close none of them (another path stays).
 *
 * Offered: bindings, roles, workloads' pod specs, Services and Ingresses (exposure), secrets
 * (legacy tokens), the aws-auth ConfigMap, webhooks, a namespace's Pod Security label (where
 * pods that may be created there may be privileged: "add enforce=baseline"), and a missing
 * NetworkPolicy (where nothing isolates a namespace's listening pods: "add a policy that
 * admits only what they need"; the change closes what reaches them through open ingress). Never a
 * Node, never a Namespace to remove (nobody removes those to fix a path), never a
 * NetworkPolicy (removing one only opens paths). Changing an object
 * removes the edges it makes true, except exploit steps: hardening a pod spec does not patch
 * the service it runs. The remediation is that of the object's own edges, not of a path's first.
 */
import { edgeSpec } from '@kubepath/model';
import { chokePoints, objectKey, type ChokePoint } from './choke-points.js';
import { needsExploit } from './exploits.js';
import { entryPoints } from './findings.js';
import type { GraphIndex } from './graph-index.js';
import { dijkstra, type SearchResult } from './search.js';

/** A choke point with what changing it closes. */
export interface FixCandidate extends ChokePoint {
  /** Entry → crown jewel pairs with no path left once the object is changed. */
  closes: number;
  /** What the pairs that stay open pay more, summed. */
  addedCost: number;
  /** What to do, from the object's own edges (not from a path's first step). */
  fix: string;
}

/** Kinds of object nobody changes to fix a path. */
const NOT_A_FIX = new Set(['Node', 'NetworkPolicy']);
/**
 * A namespace is changed by its Pod Security label (what privileged pods it admits) or by a
 * NetworkPolicy added to it (what reaches its pods), never removed: only those edges count.
 */
const NAMESPACE_KINDS = new Set(['POD_CREATE_PRIVILEGED', 'NETWORK_REACH']);
const PSA_LABEL = 'pod-security.kubernetes.io/enforce';

const offered = (p: ChokePoint) =>
  !NOT_A_FIX.has(p.evidence.kind) &&
  (p.evidence.kind !== 'Namespace' || p.edgeKinds.some((k) => NAMESPACE_KINDS.has(k)));

/** What to do about a namespace, and how to name the change. */
function namespaceFix(p: ChokePoint): { object: string; fix: string } {
  const ns = p.evidence.name;
  if (p.edgeKinds.includes('POD_CREATE_PRIVILEGED'))
    return {
      object: `Namespace ${ns}: label ${PSA_LABEL}=baseline`,
      fix: `Add the label ${PSA_LABEL}=baseline (or restricted) to namespace ${ns}: privileged pods are then refused there.`,
    };
  return {
    object: `Namespace ${ns}: a NetworkPolicy`,
    fix: `Add a NetworkPolicy in namespace ${ns} that admits only the traffic its pods need (a default-deny ingress policy, then allow rules per port and peer).`,
  };
}

export interface FixOptions {
  /** How many to return (default 10). */
  limit?: number;
  /** How many of the objects on the most paths to examine exactly (default 3 × limit). */
  examine?: number;
  /** Time for the exact checks; candidates left unexamined keep closes 0 and come last. */
  budgetMs?: number;
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
  const points = chokePoints(index, searches, Number.MAX_SAFE_INTEGER).filter(offered).slice(0, examine);
  const entries = entryPoints(index);
  // The edges each object makes true (exploit steps aside), found in one pass.
  const wanted = new Set(points.map((p) => p.object));
  const edgesOf = new Map<string, Set<number>>();
  index.edges.forEach((record, e) => {
    const ev = record.evidence[0];
    if (!ev || ev.kind === 'kubepath' || needsExploit(record.kind)) return;
    const key = objectKey(ev);
    if (!wanted.has(key)) return;
    if (ev.kind === 'Namespace' && !NAMESPACE_KINDS.has(record.kind)) return; // only what the change closes
    let set = edgesOf.get(key);
    if (!set) edgesOf.set(key, (set = new Set()));
    set.add(e);
  });
  const out: FixCandidate[] = [];
  for (const p of points) {
    const removed = edgesOf.get(p.object) ?? new Set<number>();
    let closes = 0;
    let addedCost = 0;
    if (performance.now() < deadline && removed.size > 0) {
      // Only the jewels whose cheapest-path trees use the object can change: elsewhere its
      // edges carry no cheapest path, so removing them closes and lengthens nothing.
      for (const [jewel, before] of searches) {
        if (!p.jewels.includes(index.ids[jewel]!)) continue;
        const after = dijkstra(index, [jewel], 'reverse', { skip: (e) => removed.has(e) });
        for (const v of entries) {
          if (v === jewel || !Number.isFinite(before.dist[v]!)) continue;
          if (!Number.isFinite(after.dist[v]!)) closes++;
          else addedCost += after.dist[v]! - before.dist[v]!;
        }
      }
    }
    // The remediation of what the object itself makes possible: an abuse (cost > 0) before a
    // structural step (attaching to a container), never an exploit's when it has another.
    const own = p.edgeKinds.filter((k) => !needsExploit(k));
    const telling = own.find((k) => edgeSpec(k).cost > 0) ?? own[0] ?? p.edgeKinds[0]!;
    // The field that makes the abuse true (a pod spec's securityContext, a hostPath volume).
    const field = [...removed].map((e) => index.edges[e]!).find((r) => r.kind === telling)?.evidence[0]?.path;
    const { object, fix } =
      p.evidence.kind === 'Namespace'
        ? namespaceFix(p)
        : { object: p.object, fix: `${edgeSpec(telling).remediation}${field ? ` (at ${field})` : ''}` };
    out.push({ ...p, object, closes, addedCost, fix });
  }
  return out
    .sort(
      (a, b) =>
        b.closes - a.closes ||
        b.addedCost - a.addedCost ||
        b.paths - a.paths ||
        a.object.localeCompare(b.object),
    )
    .slice(0, limit);
}
