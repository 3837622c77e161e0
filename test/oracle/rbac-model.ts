/**
 * A seeded generator of random but valid RBAC, identities and requests for the differential
 * test against the real kube-apiserver (rbac-oracle.ts).
 *
 * Every name a case creates carries the placeholder `@@`, replaced by a run prefix when the
 * case is applied, so that a case can be applied again (shrinking) without meeting its
 * earlier copy. Groups shared by every identity (system:authenticated, …) are bound too:
 * a case is applied alone and deleted afterwards.
 */
import { matchesLabelSelector, type LabelSelector } from '@kubepath/model';
import { seededRandom } from '@kubepath/testkit';

export interface Rng {
  next(): number;
  pick<T>(items: readonly T[]): T;
  some<T>(items: readonly T[], max: number): T[];
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  return {
    next,
    pick,
    chance: (p) => next() < p,
    some: (items, max) => {
      const n = 1 + Math.floor(next() * max);
      return [...new Set(Array.from({ length: n }, () => pick(items)))];
    },
  };
}

/** A Kubernetes object as JSON, with `@@` in its names. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
};

/** Who asks: a user (with the groups the authenticator would give), a group alone, a service account. */
export interface Identity {
  label: string;
  user: string;
  groups: string[];
  /** Set for a service account: how kubepath names it. */
  serviceAccount?: { namespace: string; name: string };
}

/** A who-can question, as a user types it. */
export interface RequestSpec {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface RbacCase {
  namespaces: string[];
  objects: Manifest[];
  identities: Identity[];
  requests: RequestSpec[];
}

const NS = ['@@-a', '@@-b', '@@-c'];
const USERS = ['@@-u0', '@@-u1', '@@-u2', '@@-u3', '@@-u4'];
const GROUPS = ['@@-g0', '@@-g1', '@@-g2'];
const SA_NAMES = ['runner', 'builder', 'web'];
const SHARED_GROUPS = [
  'system:authenticated',
  'system:unauthenticated',
  'system:serviceaccounts',
  'system:serviceaccounts:@@-a',
];
const BOOTSTRAP_ROLES = [
  'view',
  'edit',
  'admin',
  'system:basic-user',
  'system:discovery',
  'system:aggregate-to-edit',
];

const VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'impersonate',
  'bind',
  'escalate',
  'approve',
];
const RULE_GROUPS = [
  '',
  'apps',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'certificates.k8s.io',
  'example.com',
];
const RULE_RESOURCES = [
  'pods',
  'pods/exec',
  'pods/log',
  'pods/*',
  '*/scale',
  'deployments',
  'deployments/scale',
  'secrets',
  'configmaps',
  'namespaces',
  'namespaces/status',
  'nodes',
  'nodes/proxy',
  'clusterroles',
  'roles',
  'rolebindings',
  'csinodes',
  'volumeattachments',
  'serviceaccounts',
  'serviceaccounts/token',
  'users',
  'groups',
  'signers',
  'certificatesigningrequests/approval',
  'widgets',
];
const RESOURCE_NAMES = [['a'], [''], ['a', 'b'], ['@@-a'], ['runner']];
const URL_RULES = ['/metrics', '/healthz', '/logs*', '/logs**', '/api/*', '*', '**', '/version', '/readyz/*'];

/** What a request may name (`resource[.group][/subresource]`), bare names resolved by kubepath. */
const REQUEST_RESOURCES = [
  'pods',
  'pods/exec',
  'pods/log',
  'deployments.apps',
  'deployments.apps/scale',
  'statefulsets.apps/scale',
  'secrets',
  'configmaps',
  'namespaces',
  'namespaces/status',
  'nodes',
  'nodes/proxy',
  'clusterroles',
  'roles.rbac.authorization.k8s.io',
  'rolebindings',
  'csinodes',
  'csidrivers',
  'volumeattachments',
  'apiservices',
  'flowschemas',
  'ipaddresses',
  'servicecidrs',
  'validatingadmissionpolicies',
  'componentstatuses',
  'serviceaccounts',
  'serviceaccounts/token',
  'users',
  'groups',
  'signers',
  'certificatesigningrequests/approval',
  'widgets.example.com',
];
const REQUEST_VERBS = [...VERBS, 'use'];
const REQUEST_NAMES = ['a', 'b', 'runner', '@@-a', '@@-b'];
const URL_PATHS = [
  '/metrics',
  '/healthz',
  '/logs',
  '/logs/kubelet.log',
  '/api',
  '/apis',
  '/version',
  '/readyz/etcd',
  '/',
];

