/**
 * Roles and what a binding's roleRef resolves to, with aggregated ClusterRoles expanded.
 *
 * A ClusterRole with an `aggregationRule` has its rules written by the cluster-role
 * aggregation controller: the union of the rules of every other ClusterRole matching one of
 * its `clusterRoleSelectors`. The union *replaces* whatever rules the role lists itself — the
 * controller server-side-applies it with Force — unless it is empty: then the controller
 * applies no rules at all and the role keeps its own (kube-controller-manager
 * pkg/controller/clusterroleaggregation, syncClusterRole and applyClusterRoles).
 * A live cluster already shows the result; manifests (a Helm render, a GitOps repo) do not, so
 * kubepath does the controller's work. Aggregated roles can feed other aggregated roles, so it
 * runs to a fixed point.
 *
 * Roles that aggregate each other in a cycle have no single outcome: whether a member's own
 * rules survive depends on the order the controller's queue syncs them (a member synced
 * while another still lists its own rules captures them, and the cycle then carries them
 * around forever). The real server kept them when the RBAC oracle created such a cycle
 * (seed 1994140893), and losing them would be a false "no path", so kubepath assumes they
 * survive: a cycle member's own rules stay in its union.
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

const sameRules = (a: SourcedRule[], b: SourcedRule[]) =>
  a.length === b.length && a.every((r, i) => ruleKey(r.rule) === ruleKey(b[i]!.rule));

/** The aggregated roles that feed themselves through other aggregated roles. */
function aggregationCycles(aggregated: ClusterRole[]): Set<ClusterRole> {
  const feeds = new Map(
    aggregated.map((target) => [
      target,
      aggregated.filter(
        (source) =>
          source !== target &&
          target.aggregationRule!.clusterRoleSelectors!.some((selector) =>
            matchesLabelSelector(selector, source.metadata.labels),
          ),
      ),
    ]),
  );
  const inCycle = new Set<ClusterRole>();
  for (const start of aggregated) {
    const seen = new Set<ClusterRole>();
    const stack = [...feeds.get(start)!];
    while (stack.length) {
      const role = stack.pop()!;
      if (role === start) {
        inCycle.add(start);
        break;
      }
      if (seen.has(role)) continue;
      seen.add(role);
      stack.push(...feeds.get(role)!);
    }
  }
  return inCycle;
}

/** Every role of a snapshot, by scope and name, with aggregated ClusterRoles expanded. */
export class RoleIndex {
  private readonly roles = new Map<string, SourcedRule[]>();
  private readonly clusterRoles = new Map<string, SourcedRule[]>();

  constructor(snapshot: Snapshot) {
    for (const role of snapshot.objects.roles) {
      this.roles.set(`${role.metadata.namespace}/${role.metadata.name}`, ownRules('Role', role));
    }
    const all = [...snapshot.objects.clusterRoles].sort((a, b) =>
      a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
    );
    const own = new Map<string, SourcedRule[]>();
    for (const role of all) {
      own.set(role.metadata.name, ownRules('ClusterRole', role));
      this.clusterRoles.set(role.metadata.name, own.get(role.metadata.name)!);
    }
    const aggregated = all.filter((r) => (r.aggregationRule?.clusterRoleSelectors ?? []).length > 0);
    const inCycle = aggregationCycles(aggregated);
    // Fixed point, one role at a time in name order (a cycle of aggregated roles settles the
    // way the controller's queue would, and the pass bound ends any oscillation).
    for (let pass = 0; pass <= all.length; pass++) {
      let changed = false;
      for (const target of aggregated) {
        const union: SourcedRule[] = [];
        const seen = new Set<string>();
        const add = (rules: SourcedRule[]) => {
          for (const r of rules) {
            const key = ruleKey(r.rule);
            if (seen.has(key)) continue;
            seen.add(key);
            union.push(r);
          }
        };
        if (inCycle.has(target)) add(own.get(target.metadata.name)!);
        for (const selector of target.aggregationRule!.clusterRoleSelectors!) {
          for (const source of all) {
            if (source === target || !matchesLabelSelector(selector, source.metadata.labels)) continue;
            add(this.clusterRoles.get(source.metadata.name)!);
          }
        }
        const next = union.length > 0 ? union : own.get(target.metadata.name)!;
        const current = this.clusterRoles.get(target.metadata.name)!;
        if (sameRules(next, current)) continue;
        this.clusterRoles.set(target.metadata.name, next);
        changed = true;
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
