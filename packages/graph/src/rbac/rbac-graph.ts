/**
 * The RBAC part of the attack graph: subjects → bindings (PERMISSION_DISCOVER), what each
 * binding allows (permission-edges), the two-permission abuses (conjunction-edges), and
 * legacy token secrets → their service account.
 */
import type { Snapshot } from '@kubepath/model';
import { RbacAuthorizer, type Grant } from './authorizer.js';
import { addConjunctionEdges, type BoundRole } from './conjunction-edges.js';
import type { Holder } from './holders.js';
import {
  addPermissionEdges,
  secretVertex,
  serviceAccountVertex,
  type RbacContext,
} from './permission-edges.js';
import { principalId, type Principal } from './principals.js';

const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';

/** True when the cluster is EKS: its aws-auth ConfigMap, or EKS node labels. */
export function isEks(snapshot: Snapshot): boolean {
  return (
    snapshot.objects.configMaps.some(
      (c) => c.metadata.name === 'aws-auth' && c.metadata.namespace === 'kube-system',
    ) ||
    snapshot.objects.nodes.some((n) =>
      Object.keys(n.metadata.labels ?? {}).some((k) => k.startsWith('eks.amazonaws.com/')),
    )
  );
}

function principalVertex(ctx: RbacContext, p: Principal): string {
  if (p.kind === 'ServiceAccount') return serviceAccountVertex(ctx, p.namespace, p.name);
  return ctx.b.vertex(principalId(p), { kind: p.kind === 'User' ? 'user' : 'group', name: p.name });
}

const holderOf = (g: Grant): Holder => ({
  id: g.id,
  namespace: g.namespace,
  rules: g.rules,
  evidence: [g.evidence],
});
const boundOf = (g: Grant): BoundRole => ({
  holder: holderOf(g),
  kind: g.binding.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole',
  name: g.binding.roleRef.name,
});

/** Adds every RBAC vertex and edge. */
export function addRbacGraph(ctx: RbacContext, auth: RbacAuthorizer): void {
  const { b } = ctx;
  const never = () => false;
  const principals = new Map<string, Principal>();
  for (const grant of auth.grants) {
    b.vertex(grant.id, {
      kind: grant.namespace === undefined ? 'clusterbinding' : 'binding',
      name: grant.binding.metadata.name,
      ...(grant.namespace !== undefined ? { namespace: grant.namespace } : {}),
      label: `${grant.binding.roleRef.kind} ${grant.binding.roleRef.name}`,
    });
    for (const subject of grant.subjects) {
      const id = principalVertex(ctx, subject);
      principals.set(id, subject);
      b.edge('PERMISSION_DISCOVER', id, grant.id, {
        ...grant.evidence,
        path: `/subjects/${subject.subjectIndex}`,
      });
    }
    const holder = holderOf(grant);
    if (!addPermissionEdges(ctx, holder))
      addConjunctionEdges(ctx, auth.roles, grant.id, [holder], [boundOf(grant)], never);
  }
  for (const d of auth.dangling) b.note(`dangling binding ${d.id}: ${d.reason}; it grants nothing`);

  // Two permissions held through different bindings: the identity holds both.
  for (const [id, principal] of principals) {
    const grants = auth.grantsOf(principal);
    if (grants.length < 2) continue;
    const singles = grants.map((g) => g.id);
    const already = (kind: Parameters<typeof b.hasEdge>[0], to: string) =>
      singles.some((from) => b.hasEdge(kind, from, to));
    addConjunctionEdges(ctx, auth.roles, id, grants.map(holderOf), grants.map(boundOf), already);
  }

  // Legacy token secrets hold a long-lived token of the service account they name.
  for (const secret of ctx.inv.snapshot.objects.secrets) {
    const sa = secret.metadata.annotations?.[SA_NAME_ANNOTATION];
    if (secret.type !== SA_TOKEN_TYPE || !sa) continue;
    const ns = secret.metadata.namespace ?? 'default';
    b.edge(
      'SECRET_SA_TOKEN',
      secretVertex(ctx, ns, secret.metadata.name),
      serviceAccountVertex(ctx, ns, sa),
      {
        kind: 'Secret',
        namespace: ns,
        name: secret.metadata.name,
        path: '/metadata/annotations/kubernetes.io~1service-account.name',
      },
    );
  }
}