function rule(r: Rng, namespaced: boolean): Record<string, unknown> {
  const verbs = r.chance(0.08) ? ['*'] : r.some(VERBS, 3);
  if (!namespaced && r.chance(0.2)) return { verbs, nonResourceURLs: r.some(URL_RULES, 2) };
  const out: Record<string, unknown> = {
    verbs,
    apiGroups: r.chance(0.12) ? ['*'] : r.some(RULE_GROUPS, 2),
    resources: r.chance(0.08) ? ['*'] : r.some(RULE_RESOURCES, 3),
  };
  if (r.chance(0.2)) out.resourceNames = r.pick(RESOURCE_NAMES);
  return out;
}

const rules = (r: Rng, namespaced: boolean) =>
  Array.from({ length: 1 + Math.floor(r.next() * 3) }, () => rule(r, namespaced));

/** A label selector over this case's aggregation labels, with every operator. */
function selector(r: Rng): Record<string, unknown> {
  const key = r.pick(['@@-agg', '@@-tier']);
  const values = r.some(['x', 'y', 'z'], 2);
  switch (r.pick(['labels', 'In', 'NotIn', 'Exists', 'DoesNotExist', 'labels'])) {
    case 'labels':
      return { matchLabels: { [key]: values[0]! } };
    case 'In':
      return { matchExpressions: [{ key, operator: 'In', values }] };
    // NotIn and DoesNotExist also select every role without the label: bootstrap roles too.
    case 'NotIn':
      return {
        matchLabels: { '@@-tier': 'x' },
        matchExpressions: [{ key: '@@-agg', operator: 'NotIn', values }],
      };
    case 'Exists':
      return { matchExpressions: [{ key, operator: 'Exists' }] };
    default:
      return {
        matchLabels: { '@@-agg': 'y' },
        matchExpressions: [{ key: '@@-tier', operator: 'DoesNotExist' }],
      };
  }
}

function subject(r: Rng, namespaced: boolean): Record<string, unknown> {
  const rbac = 'rbac.authorization.k8s.io';
  switch (r.pick(['user', 'user', 'group', 'group', 'sa', 'sa', 'tricky'])) {
    case 'user':
      return { kind: 'User', apiGroup: rbac, name: r.pick(USERS) };
    case 'group':
      return { kind: 'Group', apiGroup: rbac, name: r.chance(0.4) ? r.pick(SHARED_GROUPS) : r.pick(GROUPS) };
    case 'sa':
      // In a RoleBinding a service account without a namespace is in the binding's.
      return namespaced && r.chance(0.3)
        ? { kind: 'ServiceAccount', name: r.pick(SA_NAMES) }
        : { kind: 'ServiceAccount', name: r.pick(SA_NAMES), namespace: r.pick(NS) };
    default:
      // A User named like a service account: exactly one is one (issue 21, class 6).
      return {
        kind: 'User',
        apiGroup: rbac,
        name: r.pick(['system:serviceaccount:@@-a:runner', 'system:serviceaccount:@@-a:runner:x']),
      };
  }
}

