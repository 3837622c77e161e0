/**
 * Roles and what a binding's roleRef resolves to, with aggregated ClusterRoles expanded.
 *
 * A ClusterRole with an `aggregationRule` has its rules filled in by the cluster-role
 * aggregation controller: the union of the rules of every ClusterRole matching one of its
 * `clusterRoleSelectors`. A live cluster already shows the result; manifests (a Helm render,
 * a GitOps repo) do not, so kubepath does the controller's work. Aggregated roles can feed
 * other aggregated roles, so it runs to a fixed point.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles
 */
import {
  matchesLabelSelector,
  type ClusterRole,
  type PolicyRule,
  type Role,
  type Snapshot,
} from '@kubepath/model';
import type { Evidence } from '../graph-builder.js';

/** A rule with the role (and rule index) it was written in: the evidence for any grant. */
export interface SourcedRule {
  rule: PolicyRule;
  source: Evidence;
}

function ownRules(kind: 'Role' | 'ClusterRole', role: Role | ClusterRole): SourcedRule[] {
  return (role.rules ?? []).map((rule, i) => ({
    rule,
    source: {
      kind,
      namespace: role.metadata.namespace ?? undefined,
      name: role.metadata.name,
      path: `/rules/${i}`,
    },
  }));
}

const ruleKey = (r: PolicyRule) =>
  JSON.stringify([
    r.verbs,
    r.apiGroups ?? [],
    r.resources ?? [],
    r.resourceNames ?? [],
    r.nonResourceURLs ?? [],
  ]);

/** Every role of a snapshot, by scope and name, with aggregated ClusterRoles expanded. */
export class RoleIndex {
  private readonly roles = new Map<string, SourcedRule[]>();
  private readonly clusterRoles = new Map<string, SourcedRule[]>();

  constructor(snapshot: Snapshot) {
    for (const role of snapshot.objects.roles) {
      this.roles.set(`${role.metadata.namespace}/${role.metadata.name}`, ownRules('Role', role));
    }
    const all = snapshot.objects.clusterRoles;
    for (const role of all) this.clusterRoles.set(role.metadata.name, ownRules('ClusterRole', role));
    const aggregated = all.filter((r) => (r.aggregationRule?.clusterRoleSelectors ?? []).length > 0);
    // Fixed point: each pass adds the current rules of matching roles; stops when nothing changes.
    for (let pass = 0; pass <= all.length; pass++) {
      let changed = false;
      for (const target of aggregated) {
        const rules = this.clusterRoles.get(target.metadata.name)!;
        const seen = new Set(rules.map((r) => ruleKey(r.rule)));
        for (const source of all) {
          if (source === target) continue;
          const selected = target.aggregationRule!.clusterRoleSelectors!.some((s) =>
            matchesLabelSelector(s, source.metadata.labels),
          );
          if (!selected) continue;
          for (const r of this.clusterRoles.get(source.metadata.name)!) {
            const key = ruleKey(r.rule);
            if (seen.has(key)) continue;
            seen.add(key);
            rules.push(r);
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
  }

  /** The rules of a Role in a namespace, or null when it does not exist. */
  role(namespace: string, name: string): SourcedRule[] | null {
    return this.roles.get(`${namespace}/${name}`) ?? null;
  }

  /** The rules of a ClusterRole (aggregation expanded), or null when it does not exist. */
  clusterRole(name: string): SourcedRule[] | null {
    return this.clusterRoles.get(name) ?? null;
  }
}
