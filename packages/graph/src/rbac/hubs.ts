/**
 * Capability hubs: one vertex for "a permission over everything of a kind in a namespace"
 * (or cluster-wide), so the graph stays linear (DESIGN.md "Size"). Rule modules point edges
 * at hubs; `linkHubs` later connects each hub that exists to its members.
 */
import { ids, type VertexId } from '@kubepath/model';
import type { GraphBuilder } from '../graph-builder.js';

/** The hub capabilities and how they read. */
export const HUBS = {
  'pod-create': 'create pods',
  exec: 'run code in any pod',
  secrets: 'read every secret',
  'service-accounts': 'act as any service account',
  'port-forward': 'reach any pod port (port-forward)',
  nodes: 'a privileged pod on any node',
  users: 'act as any user',
  groups: 'act as any group',
  kubelet: "use the node's kubelet API",
  'node-tokens': "read the service-account tokens on the node's disk",
  'node-network': "the node's network",
  'role-grant': 'a role granted to oneself',
  placement: 'the nodes a pod may run on',
  hosted: 'the pods a node may run',
  network: 'any pod whose policies leave both sides open',
} as const;
export type HubCapability = keyof typeof HUBS;

/** A hub as created: what it stands for, and where. */
export interface HubEntry {
  capability: HubCapability;
  scope?: string;
}

const registries = new WeakMap<GraphBuilder, Map<VertexId, HubEntry>>();

/** The hubs created so far in a graph build, in creation order. */
export function registryOf(b: GraphBuilder): Map<VertexId, HubEntry> {
  let r = registries.get(b);
  if (!r) registries.set(b, (r = new Map()));
  return r;
}

/**
 * Adds (once) and returns a hub vertex. `scope` is a namespace for namespaced capabilities, a
 * node name for node ones (kubelet, node-tokens, node-network), a longer key for role grants,
 * and absent for cluster-wide hubs.
 */
export function hub(
  b: GraphBuilder,
  capability: HubCapability,
  scope?: string,
  namespace?: string,
): VertexId {
  const id = ids.hub(capability, scope);
  if (!b.hasVertex(id)) {
    registryOf(b).set(id, { capability, scope });
    const label = `${HUBS[capability]} ${scope === undefined ? '(cluster-wide)' : `(${scope})`}`;
    b.vertex(id, { kind: 'hub', name: capability, ...(namespace !== undefined ? { namespace } : {}), label });
  }
  return id;
}
