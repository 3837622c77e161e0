/**
 * Tier Zero (BloodHound's idea, in Kubernetes' terms): what holds a crown jewel by design.
 * Control-plane nodes and their kubelets, the control plane's static pods (etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler) and their containers,
 * `system:masters`, the control-plane components' own identities, and whatever a user marks
 * (`kubepath.dev/tier-zero=true`, or `tierZero` in the crown-jewel config). Findings start
 * outside Tier Zero: such a vertex is never an entry point, and reports list it apart
 * ("privileged by design"). A workload that is not Tier Zero but holds cluster-admin (an
 * operator) stays a finding.
 */
import { ids, TIER_ZERO_LABEL, type CrownJewelConfig, type VertexId } from '@kubepath/model';
import { candidates, selects } from './crown-jewels.js';
import type { GraphBuilder } from './graph-builder.js';
import type { Inventory } from './inventory.js';
import type { EffectivePod } from './workloads/pods.js';
import { controlPlaneNodes, podContainers } from './workloads/workload-graph.js';

/** The control plane's static pods, by their kubeadm `component` label or their mirror-pod name. */
const CONTROL_PLANE_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

/** The identities the control-plane components authenticate as (kubeadm's kubeconfigs). */
const CONTROL_PLANE_USERS = ['system:kube-controller-manager', 'system:kube-scheduler', 'kube-apiserver'];

/** The component a kube-system pod runs, when it is one of the control plane's. */
export function controlPlaneComponent(pod: EffectivePod): string | undefined {
  if (pod.namespace !== 'kube-system') return undefined;
  const label = pod.labels.component;
  if (label && CONTROL_PLANE_COMPONENTS.includes(label)) return label;
  // Static pods are mirrored as `<component>-<node>`, owned by their Node.
  if (pod.controller?.kind === 'Node' || pod.nodeName)
    return CONTROL_PLANE_COMPONENTS.find((c) => pod.name.startsWith(`${c}-`));
  return undefined;
}

/** Marks Tier Zero vertices (`tierZero`: why); returns how many were marked. */
export function markTierZero(b: GraphBuilder, inv: Inventory, config?: CrownJewelConfig): number {
  let marked = 0;
  const mark = (id: VertexId, why: string) => {
    const v = b.vertices.get(id);
    if (!v || v.tierZero) return;
    v.tierZero = why;
    marked++;
  };
  const podsById = new Map(inv.pods.map((p) => [p.id, p]));
  const markPod = (pod: EffectivePod, why: string) => {
    mark(pod.id, why);
    for (const c of podContainers(pod)) mark(c.id, why);
    // The replicas of a Tier Zero DaemonSet are Tier Zero too.
    for (const replica of pod.replicas ?? []) {
      const r = podsById.get(replica);
      if (r) markPod(r, why);
    }
  };
  for (const name of controlPlaneNodes(inv).keys()) {
    mark(ids.node(name), 'a control-plane node');
    mark(ids.nodeUser(name), "a control-plane node's kubelet");
  }
  for (const pod of inv.pods) {
    const component = controlPlaneComponent(pod);
    if (component) markPod(pod, `the control plane's ${component}`);
  }
  mark(ids.group('system:masters'), 'system:masters: the API server authorizes every request');
  for (const user of CONTROL_PLANE_USERS) mark(ids.user(user), 'a control-plane component');
  // kube-controller-manager runs each controller as its own kube-system service account
  // (--use-service-account-credentials, kubeadm's default), bound by the API server's bootstrap
  // policy as `system:controller:<name>`: the control plane's own identities.
  // https://kubernetes.io/docs/reference/access-authn-authz/rbac/#controller-roles
  const { clusterRoleBindings, roleBindings } = inv.snapshot.objects;
  for (const binding of [...clusterRoleBindings, ...roleBindings]) {
    if (!binding.metadata.name.startsWith('system:controller:')) continue;
    if (binding.metadata.namespace && binding.metadata.namespace !== 'kube-system') continue;
    for (const s of binding.subjects ?? [])
      if (s.kind === 'ServiceAccount' && s.namespace === 'kube-system' && s.name)
        mark(
          ids.serviceAccount('kube-system', s.name),
          'a control-plane controller (kube-controller-manager)',
        );
  }
  for (const c of candidates(inv)) {
    const why =
      c.meta.labels?.[TIER_ZERO_LABEL] === 'true'
        ? `label ${TIER_ZERO_LABEL}=true`
        : ((config?.tierZero ?? []).find((s) => selects(s, c))?.reason ??
          ((config?.tierZero ?? []).some((s) => selects(s, c))
            ? 'Tier Zero in the crown-jewel config'
            : undefined));
    if (!why) continue;
    for (const id of c.vertices()) {
      const pod = podsById.get(id);
      if (pod) markPod(pod, why);
      else mark(id, why);
    }
  }
  return marked;
}
