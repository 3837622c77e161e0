/**
 * An RBAC authorizer over a snapshot that answers like the API server's.
 *
 * - A ClusterRoleBinding grants its ClusterRole everywhere, non-resource URLs included.
 * - A RoleBinding grants its Role, or a ClusterRole, only to requests *in its namespace*:
 *   never cluster-scoped resources (their requests have no namespace) and never
 *   non-resource URLs. A request on a Namespace object is in that namespace, so a
 *   RoleBinding's wildcard covers its own Namespace object.
 * - A binding whose role does not exist grants nothing; kubepath reports it (dangling).
 * - Members of `system:masters` bypass RBAC entirely (the API server's superuser group).
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
 */
import { ids, type RoleBinding, type Snapshot, type VertexId } from '@kubepath/model';
import type { Evidence } from '../graph-builder.js';
import {
  bindingSubjects,
  implicitGroups,
  principalId,
  type BoundSubject,
  type Principal,
} from './principals.js';
import { RoleIndex, type SourcedRule } from './roles.js';
import {
  isNonResourceRequest,
  ruleAllows,
  type RequestAttributes,
  type ResourceRequest,
} from './rule-match.js';

/** What one binding grants, to whom, where. */
export interface Grant {
  /** `binding:<ns>/<name>` or `clusterbinding:<name>`. */
  id: VertexId;
  /** The binding's namespace; undefined for a ClusterRoleBinding (cluster-wide). */
  namespace: string | undefined;
  binding: RoleBinding;
  subjects: BoundSubject[];
  rules: SourcedRule[];
  /** Evidence pointing at the binding's roleRef. */
  evidence: Evidence;
}

/** A grant that allows a request, with the rules that do. */
export interface Allowance {
  grant: Grant;
  rules: SourcedRule[];
}

/** The superuser group: the API server skips authorization for its members. */
export const SYSTEM_MASTERS = 'system:masters';

/**
 * A request on one Namespace object. Its namespace is itself when the path names it
 * (`/api/v1/namespaces/alpha`: get, update, patch, delete); list and watch find it by field
 * selector on `/api/v1/namespaces`, a cluster-scoped request (apiserver requestinfo.go).
 */
export function namespaceRequest(verb: string, name: string): ResourceRequest {
  if (verb === 'list' || verb === 'watch') return { verb, apiGroup: '', resource: 'namespaces', name };
  return { verb, apiGroup: '', resource: 'namespaces', namespace: name, name };
}

export class RbacAuthorizer {
  readonly grants: Grant[] = [];
  /** Bindings that reference a missing role (or a Role from a ClusterRoleBinding): they grant nothing. */
  readonly dangling: { id: VertexId; reason: string }[] = [];
  private readonly bySubject = new Map<VertexId, Grant[]>();

  constructor(
    snapshot: Snapshot,
    readonly roles = new RoleIndex(snapshot),
  ) {
    for (const b of snapshot.objects.roleBindings) this.addGrant(b, b.metadata.namespace ?? 'default');
    for (const b of snapshot.objects.clusterRoleBindings) this.addGrant(b, undefined);
  }

  private addGrant(binding: RoleBinding, namespace: string | undefined): void {
    const id =
      namespace === undefined
        ? ids.clusterRoleBinding(binding.metadata.name)
        : ids.roleBinding(namespace, binding.metadata.name);
    const ref = binding.roleRef;
    let rules: SourcedRule[] | null = null;
    if (ref.kind === 'ClusterRole') rules = this.roles.clusterRole(ref.name);
    else if (ref.kind === 'Role' && namespace !== undefined) rules = this.roles.role(namespace, ref.name);
    if (rules === null) {
      const why =
        ref.kind === 'Role' && namespace === undefined
          ? 'a ClusterRoleBinding cannot reference a Role'
          : `${ref.kind} ${namespace && ref.kind === 'Role' ? `${namespace}/` : ''}${ref.name} does not exist in the input`;
      this.dangling.push({ id, reason: why });
      return;
    }
    const grant: Grant = {
      id,
      namespace,
      binding,
      subjects: bindingSubjects(binding, namespace),
      rules,
      evidence: {
        kind: namespace === undefined ? 'ClusterRoleBinding' : 'RoleBinding',
        namespace,
        name: binding.metadata.name,
        path: '/roleRef',
      },
    };
    this.grants.push(grant);
    for (const s of grant.subjects) {
      const key = principalId(s);
      const list = this.bySubject.get(key);
      if (list) list.push(grant);
      else this.bySubject.set(key, [grant]);
    }
  }

  /** True when a grant's scope covers the request (namespace match for RoleBindings). */
  static inScope(grant: Grant, request: RequestAttributes): boolean {
    if (grant.namespace === undefined) return true;
    return !isNonResourceRequest(request) && request.namespace === grant.namespace;
  }

  /** The rules of a grant that allow a request, or [] (scope included). */
  static allowing(grant: Grant, request: RequestAttributes): SourcedRule[] {
    if (!RbacAuthorizer.inScope(grant, request)) return [];
    return grant.rules.filter((r) => ruleAllows(r.rule, request));
  }

  /** The grants naming `principal` or one of its implicit groups. */
  grantsOf(principal: Principal): Grant[] {
    const keys = [principalId(principal), ...implicitGroups(principal).map((g) => ids.group(g))];
    return keys.flatMap((k) => this.bySubject.get(k) ?? []);
  }

  /** True when the principal is, or is implicitly, in system:masters. */
  static isSuperuser(principal: Principal): boolean {
    return principal.kind === 'Group' && principal.name === SYSTEM_MASTERS;
  }

  /**
   * What allows `principal` to make `request`: [] means denied. A superuser gets one
   * allowance with no grant behind it.
   */
  can(principal: Principal, request: RequestAttributes): Allowance[] | 'superuser' {
    if (RbacAuthorizer.isSuperuser(principal)) return 'superuser';
    const out: Allowance[] = [];
    for (const grant of this.grantsOf(principal)) {
      const rules = RbacAuthorizer.allowing(grant, request);
      if (rules.length) out.push({ grant, rules });
    }
    return out;
  }

  /** Every grant that allows the request, with its subjects (the basis of who-can). */
  whoCan(request: RequestAttributes): Allowance[] {
    const out: Allowance[] = [];
    for (const grant of this.grants) {
      const rules = RbacAuthorizer.allowing(grant, request);
      if (rules.length) out.push({ grant, rules });
    }
    return out;
  }
}
