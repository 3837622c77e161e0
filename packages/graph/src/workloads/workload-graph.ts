/**
 * Pods and nodes as vertices. (Containers, tokens, escapes and node identities come with the
 * workloads module; this is the part the RBAC edges already need: hubs link to pods.)
 */
import { ids } from '@kubepath/model';
import type { GraphBuilder } from '../graph-builder.js';
import type { Inventory } from '../inventory.js';

export function addPodAndNodeVertices(b: GraphBuilder, inv: Inventory): void {
  for (const node of inv.nodes) b.vertex(ids.node(node), { kind: 'node', name: node });
  for (const pod of inv.pods)
    b.vertex(pod.id, {
      kind: 'pod',
      namespace: pod.namespace,
      name: pod.name,
      ...(pod.isTemplate ? { label: `${pod.owner.kind} ${pod.owner.name} (template)` } : {}),
    });
}
