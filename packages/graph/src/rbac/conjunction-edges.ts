/**
 * Abuses that need two permissions at once. They are checked on each binding alone (the edge
 * then comes from the binding, which is what to fix), and on each identity across all its
 * bindings and implicit groups (the edge comes from the identity, with every binding as
 * evidence) when no single binding suffices.
 *
 * - ROLE_BIND: create (cluster)rolebindings + `bind` on the role → that role, in that scope.
 *   The API server checks `bind` in the new binding's namespace, so a RoleBinding can grant
 *   `bind` on clusterroles for its own namespace.
 *   https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update
 * - ROLE_ESCALATE: `escalate` + update on a role one is bound to → add any rule to it.
 * - CSR_FORGE: create CSRs + update certificatesigningrequests/approval + approve on the
 *   kube-apiserver-client signer → a client certificate for system:masters.
 *   https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization
 * - TOKEN_SECRET_CREATE: create secrets + a way to read one back (get/list secrets, or create a
 *   pod that mounts it) → a long-lived token for any service account of the namespace.
 * - NAMESPACE_PSA_WEAKEN: patch a namespace that enforces Pod Security + create pods there.
 * - Impersonating groups needs impersonating a user (or service account) too.
 */
import { CLUSTER_ADMIN, ids, type EdgeKind, type VertexId } from '@kubepath/model';
import type { Evidence } from '../graph-builder.js';
import { PSA_ENFORCE_LABEL } from '../inventory.js';
import { namespaceRequest } from './authorizer.js';
import {
  allowsAny,
  granted,
  holderEvidence,
  mergeAnyNamespace,
  mergeClusterWide,
  mergeForNamespace,
  probe,
  type Holder,
} from './holders.js';
import { hub } from './hubs.js';
import { addPermissionEdges, POD_CREATORS, RBAC, type RbacContext } from './permission-edges.js';
import type { RoleIndex, SourcedRule } from './roles.js';
import { ruleAllows } from './rule-match.js';

/** The role a holder is bound to, for ROLE_ESCALATE. */
export interface BoundRole {
  holder: Holder;
  kind: 'Role' | 'ClusterRole';
  name: string;
}

const FULL_POWER: SourcedRule = {
  rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  source: { kind: 'ClusterRole', name: 'cluster-admin', path: '/rules/0', note: 'built into every cluster' },
};

/**
 * The vertex standing for "role R granted to oneself in scope S", created once with the
 * edges a real binding of R in S would have. `namespace` '*' means any namespace. Those edges
 * are made true by R's rules alone (evidence: the rules); what lets someone grant R is the
 * ROLE_BIND edge into the vertex, evidenced by the binder's own binding.
 */
export function roleGrant(
  ctx: RbacContext,
  roles: RoleIndex,
  scope: { namespace?: string; anyNamespace?: boolean },
  role: { kind: 'Role' | 'ClusterRole'; name: string } | 'any',
): VertexId | null {
  const where = scope.anyNamespace ? '*' : (scope.namespace ?? 'cluster');
  const what = role === 'any' ? '*' : `${role.kind}:${role.name}`;
  const id = ids.hub('role-grant', `${where}/${what}`);
  if (ctx.b.hasVertex(id)) return id;
  let rules: SourcedRule[] | null;
  if (role === 'any') rules = [FULL_POWER];
  else if (role.kind === 'ClusterRole') rules = roles.clusterRole(role.name);
  else rules = scope.namespace ? roles.role(scope.namespace, role.name) : null;
  if (!rules || rules.length === 0) return null;
  const label = `${role === 'any' ? 'full power' : `${role.kind} ${role.name}`} granted to oneself ${scope.anyNamespace ? 'in any namespace' : scope.namespace ? `in ${scope.namespace}` : 'cluster-wide'}`;
  ctx.b.vertex(id, {
    kind: 'hub',
    name: 'role-grant',
    ...(scope.namespace ? { namespace: scope.namespace } : {}),
    label,
  });
  addPermissionEdges(ctx, {
    id,
    namespace: scope.anyNamespace ? undefined : scope.namespace,
    namespacedOnly: scope.anyNamespace,
    rules,
    evidence: [],
  });
  return id;
}

/** True for an edge that a single binding of the same identity already gives (no need to repeat it). */
export type Skip = (kind: EdgeKind, to: VertexId) => boolean;

function add(
  ctx: RbacContext,
  kind: EdgeKind,
  from: VertexId,
  to: VertexId | null,
  evidence: Evidence[],
  skip: Skip,
): void {
  if (to === null || skip(kind, to)) return;
  ctx.b.edge(kind, from, to, evidence);
}

