/**
 * Marks user-defined crown jewels on the graph's vertices: from a config of selectors, and
 * from the `kubepath.dev/crown-jewel=true` label on any object. A workload stands for its pods
 * (its template pod, or the live pods its selector matches); a Namespace for all its secrets.
 */
import {
  CROWN_JEWEL_LABEL,
  ids,
  matchesLabelSelector,
  type CrownJewelConfig,
  type CrownJewelSelector,
  type LabelSelector,
  type ObjectMeta,
  type VertexId,
} from '@kubepath/model';
import type { GraphBuilder } from './graph-builder.js';
import type { Inventory } from './inventory.js';

/** An object a selector may name. */
export interface Candidate {
  kind: CrownJewelSelector['kind'];
  meta: ObjectMeta;
  vertices: () => VertexId[];
}

/** Every object a crown-jewel or Tier Zero selector can name, with the vertices it stands for. */
export function candidates(inv: Inventory): Candidate[] {
  const o = inv.snapshot.objects;
  const podsMatching =
    (
      ns: string,
      selector: LabelSelector | Record<string, string> | null | undefined,
      owner: { kind: string; name: string },
    ) =>
    () =>
      (inv.podsByNamespace.get(ns) ?? [])
        .filter((p) =>
          p.isTemplate
            ? p.owner.kind === owner.kind && p.owner.name === owner.name
            : selector != null &&
              matchesLabelSelector(
                'matchLabels' in selector || 'matchExpressions' in selector
                  ? (selector as LabelSelector)
                  : { matchLabels: selector as Record<string, string> },
                p.labels,
              ),
        )
        .map((p) => p.id);
  const out: Candidate[] = [
    ...o.secrets.map((s) => ({
      kind: 'Secret' as const,
      meta: s.metadata,
      vertices: () => [ids.secret(s.metadata.namespace!, s.metadata.name)],
    })),
    ...o.serviceAccounts.map((s) => ({
      kind: 'ServiceAccount' as const,
      meta: s.metadata,
      vertices: () => [ids.serviceAccount(s.metadata.namespace!, s.metadata.name)],
    })),
    ...o.pods.map((p) => ({
      kind: 'Pod' as const,
      meta: p.metadata,
      vertices: () => [ids.pod(p.metadata.namespace!, p.metadata.name)],
    })),
    ...o.nodes.map((n) => ({
      kind: 'Node' as const,
      meta: n.metadata,
      vertices: () => [ids.node(n.metadata.name)],
    })),
    ...o.namespaces.map((n) => ({
      kind: 'Namespace' as const,
      meta: n.metadata,
      vertices: () => (inv.secrets.get(n.metadata.name) ?? []).map((s) => ids.secret(n.metadata.name, s)),
    })),
  ];
  const workloads = [
    ['Deployment', o.deployments],
    ['StatefulSet', o.statefulSets],
    ['DaemonSet', o.daemonSets],
    ['ReplicaSet', o.replicaSets],
    ['ReplicationController', o.replicationControllers],
    ['Job', o.jobs],
  ] as const;
  for (const [kind, list] of workloads) {
    for (const w of list) {
      out.push({
        kind,
        meta: w.metadata,
        vertices: podsMatching(
          w.metadata.namespace!,
          w.spec.selector as LabelSelector | Record<string, string> | null,
          { kind, name: w.metadata.name },
        ),
      });
    }
  }
  for (const c of o.cronJobs)
    out.push({
      kind: 'CronJob',
      meta: c.metadata,
      vertices: podsMatching(c.metadata.namespace!, null, { kind: 'CronJob', name: c.metadata.name }),
    });
  return out;
}

/** True when a selector names the object. */
export function selects(s: CrownJewelSelector, c: Candidate): boolean {
  if (s.kind !== c.kind) return false;
  if (
    s.namespace !== undefined &&
    s.namespace !== (c.meta.namespace ?? undefined) &&
    !(c.kind === 'Namespace' && s.namespace === c.meta.name)
  )
    return false;
  if (s.name !== undefined && s.name !== c.meta.name) return false;
  return s.labelSelector === undefined || matchesLabelSelector(s.labelSelector, c.meta.labels);
}

/** Marks crown jewels; returns how many vertices were marked. */
export function markCrownJewels(b: GraphBuilder, inv: Inventory, config?: CrownJewelConfig): number {
  let marked = 0;
  for (const c of candidates(inv)) {
    const reasons: string[] = [];
    if (c.meta.labels?.[CROWN_JEWEL_LABEL] === 'true') reasons.push(`label ${CROWN_JEWEL_LABEL}=true`);
    for (const s of config?.jewels ?? [])
      if (selects(s, c))
        reasons.push(
          s.reason ??
            `crown-jewel config: ${s.kind}${s.namespace ? ` in ${s.namespace}` : ''}${s.name ? ` named ${s.name}` : ''}`,
        );
    if (reasons.length === 0) continue;
    for (const id of c.vertices()) {
      const v = b.vertices.get(id);
      if (!v) continue;
      v.crownJewel = reasons.join('; ');
      marked++;
    }
  }
  return marked;
}
