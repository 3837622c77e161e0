/**
 * Who a binding's subjects are, and the groups every identity belongs to without being told.
 *
 * - Every authenticated identity is in `system:authenticated`; the anonymous user
 *   (`system:anonymous`) is in `system:unauthenticated` instead.
 * - A service account authenticates as the user `system:serviceaccount:<ns>:<name>` and is in
 *   `system:serviceaccounts` and `system:serviceaccounts:<ns>`.
 * - A kubelet authenticates as `system:node:<name>` in `system:nodes`.
 *   https://kubernetes.io/docs/reference/access-authn-authz/authentication/#users-in-kubernetes
 *   https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects
 */
import { ids, type RoleBinding, type VertexId } from '@kubepath/model';

/** An identity RBAC can name. */
export type Principal =
  | { kind: 'User'; name: string }
  | { kind: 'Group'; name: string }
  | { kind: 'ServiceAccount'; namespace: string; name: string };

export const ANONYMOUS: Principal = { kind: 'User', name: 'system:anonymous' };

const SA_USER_PREFIX = 'system:serviceaccount:';

/** The vertex id of a principal. */
export function principalId(p: Principal): VertexId {
  if (p.kind === 'User') return ids.user(p.name);
  if (p.kind === 'Group') return ids.group(p.name);
  return ids.serviceAccount(p.namespace, p.name);
}

/** `kind/name` for messages and tables. */
export function principalLabel(p: Principal): string {
  return p.kind === 'ServiceAccount' ? `ServiceAccount ${p.namespace}/${p.name}` : `${p.kind} ${p.name}`;
}

/** The groups a principal is in by definition (for a group: none beyond itself). */
export function implicitGroups(p: Principal): string[] {
  if (p.kind === 'Group') return [];
  if (p.kind === 'ServiceAccount')
    return ['system:serviceaccounts', `system:serviceaccounts:${p.namespace}`, 'system:authenticated'];
  if (p.name === 'system:anonymous') return ['system:unauthenticated'];
  if (p.name.startsWith('system:node:')) return ['system:nodes', 'system:authenticated'];
  return ['system:authenticated'];
}

/**
 * The subjects of a binding as principals. A User subject named
 * `system:serviceaccount:<ns>:<name>` *is* that service account (the authorizer compares user
 * names). In a RoleBinding a ServiceAccount subject without a namespace means the binding's
 * namespace (rbac/v1 `appliesToUser`); in a ClusterRoleBinding it is invalid and skipped.
 */
export function bindingSubjects(binding: RoleBinding, bindingNamespace: string | undefined): BoundSubject[] {
  const out: BoundSubject[] = [];
  (binding.subjects ?? []).forEach((s, subjectIndex) => {
    if (s.kind === 'User') {
      if (s.name.startsWith(SA_USER_PREFIX)) {
        // Exactly `<ns>:<name>`: a user name with more parts is no service account's name
        // (serviceaccount.MatchesUsername), just a user the server compares as a plain string.
        const parts = s.name.slice(SA_USER_PREFIX.length).split(':');
        const [namespace, name] = parts;
        if (parts.length === 2 && namespace && name)
          return out.push({ kind: 'ServiceAccount', namespace, name, subjectIndex });
      }
      out.push({ kind: 'User', name: s.name, subjectIndex });
    } else if (s.kind === 'Group') out.push({ kind: 'Group', name: s.name, subjectIndex });
    else if (s.kind === 'ServiceAccount') {
      const namespace = s.namespace || bindingNamespace;
      if (namespace) out.push({ kind: 'ServiceAccount', namespace, name: s.name, subjectIndex });
    }
  });
  return out;
}

/** A principal as a binding names it, with its position in `subjects` (for evidence). */
export type BoundSubject = Principal & { subjectIndex: number };
