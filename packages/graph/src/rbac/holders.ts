/**
 * A holder is a set of RBAC rules applied in one scope: a (Cluster)RoleBinding, or a role an
 * attacker can bind to itself (a `hub:role-grant/…` vertex). Probing a holder answers "does
 * it allow verb V on resource R here, and for which names?", with the rules as evidence.
 */
import type { VertexId } from '@kubepath/model';
import type { Evidence } from '../graph-builder.js';
import type { SourcedRule } from './roles.js';
import { apiGroupMatches, resourceMatches, resourceNameMatches, verbMatches } from './rule-match.js';

export interface Holder {
  /** The vertex edges come out of. */
  id: VertexId;
  /** The namespace the rules apply in; undefined: cluster-wide. */
  namespace?: string;
  /**
   * Rules that apply in every namespace but not to cluster-scoped resources: a RoleBinding
   * that could be created in any namespace (ROLE_BIND from a ClusterRoleBinding).
   */
  namespacedOnly?: boolean;
  rules: SourcedRule[];
  /** What puts the rules there (the binding, or the chain of a role grant). */
  evidence: Evidence[];
}

/** A probe: verbs (any of), group, resource, subresource. */
export interface Probe {
  verbs: readonly string[];
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** A cluster-scoped resource: only a cluster-wide holder can grant it. */
  clusterScoped?: boolean;
}

/** The names a holder allows for a probe: 'all', some names, or none ([]), with the rules that do. */
export interface ProbeResult {
  names: 'all' | string[];
  rules: SourcedRule[];
}

export const isClusterWide = (h: Holder) => h.namespace === undefined && !h.namespacedOnly;

/**
 * Requests authorized without a name (its name is `""`): create (of the resource itself, not a
 * subresource of a named object), list, watch, deletecollection. `resourceNames: [""]` allows
 * exactly these (ResourceNameMatches compares strings) — and a list returns every object.
 */
export function isNamelessRequest(verb: string, subresource: string | undefined): boolean {
  if (verb === 'create') return subresource === undefined;
  return verb === 'list' || verb === 'watch' || verb === 'deletecollection';
}

/** What the holder allows for the probe, ignoring names (resourceNames collected, not required). */
export function probe(h: Holder, p: Probe): ProbeResult {
  if (p.clusterScoped && !isClusterWide(h)) return { names: [], rules: [] };
  const combined = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  const names = new Set<string>();
  const rules: SourcedRule[] = [];
  let all = false;
  for (const r of h.rules) {
    const verbs = p.verbs.filter((v) => verbMatches(r.rule, v));
    if (verbs.length === 0) continue;
    if (!apiGroupMatches(r.rule, p.apiGroup) || !resourceMatches(r.rule, combined, p.subresource)) continue;
    const listed = r.rule.resourceNames ?? [];
    const nameless = listed.includes('') && verbs.some((v) => isNamelessRequest(v, p.subresource));
    // `""` names no object: it only counts for requests without a name.
    if (listed.length > 0 && !nameless && listed.every((n) => n === '')) continue;
    rules.push(r);
    if (listed.length === 0 || nameless) all = true;
    else for (const n of listed) if (n !== '') names.add(n);
  }
  return { names: all ? 'all' : [...names].sort(), rules };
}

/** True when the probe is allowed for any name at all (create, list…), with the rules. */
export function allowsAny(h: Holder, p: Probe): SourcedRule[] {
  const r = probe(h, p);
  return r.names === 'all' ? r.rules : [];
}

/** The rules allowing the probe on one named object. */
export function allowsName(h: Holder, p: Probe, name: string): SourcedRule[] {
  return probe(h, p).rules.filter((r) => resourceNameMatches(r.rule, name));
}

/** True when the probe result allows anything. */
export const granted = (r: ProbeResult) => r.names === 'all' || r.names.length > 0;

/** Evidence for an edge from a holder: its binding evidence and the rules. */
export function holderEvidence(h: Holder, rules: readonly SourcedRule[]): Evidence[] {
  return [...h.evidence, ...rules.map((r) => r.source)];
}

/** The holders' rules that apply in one namespace (cluster-wide, any-namespace, and that namespace's). */
export function mergeForNamespace(holders: readonly Holder[], namespace: string, id: VertexId): Holder {
  const applying = holders.filter((h) => h.namespace === undefined || h.namespace === namespace);
  return {
    id,
    namespace,
    rules: applying.flatMap((h) => h.rules),
    evidence: applying.flatMap((h) => h.evidence),
  };
}

/** The holders' rules that apply cluster-wide (cluster-scoped resources included). */
export function mergeClusterWide(holders: readonly Holder[], id: VertexId): Holder {
  const applying = holders.filter(isClusterWide);
  return { id, rules: applying.flatMap((h) => h.rules), evidence: applying.flatMap((h) => h.evidence) };
}

/** The holders' rules that apply in *every* namespace (what cluster-wide grants give anywhere). */
export function mergeAnyNamespace(holders: readonly Holder[], id: VertexId): Holder {
  const applying = holders.filter((h) => h.namespace === undefined);
  return {
    id,
    namespacedOnly: true,
    rules: applying.flatMap((h) => h.rules),
    evidence: applying.flatMap((h) => h.evidence),
  };
}