/** ROLE_BIND in one namespace, or (anyNamespace) in every namespace at once. */
function roleBindInNamespace(
  ctx: RbacContext,
  roles: RoleIndex,
  h: Holder,
  source: VertexId,
  skip: Skip,
  anyNamespace: boolean,
): void {
  const create = allowsAny(h, { verbs: ['create'], apiGroup: RBAC, resource: 'rolebindings' });
  if (!create.length) return;
  const scope = anyNamespace ? { anyNamespace: true } : { namespace: h.namespace! };
  const clusterRoles = probe(h, { verbs: ['bind'], apiGroup: RBAC, resource: 'clusterroles' });
  const base = holderEvidence(h, create);
  if (clusterRoles.names === 'all') {
    add(
      ctx,
      'ROLE_BIND',
      source,
      roleGrant(ctx, roles, scope, 'any'),
      [...base, ...clusterRoles.rules.map((r) => r.source)],
      skip,
    );
  } else {
    for (const name of clusterRoles.names) {
      const ev = [...base, ...clusterRoles.rules.map((r) => r.source)];
      add(ctx, 'ROLE_BIND', source, roleGrant(ctx, roles, scope, { kind: 'ClusterRole', name }), ev, skip);
    }
  }
  const nsRoles = probe(h, { verbs: ['bind'], apiGroup: RBAC, resource: 'roles' });
  if (!nsRoles.rules.length) return;
  const ev = [...base, ...nsRoles.rules.map((r) => r.source)];
  for (const role of ctx.inv.snapshot.objects.roles) {
    const ns = role.metadata.namespace ?? 'default';
    if (!anyNamespace && ns !== h.namespace) continue;
    if (nsRoles.names !== 'all' && !nsRoles.names.includes(role.metadata.name)) continue;
    add(
      ctx,
      'ROLE_BIND',
      source,
      roleGrant(ctx, roles, { namespace: ns }, { kind: 'Role', name: role.metadata.name }),
      ev,
      skip,
    );
  }
}

function roleBindClusterWide(
  ctx: RbacContext,
  roles: RoleIndex,
  h: Holder,
  source: VertexId,
  skip: Skip,
): void {
  const create = allowsAny(h, {
    verbs: ['create'],
    apiGroup: RBAC,
    resource: 'clusterrolebindings',
    clusterScoped: true,
  });
  if (!create.length) return;
  const bind = probe(h, { verbs: ['bind'], apiGroup: RBAC, resource: 'clusterroles', clusterScoped: true });
  const ev = holderEvidence(h, [...create, ...bind.rules]);
  // Unrestricted bind can bind cluster-admin, which every cluster has.
  if (bind.names === 'all') return add(ctx, 'ROLE_BIND', source, CLUSTER_ADMIN, ev, skip);
  for (const name of bind.names)
    add(ctx, 'ROLE_BIND', source, roleGrant(ctx, roles, {}, { kind: 'ClusterRole', name }), ev, skip);
}

function csrForge(ctx: RbacContext, h: Holder, source: VertexId, skip: Skip): void {
  const certs = 'certificates.k8s.io';
  const create = allowsAny(h, {
    verbs: ['create'],
    apiGroup: certs,
    resource: 'certificatesigningrequests',
    clusterScoped: true,
  });
  const approval = probe(h, {
    verbs: ['update', 'patch'],
    apiGroup: certs,
    resource: 'certificatesigningrequests',
    subresource: 'approval',
    clusterScoped: true,
  });
  const signer = 'kubernetes.io/kube-apiserver-client';
  // The approver is checked against the signer's name and against "<domain>/*".
  const approve = probe(h, { verbs: ['approve'], apiGroup: certs, resource: 'signers', clusterScoped: true });
  const canApprove =
    approve.names === 'all' || approve.names.includes(signer) || approve.names.includes('kubernetes.io/*');
  if (!create.length || !granted(approval) || !canApprove) return;
  const masters = ctx.b.vertex(ids.group('system:masters'), { kind: 'group', name: 'system:masters' });
  add(
    ctx,
    'CSR_FORGE',
    source,
    masters,
    holderEvidence(h, [...create, ...approval.rules, ...approve.rules]),
    skip,
  );
}

function tokenSecretCreate(ctx: RbacContext, h: Holder, source: VertexId, skip: Skip): void {
  const create = allowsAny(h, { verbs: ['create'], apiGroup: '', resource: 'secrets' });
  if (!create.length) return;
  const read = [
    ...allowsAny(h, { verbs: ['get', 'list', 'watch'], apiGroup: '', resource: 'secrets' }),
    ...POD_CREATORS.flatMap(([apiGroup, resource]) =>
      allowsAny(h, { verbs: ['create'], apiGroup, resource }),
    ),
  ];
  if (!read.length) return;
  const target =
    h.namespace === undefined
      ? hub(ctx.b, 'service-accounts')
      : hub(ctx.b, 'service-accounts', h.namespace, h.namespace);
  add(ctx, 'TOKEN_SECRET_CREATE', source, target, holderEvidence(h, [...create, ...read]), skip);
}

