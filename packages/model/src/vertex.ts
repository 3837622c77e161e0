/**
 * Vertex kinds and id builders (DESIGN.md, "Identifiers"). Ids are contracts: tests, the API
 * and the viewer depend on them. They are built here and never parsed anywhere: code that
 * needs a vertex's namespace or name keeps it as a vertex attribute.
 */

/** Every kind of vertex in the attack graph, with what it stands for. */
export const VERTEX_KINDS = {
  sa: 'a service account (every SA in the snapshot, and any SA a binding names)',
  user: 'a user, e.g. system:anonymous or a node identity system:node:<name>',
  group: 'a group, implicit groups included (system:authenticated, system:serviceaccounts…)',
  pod: 'a pod, or the template pod of a workload with no live pod (pod:<ns>/<Kind>.<name>)',
  container: 'a container of a pod: regular, init or ephemeral',
  node: 'a node (root on the host)',
  secret: 'a secret (metadata only, never its values)',
  service: 'a service',
  binding: 'a RoleBinding: its subjects hold what it allows, in its namespace',
  clusterbinding: 'a ClusterRoleBinding: its subjects hold what it allows, cluster-wide',
  namespace: 'a namespace',
  external: 'outside the cluster: external:internet is the attacker on the internet',
  target: 'a crown jewel: target:cluster-admin or target:etcd',
  hub: 'a capability shared by many (e.g. "create pods in namespace web"): keeps the graph linear',
  netclass: 'a class of pods that NetworkPolicies treat alike (network reachability)',
  cloud: 'a cloud identity reached from the cluster (node instance role, workload identity)',
} as const;

/** A vertex kind: the part of an id before the first colon. */
export type VertexKind = keyof typeof VERTEX_KINDS;

/** A vertex id (`kind:rest`); opaque outside this module. */
export type VertexId = string;

/** The well-known virtual vertices. */
export const INTERNET: VertexId = 'external:internet';
export const CLUSTER_ADMIN: VertexId = 'target:cluster-admin';
export const ETCD: VertexId = 'target:etcd';

/** Id builders: one per vertex kind. */
export const ids = {
  serviceAccount: (namespace: string, name: string): VertexId => `sa:${namespace}/${name}`,
  user: (name: string): VertexId => `user:${name}`,
  group: (name: string): VertexId => `group:${name}`,
  pod: (namespace: string, name: string): VertexId => `pod:${namespace}/${name}`,
  /** The template pod of a workload that has no live pod in the input: `pod:web/Deployment.frontend`. */
  templatePod: (namespace: string, workloadKind: string, name: string): VertexId =>
    `pod:${namespace}/${workloadKind}.${name}`,
  /**
   * One replica of a DaemonSet template, on one node it may run on: `pod:ns/DaemonSet.agent@worker-1`
   * (the template `pod:ns/DaemonSet.agent` stands for "any replica").
   */
  daemonSetReplica: (namespace: string, name: string, node: string): VertexId =>
    `pod:${namespace}/DaemonSet.${name}@${node}`,
  /** `pod` is the pod's own name, `<Kind>.<name>` for a template pod, `DaemonSet.<name>@<node>` for a replica. */
  container: (namespace: string, pod: string, container: string): VertexId =>
    `container:${namespace}/${pod}/${container}`,
  node: (name: string): VertexId => `node:${name}`,
  /** The kubelet's identity on a node. */
  nodeUser: (nodeName: string): VertexId => `user:system:node:${nodeName}`,
  secret: (namespace: string, name: string): VertexId => `secret:${namespace}/${name}`,
  service: (namespace: string, name: string): VertexId => `service:${namespace}/${name}`,
  roleBinding: (namespace: string, name: string): VertexId => `binding:${namespace}/${name}`,
  clusterRoleBinding: (name: string): VertexId => `clusterbinding:${name}`,
  namespace: (name: string): VertexId => `namespace:${name}`,
  /** A capability hub, scoped to a namespace or (without one) to the cluster. */
  hub: (capability: string, namespace?: string): VertexId =>
    namespace === undefined ? `hub:${capability}` : `hub:${capability}/${namespace}`,
} as const;

/** The kind of a vertex id. Only for display and validation: never for graph logic. */
export function vertexKindOf(id: VertexId): VertexKind | null {
  const kind = id.slice(0, id.indexOf(':'));
  return Object.hasOwn(VERTEX_KINDS, kind) ? (kind as VertexKind) : null;
}
