/**
 * Identity vertices and their implicit group memberships (MEMBER_OF), and the crown jewels'
 * own edges: system:masters is cluster-admin, and cluster-admin reads every secret (etcd).
 */
import { CLUSTER_ADMIN, ETCD, INTERNET, ids } from '@kubepath/model';
import type { GraphBuilder } from './graph-builder.js';
import type { Inventory } from './inventory.js';
import { implicitGroups, type Principal } from './rbac/principals.js';

/** Vertices every graph has: the crown jewels, the internet, the anonymous user, system:masters. */
export function addWellKnownVertices(b: GraphBuilder): void {
  b.vertex(CLUSTER_ADMIN, { kind: 'target', name: 'cluster-admin', label: 'cluster-admin' });
  b.vertex(ETCD, { kind: 'target', name: 'etcd', label: 'etcd: every secret of the cluster' });
  b.vertex(INTERNET, { kind: 'external', name: 'internet', label: 'the internet' });
  b.vertex(ids.user('system:anonymous'), { kind: 'user', name: 'system:anonymous' });
  b.vertex(ids.group('system:masters'), { kind: 'group', name: 'system:masters' });
  b.edge('CLUSTER_ADMIN', ids.group('system:masters'), CLUSTER_ADMIN, {
    kind: 'Group',
    name: 'system:masters',
    path: '',
    note: 'the API server skips authorization for members of system:masters',
  });
  b.edge('ETCD_ACCESS', CLUSTER_ADMIN, ETCD, {
    kind: 'ClusterRole',
    name: 'cluster-admin',
    path: '/rules',
    note: 'cluster-admin can read every secret',
  });
}

/** Every service account of the inventory as a vertex, and MEMBER_OF edges for every user and SA vertex. */
export function addMemberships(b: GraphBuilder, inv: Inventory): void {
  for (const [ns, names] of inv.serviceAccounts) {
    for (const name of names) b.vertex(ids.serviceAccount(ns, name), { kind: 'sa', namespace: ns, name });
  }
  const identities = [...b.vertices].filter(([, v]) => v.kind === 'sa' || v.kind === 'user');
  for (const [id, v] of identities) {
    const principal: Principal =
      v.kind === 'sa'
        ? { kind: 'ServiceAccount', namespace: v.namespace!, name: v.name }
        : { kind: 'User', name: v.name };
    for (const group of implicitGroups(principal)) {
      const gid = b.vertex(ids.group(group), { kind: 'group', name: group });
      b.edge('MEMBER_OF', id, gid, {
        kind: v.kind === 'sa' ? 'ServiceAccount' : 'User',
        ...(v.namespace ? { namespace: v.namespace } : {}),
        name: v.name,
        path: '',
        note: `implicit group ${group}`,
      });
    }
  }
}
