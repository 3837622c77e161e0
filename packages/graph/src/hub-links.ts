/**
 * Connects every hub that the rule modules created to what it stands for. Runs after them,
 * and to a fixed point, since linking a hub can create others (a cluster-wide hub links to
 * the same hub of each namespace; creating pods reaches the namespace's secrets).
 */
import { ETCD, ids, type VertexId } from '@kubepath/model';
import type { Evidence, GraphBuilder } from './graph-builder.js';
import { PSA_ENFORCE_LABEL, type Inventory } from './inventory.js';
import { hub, registryOf, type HubEntry } from './rbac/hubs.js';

/** Hubs with one copy per namespace. */
const NAMESPACED = new Set(['pod-create', 'exec', 'secrets', 'service-accounts', 'port-forward']);

const structural = (label: string): Evidence => ({ kind: 'kubepath', name: 'hub', path: '', note: label });

function linkHub(b: GraphBuilder, inv: Inventory, id: VertexId, entry: HubEntry): void {
  const { capability, scope } = entry;
  if (NAMESPACED.has(capability) && scope === undefined) {
    // A cluster-wide capability holds in every namespace.
    for (const ns of inv.sortedNamespaces()) {
      b.edge('HUB_MEMBER', id, hub(b, capability, ns, ns), structural(`cluster-wide: includes ${ns}`));
    }
    if (capability === 'secrets')
      b.edge('ETCD_ACCESS', id, ETCD, structural('reading every secret of the cluster is what etcd holds'));
    return;
  }
  switch (capability) {
    case 'pod-create': {
      const ns = scope!;
      for (const sa of [...(inv.serviceAccounts.get(ns) ?? [])].sort()) {
        const sid = b.vertex(ids.serviceAccount(ns, sa), { kind: 'sa', namespace: ns, name: sa });
        b.edge('POD_CREATE_AS_SA', id, sid, structural(`a pod in ${ns} may name serviceAccountName: ${sa}`));
      }
      b.edge(
        'POD_CREATE_MOUNT_SECRET',
        id,
        hub(b, 'secrets', ns, ns),
        structural(`a pod in ${ns} may mount any secret of ${ns}`),
      );
      if (!inv.forbidsPrivileged(ns)) {
        const level = inv.psaEnforce.get(ns);
        b.edge('POD_CREATE_PRIVILEGED', id, hub(b, 'nodes'), {
          kind: 'Namespace',
          name: ns,
          path: `/metadata/labels/${PSA_ENFORCE_LABEL.replace('/', '~1')}`,
          note: level
            ? `enforce=${level} allows privileged pods`
            : 'no Pod Security enforce label: privileged pods are admitted (unless a cluster-wide admission default says otherwise)',
        });
      }
      return;
    }
    case 'exec':
      for (const pod of inv.podsByNamespace.get(scope!) ?? [])
        b.edge('HUB_MEMBER', id, pod.id, structural(`a pod of ${scope}`));
      return;
    case 'secrets': {
      const ns = scope!;
      for (const name of inv.secrets.get(ns) ?? []) {
        b.edge(
          'HUB_MEMBER',
          id,
          b.vertex(ids.secret(ns, name), { kind: 'secret', namespace: ns, name }),
          structural(`a secret of ${ns}`),
        );
      }
      if (!inv.sawSecrets) {
        // Without Secrets in the input, legacy service-account token secrets cannot be ruled
        // out: assume them, at a higher cost, rather than report a false "no path".
        for (const sa of [...(inv.serviceAccounts.get(ns) ?? [])].sort()) {
          const sid = b.vertex(ids.serviceAccount(ns, sa), { kind: 'sa', namespace: ns, name: sa });
          b.edge(
            'SECRET_SA_TOKEN',
            id,
            sid,
            structural(
              'assumed: the input has no Secrets, so a legacy token secret for this service account may exist',
            ),
            2,
          );
        }
      }
      return;
    }
    case 'service-accounts':
      for (const sa of [...(inv.serviceAccounts.get(scope!) ?? [])].sort()) {
        b.edge(
          'HUB_MEMBER',
          id,
          b.vertex(ids.serviceAccount(scope!, sa), { kind: 'sa', namespace: scope!, name: sa }),
          structural(`a service account of ${scope}`),
        );
      }
      return;
    case 'nodes':
      for (const node of inv.nodes)
        b.edge(
          'HUB_MEMBER',
          id,
          b.vertex(ids.node(node), { kind: 'node', name: node }),
          structural('a pod may name any node (nodeName bypasses the scheduler)'),
        );
      if (inv.nodes.length === 0)
        b.note('the input has no Node objects: paths through "a privileged pod on any node" stop there');
      return;
    case 'kubelet':
      for (const pod of inv.podsByNode.get(scope!) ?? [])
        b.edge('HUB_MEMBER', id, pod.id, structural(`runs on ${scope}`));
      return;
    case 'users':
    case 'groups': {
      const kind = capability === 'users' ? 'user' : 'group';
      for (const [vid, v] of [...b.vertices])
        if (v.kind === kind) b.edge('HUB_MEMBER', id, vid, structural(`any ${kind}`));
      return;
    }
    default:
      // port-forward, node-tokens, node-network, role-grant: linked by their own modules.
      return;
  }
}

/** Links every hub, including those created while linking. */
export function linkHubs(b: GraphBuilder, inv: Inventory): void {
  const done = new Set<VertexId>();
  for (;;) {
    const pending = [...registryOf(b)].filter(([id]) => !done.has(id));
    if (pending.length === 0) return;
    for (const [id, entry] of pending) {
      done.add(id);
      linkHub(b, inv, id, entry);
    }
  }
}