function psaWeaken(ctx: RbacContext, h: Holder, source: VertexId, skip: Skip): void {
  const create = POD_CREATORS.flatMap(([apiGroup, resource]) =>
    allowsAny(h, { verbs: ['create'], apiGroup, resource }),
  );
  if (!create.length) return;
  for (const ns of h.namespace === undefined ? ctx.inv.sortedNamespaces() : [h.namespace]) {
    if (!ctx.inv.forbidsPrivileged(ns)) continue;
    const patch = h.rules.filter((r) =>
      ['patch', 'update'].some((verb) => ruleAllows(r.rule, namespaceRequest(verb, ns))),
    );
    if (!patch.length) continue;
    const ev = [
      ...holderEvidence(h, [...patch, ...create]),
      { kind: 'Namespace', name: ns, path: `/metadata/labels/${PSA_ENFORCE_LABEL.replace('/', '~1')}` },
    ];
    add(ctx, 'NAMESPACE_PSA_WEAKEN', source, hub(ctx.b, 'nodes'), ev, skip);
  }
}

function impersonateGroups(ctx: RbacContext, h: Holder, source: VertexId, skip: Skip): void {
  const groups = probe(h, { verbs: ['impersonate'], apiGroup: '', resource: 'groups', clusterScoped: true });
  if (!granted(groups)) return;
  // Group impersonation is refused without a user (or service account) to impersonate.
  const asUser = [
    ...probe(h, { verbs: ['impersonate'], apiGroup: '', resource: 'users', clusterScoped: true }).rules,
    ...probe(h, { verbs: ['impersonate'], apiGroup: '', resource: 'serviceaccounts' }).rules,
  ];
  if (!asUser.length) return;
  const ev = holderEvidence(h, [...groups.rules, ...asUser]);
  if (groups.names === 'all') return add(ctx, 'IDENTITY_IMPERSONATE', source, hub(ctx.b, 'groups'), ev, skip);
  for (const name of groups.names)
    add(
      ctx,
      'IDENTITY_IMPERSONATE',
      source,
      ctx.b.vertex(ids.group(name), { kind: 'group', name }),
      ev,
      skip,
    );
}

function roleEscalate(
  ctx: RbacContext,
  roles: RoleIndex,
  holders: readonly Holder[],
  bound: readonly BoundRole[],
  source: VertexId,
  skip: Skip,
): void {
  for (const b of bound) {
    const scope = b.holder.namespace;
    const clusterScoped = b.kind === 'ClusterRole';
    // escalate/update on a ClusterRole is a cluster-scoped request; on a Role, one in its namespace.
    const h = clusterScoped
      ? mergeClusterWide(holders, source)
      : mergeForNamespace(holders, scope ?? 'default', source);
    const resource = clusterScoped ? 'clusterroles' : 'roles';
    const named = (rules: SourcedRule[]) =>
      rules.filter(
        (r) => (r.rule.resourceNames ?? []).length === 0 || r.rule.resourceNames!.includes(b.name),
      );
    const escalate = named(probe(h, { verbs: ['escalate'], apiGroup: RBAC, resource, clusterScoped }).rules);
    const update = named(
      probe(h, { verbs: ['update', 'patch'], apiGroup: RBAC, resource, clusterScoped }).rules,
    );
    if (!escalate.length || !update.length) continue;
    const ev = [...holderEvidence(h, [...escalate, ...update]), ...b.holder.evidence];
    const target = scope === undefined ? CLUSTER_ADMIN : roleGrant(ctx, roles, { namespace: scope }, 'any');
    add(ctx, 'ROLE_ESCALATE', source, target, ev, skip);
  }
}

/**
 * The two-permission abuses for a set of holders (one binding, or all of an identity's),
 * evaluated per scope: each namespace they touch, any namespace, and cluster-wide.
 */
export function addConjunctionEdges(
  ctx: RbacContext,
  roles: RoleIndex,
  source: VertexId,
  holders: readonly Holder[],
  bound: readonly BoundRole[],
  skip: Skip,
): void {
  const namespaces = new Set(holders.filter((h) => h.namespace !== undefined).map((h) => h.namespace!));
  for (const ns of [...namespaces].sort()) {
    const h = mergeForNamespace(holders, ns, source);
    roleBindInNamespace(ctx, roles, h, source, skip, false);
    tokenSecretCreate(ctx, h, source, skip);
    psaWeaken(ctx, h, source, skip);
  }
  if (holders.some((h) => h.namespace === undefined)) {
    const any = mergeAnyNamespace(holders, source);
    roleBindInNamespace(ctx, roles, any, source, skip, true);
    tokenSecretCreate(ctx, any, source, skip);
    psaWeaken(ctx, any, source, skip);
    const cluster = mergeClusterWide(holders, source);
    roleBindClusterWide(ctx, roles, cluster, source, skip);
    csrForge(ctx, cluster, source, skip);
    impersonateGroups(ctx, cluster, source, skip);
  }
  roleEscalate(ctx, roles, holders, bound, source, skip);
}