function identities(): Identity[] {
  const out: Identity[] = [];
  USERS.forEach((user, i) =>
    out.push({ label: `User ${user}`, user, groups: [GROUPS[i % GROUPS.length]!, 'system:authenticated'] }),
  );
  out.push({
    label: 'User system:serviceaccount:@@-a:runner:x',
    user: 'system:serviceaccount:@@-a:runner:x',
    groups: ['system:authenticated'],
  });
  for (const ns of NS)
    for (const name of SA_NAMES)
      out.push({
        label: `ServiceAccount ${ns}/${name}`,
        user: `system:serviceaccount:${ns}:${name}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
        serviceAccount: { namespace: ns, name },
      });
  for (const g of GROUPS) out.push({ label: `Group ${g}`, user: '', groups: [g] });
  out.push({ label: 'anonymous', user: 'system:anonymous', groups: ['system:unauthenticated'] });
  return out;
}

function request(r: Rng): RequestSpec {
  if (r.chance(0.2))
    return { verb: r.pick(['get', 'head', 'post', 'put', 'delete']), resource: r.pick(URL_PATHS) };
  const resource = r.pick(REQUEST_RESOURCES);
  const spec: RequestSpec = { verb: r.pick(REQUEST_VERBS), resource };
  if (r.chance(0.75)) spec.namespace = r.pick(NS);
  if (resource.startsWith('namespaces')) {
    if (r.chance(0.8)) spec.name = r.pick(NS);
  } else if (r.chance(0.4)) spec.name = r.pick(REQUEST_NAMES);
  return spec;
}

/** One random case: `roles` ClusterRoles and Roles, `bindings` bindings, `requests` requests. */
export function generateCase(
  seed: number,
  size: { roles: number; bindings: number; requests: number },
): RbacCase {
  const r = rng(seed);
  const objects: Manifest[] = NS.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const clusterRoles: string[] = [];
  const roles: { ns: string; name: string }[] = [];
  for (let i = 0; i < size.roles; i++) {
    if (r.chance(0.7)) {
      const name = `@@-cr${i}`;
      const labels: Record<string, string> = {};
      if (r.chance(0.5)) labels['@@-agg'] = r.pick(['x', 'y', 'z']);
      if (r.chance(0.3)) labels['@@-tier'] = r.pick(['x', 'y']);
      const role: Manifest = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name, labels },
      };
      if (r.chance(0.25)) {
        role.aggregationRule = {
          clusterRoleSelectors: Array.from({ length: r.chance(0.3) ? 2 : 1 }, () => selector(r)),
        };
        // Aggregated roles that also list rules of their own (issue 21, class 1).
        role.rules = r.chance(0.6) ? rules(r, false) : [];
      } else role.rules = r.chance(0.1) ? [] : rules(r, false);
      objects.push(role);
      clusterRoles.push(name);
    } else {
      const ns = r.pick(NS);
      const name = `@@-role${i}`;
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace: ns },
        rules: rules(r, true),
      });
      roles.push({ ns, name });
    }
  }
  for (let i = 0; i < size.bindings; i++) {
    const subjects = Array.from({ length: 1 + Math.floor(r.next() * 2) }, () => r);
    const refCluster = () =>
      r.chance(0.2) ? r.pick(BOOTSTRAP_ROLES) : clusterRoles.length ? r.pick(clusterRoles) : 'view';
    const apiGroup = 'rbac.authorization.k8s.io';
    if (r.chance(0.4)) {
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `@@-crb${i}` },
        roleRef: { apiGroup, kind: 'ClusterRole', name: refCluster() },
        subjects: subjects.map(() => subject(r, false)),
      });
    } else {
      const ns = r.pick(NS);
      const local = roles.filter((x) => x.ns === ns);
      const roleRef =
        local.length && r.chance(0.4)
          ? { apiGroup, kind: 'Role', name: r.pick(local).name }
          : { apiGroup, kind: 'ClusterRole', name: refCluster() };
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `@@-rb${i}`, namespace: ns },
        roleRef,
        subjects: subjects.map(() => subject(r, true)),
      });
    }
  }
  withoutOrderDependence(objects);
  return {
    namespaces: NS,
    objects,
    identities: identities(),
    requests: Array.from({ length: size.requests }, () => request(r)),
  };
}

/**
 * Empties the own rules of aggregated ClusterRoles that feed themselves through others. Whether
 * such a role's own rules survive depends on the order the aggregation controller syncs the
 * cycle (the same case gave 1599 and 1655 allowed pairs in two runs, and once the cycle
 * swapped its members' rules forever), so the server has no single answer to compare with;
 * kubepath's choice (they survive) is tested in authorizer.test.ts. Cycles without own rules
 * stay: they settle to one answer. A smaller case (shrinking) never gains a cycle.
 */
function withoutOrderDependence(objects: Manifest[]): void {
  const aggregated = objects.filter(
    (o): o is Manifest & { aggregationRule: { clusterRoleSelectors: LabelSelector[] } } =>
      o.kind === 'ClusterRole' && 'aggregationRule' in o,
  );
  const feeds = (target: (typeof aggregated)[number]) =>
    aggregated.filter(
      (source) =>
        source !== target &&
        target.aggregationRule.clusterRoleSelectors.some((s) =>
          matchesLabelSelector(s, source.metadata.labels),
        ),
    );
  for (const start of aggregated) {
    const seen = new Set<Manifest>();
    const stack = feeds(start);
    while (stack.length) {
      const role = stack.pop()!;
      if (role === start) {
        start.rules = [];
        break;
      }
      if (!seen.has(role)) {
        seen.add(role);
        stack.push(...feeds(role));
      }
    }
  }
}

/** The case with `@@` replaced by `prefix` everywhere. */
export function render<T>(value: T, prefix: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll('@@', prefix)) as T;
}
