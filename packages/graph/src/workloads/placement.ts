/**
 * Where a pod without a `nodeName` may run: the nodes whose taints it tolerates and whose
 * labels satisfy its `nodeSelector` and required node affinity. A DaemonSet's pods run on all
 * of them; a Deployment's land on some of them, and kubepath assumes any (DESIGN.md).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 * https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 *
 * Pods with the same scheduling constraints share one placement class, so a template pod
 * points at its class and the class at its nodes: linear, not (pods × nodes).
 */
import type { Node, PodSpec } from '@kubepath/model';

type Toleration = NonNullable<PodSpec['tolerations']>[number];
type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
type Requirement = { key: string; operator: string; values?: string[] | null };

/** True when a toleration tolerates a taint (`Exists` with no key tolerates everything). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (!t.key) return t.operator === 'Exists';
  if (t.key !== taint.key) return false;
  return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

function requirementHolds(r: Requirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/**
 * Taints the node lifecycle controller sets while a condition lasts and removes when it clears
 * (a new node is `not-ready` until its kubelet reports): a pod waits Pending and then runs
 * there, so they are no barrier for "may run on" (unlike a cordon, which someone chose).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-nodes-by-condition
 */
const CONDITION_TAINTS = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/network-unavailable',
]);

/**
 * DaemonSet pods get tolerations for the node conditions and for `unschedulable` from the
 * DaemonSet controller, so cordoned and not-ready nodes still run them.
 * https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#taints-and-tolerations
 */
const DAEMONSET_TOLERATED = new Set([...CONDITION_TAINTS, 'node.kubernetes.io/unschedulable']);

/** True when a pod with this spec may be scheduled on the node. */
export function mayRunOn(spec: PodSpec, node: Node, isDaemonSet: boolean): boolean {
  const labels = node.metadata.labels ?? {};
  if (node.spec?.unschedulable && !isDaemonSet) return false;
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (CONDITION_TAINTS.has(taint.key)) continue;
    if (isDaemonSet && DAEMONSET_TOLERATED.has(taint.key)) continue;
    if (!(spec.tolerations ?? []).some((t) => tolerates(t, taint))) return false;
  }
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && terms.length > 0) {
    // Terms are ORed; the requirements inside a term are ANDed.
    const ok = terms.some(
      (term) =>
        (term.matchExpressions ?? []).every((r) => requirementHolds(r, labels[r.key])) &&
        (term.matchFields ?? []).every((r) =>
          requirementHolds(r, r.key === 'metadata.name' ? node.metadata.name : undefined),
        ),
    );
    if (!ok) return false;
  }
  return true;
}

/** The scheduling constraints of a pod, as a stable key: pods with equal keys share a placement class. */
export function placementKey(spec: PodSpec, isDaemonSet: boolean): string {
  const tolerations = [...(spec.tolerations ?? [])]
    .map((t) => [t.key ?? '', t.operator ?? '', t.value ?? '', t.effect ?? ''].join('|'))
    .sort();
  const selector = Object.entries(spec.nodeSelector ?? {}).sort();
  return JSON.stringify([
    isDaemonSet,
    tolerations,
    selector,
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null,
  ]);
}
