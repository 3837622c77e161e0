/**
 * Who an Ingress's traffic comes from. Through an Ingress the backend pod sees the controller's
 * pods (or their node, for a controller on the host network), so its ingress NetworkPolicies
 * apply to them. kubepath finds the controllers by what every controller must do: list the
 * Ingresses it serves (RBAC `list ingresses.networking.k8s.io`, cluster-wide or in the
 * namespace). https://kubernetes.io/docs/concepts/services-networking/ingress-controllers/
 *
 * It errs towards "reachable": when no controller is in the snapshot, when one runs on the host
 * network (a node's own traffic to its pods is always admitted, and a DaemonSet controller is on
 * every node), or when too many pods could be the controller to tell, the backend is admitted.
 */
import type { RbacAuthorizer } from '../rbac/authorizer.js';
import type { Inventory } from '../inventory.js';
import { podServiceAccount, type EffectivePod } from '../workloads/pods.js';
import type { NetworkPolicyEvaluator, NetPod } from './evaluator.js';

/** More candidate controller classes than this: admitted without evaluating (conservative). */
const MAX_CANDIDATE_CLASSES = 64;

export interface IngressAdmission {
  /** Whether the controllers of Ingresses in `namespace` may send to `backend`, and why. */
  admits(backend: EffectivePod, namespace: string): { admitted: boolean; why: string };
}

export function ingressAdmission(
  inv: Inventory,
  auth: RbacAuthorizer,
  evaluator: NetworkPolicyEvaluator,
  netPods: ReadonlyMap<EffectivePod, NetPod>,
  classKey: (pod: EffectivePod) => string,
): IngressAdmission {
  const request = (namespace?: string) => ({
    verb: 'list',
    apiGroup: 'networking.k8s.io',
    resource: 'ingresses',
    ...(namespace ? { namespace } : {}),
  });
  const allowed = (r: ReturnType<RbacAuthorizer['can']>) => r === 'superuser' || r.length > 0;
  // Each service account is asked twice at most: cluster-wide, and in its own namespace.
  const clusterWide: EffectivePod[] = [];
  const local = new Map<string, EffectivePod[]>();
  const verdicts = new Map<string, { cluster: boolean; own: boolean }>();
  for (const pod of inv.pods) {
    const sa = {
      kind: 'ServiceAccount' as const,
      namespace: pod.namespace,
      name: podServiceAccount(pod.spec),
    };
    const key = `${sa.namespace}/${sa.name}`;
    let v = verdicts.get(key);
    if (!v) {
      const cluster = allowed(auth.can(sa, request()));
      v = { cluster, own: cluster || allowed(auth.can(sa, request(sa.namespace))) };
      verdicts.set(key, v);
    }
    if (v.cluster) clusterWide.push(pod);
    else if (v.own) (local.get(pod.namespace) ?? local.set(pod.namespace, []).get(pod.namespace)!).push(pod);
  }
  const memo = new Map<string, boolean>();
  return {
    admits(backend, namespace) {
      const candidates = [...clusterWide, ...(local.get(namespace) ?? [])];
      if (candidates.length === 0)
        return { admitted: true, why: 'no Ingress controller in the snapshot: assumed to reach the backend' };
      const host = candidates.find((c) => netPods.get(c)!.hostNetwork);
      if (host)
        return {
          admitted: true,
          why: `Ingress controller ${host.namespace}/${host.name} runs on the host network (a node's own traffic is admitted)`,
        };
      const byClass = new Map(candidates.map((c) => [classKey(c), c]));
      if (byClass.size > MAX_CANDIDATE_CLASSES)
        return {
          admitted: true,
          why: 'too many pods may be the Ingress controller to tell: assumed to reach',
        };
      const target = netPods.get(backend)!;
      for (const [key, c] of byClass) {
        const pair = `${key}\u0000${classKey(backend)}`;
        let ok = memo.get(pair);
        if (ok === undefined) {
          const from = netPods.get(c)!;
          const to = from.id === target.id ? { ...target, id: `${target.id}#another` } : target;
          ok = !evaluator.allowed({ kind: 'pod', pod: from }, { kind: 'pod', pod: to }).isEmpty();
          memo.set(pair, ok);
        }
        if (ok) return { admitted: true, why: `from Ingress controller ${c.namespace}/${c.name}` };
      }
      return { admitted: false, why: 'the backend admits none of the Ingress controller pods' };
    },
  };
}
