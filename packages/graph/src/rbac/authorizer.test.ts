// The authorizer against documented Kubernetes RBAC behaviour:
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/ and
// kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '@kubepath/model';
import { snapshotFromYaml } from '../testing.js';
import { RbacAuthorizer, namespaceRequest } from './authorizer.js';
import type { Principal } from './principals.js';
import type { RequestAttributes } from './rule-match.js';

const cr = (name: string, rules: string, labels = '') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${name}${labels ? `, labels: ${labels}` : ''} }\nrules: ${rules}\n---\n`;
const crb = (name: string, role: string, subject: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: ${name} }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }\nsubjects: [${subject}]\n---\n`;
const rb = (ns: string, name: string, kind: string, role: string, subject: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: ${name}, namespace: ${ns} }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${role} }\nsubjects: [${subject}]\n---\n`;
const user = (n: string) => `{ kind: User, apiGroup: rbac.authorization.k8s.io, name: "${n}" }`;
const group = (n: string) => `{ kind: Group, apiGroup: rbac.authorization.k8s.io, name: "${n}" }`;

const FIXTURE = [
  cr('pod-reader', '[{ apiGroups: [""], resources: [pods], verbs: [get, list] }]'),
  cr('all-in-core', '[{ apiGroups: [""], resources: ["*"], verbs: ["*"] }]'),
  cr(
    'star-star',
    '[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]',
  ),
  cr('deploy-apps', '[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]'),
  cr('scale-any', '[{ apiGroups: ["*"], resources: ["*/scale"], verbs: [update] }]'),
  cr('pods-star', '[{ apiGroups: [""], resources: ["pods/*"], verbs: [create] }]'),
  cr('named-secret', '[{ apiGroups: [""], resources: [secrets], resourceNames: [db], verbs: [get] }]'),
  cr('create-named', '[{ apiGroups: [""], resources: [pods], resourceNames: [x], verbs: [create, delete] }]'),
  cr('metrics', '[{ nonResourceURLs: ["/metrics", "/logs/*"], verbs: [get] }]'),
  cr('namespace-editor', '[{ apiGroups: [""], resources: [namespaces], verbs: [patch] }]'),
  cr('everything-in-ns', '[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]'),
  cr('exec-only', '[{ apiGroups: [""], resources: ["pods/exec"], verbs: [create] }]'),
  // aggregation: agg <- agg-part (matchLabels); agg-nested <- agg (which is itself aggregated);
  // agg-expr <- part-a (matchExpressions).
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: agg, labels: { nest: "yes" } }\naggregationRule:\n  clusterRoleSelectors: [{ matchLabels: { agg: "yes" } }]\nrules: []\n---\n`,
  cr('agg-part', '[{ apiGroups: [""], resources: [configmaps], verbs: [get] }]', '{ agg: "yes" }'),
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: agg-nested }\naggregationRule:\n  clusterRoleSelectors: [{ matchLabels: { nest: "yes" } }]\n---\n`,
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: agg-expr }\naggregationRule:\n  clusterRoleSelectors: [{ matchExpressions: [{ key: tier, operator: In, values: [a, b] }] }]\n---\n`,
  cr('part-a', '[{ apiGroups: [""], resources: [secrets], verbs: [list] }]', '{ tier: a }'),
  cr('part-c', '[{ apiGroups: [""], resources: [nodes], verbs: [delete] }]', '{ tier: c }'),
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: local-reader, namespace: dev }\nrules: [{ apiGroups: [""], resources: [services], verbs: [get] }]\n---\n`,
  rb('dev', 'rb-pod-reader', 'ClusterRole', 'pod-reader', user('alice')),
  rb('dev', 'rb-local', 'Role', 'local-reader', group('devs')),
  rb('dev', 'rb-sa-nons', 'ClusterRole', 'pod-reader', '{ kind: ServiceAccount, name: builder }'),
  rb('dev', 'rb-dangling', 'Role', 'missing', user('alice')),
  rb('dev', 'rb-metrics', 'ClusterRole', 'metrics', user('rbmetrics')),
  rb('dev', 'rb-ns', 'ClusterRole', 'namespace-editor', user('nsed')),
  rb('dev', 'rb-user-sa', 'ClusterRole', 'pod-reader', user('system:serviceaccount:prod:robot')),
  rb('dev', 'rb-everything', 'ClusterRole', 'everything-in-ns', user('dev-admin')),
  rb(
    'prod',
    'rb-named',
    'ClusterRole',
    'named-secret',
    '{ kind: ServiceAccount, name: app, namespace: prod }',
  ),
  rb('prod', 'rb-sa-group', 'ClusterRole', 'pod-reader', group('system:serviceaccounts:prod')),
  rb('prod', 'rb-exec-all-sa', 'ClusterRole', 'exec-only', group('system:serviceaccounts')),
  crb('crb-admin', 'star-star', user('root')),
  crb('crb-core', 'all-in-core', user('corey')),
  crb('crb-deploy', 'deploy-apps', '{ kind: ServiceAccount, name: ci, namespace: prod }'),
  crb('crb-scale', 'scale-any', user('scaler')),
  crb('crb-podsstar', 'pods-star', user('starry')),
  crb('crb-create-named', 'create-named', user('namer')),
  crb('crb-metrics', 'metrics', group('system:authenticated')),
  crb('crb-agg', 'agg', user('agg-user')),
  crb('crb-agg-nested', 'agg-nested', user('nested-user')),
  crb('crb-expr', 'agg-expr', user('expr-user')),
  crb('crb-unauth', 'pod-reader', group('system:unauthenticated')),
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: crb-role-ref }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: local-reader }\nsubjects: [${user('rolereffer')}]\n`,
].join('');

const U = (name: string): Principal => ({ kind: 'User', name });
const G = (name: string): Principal => ({ kind: 'Group', name });
const SA = (namespace: string, name: string): Principal => ({ kind: 'ServiceAccount', namespace, name });
const r = (
  verb: string,
  resource: string,
  namespace?: string,
  extra: Partial<RequestAttributes> = {},
): RequestAttributes => {
  const [res, sub] = resource.split('/');
  return {
    verb,
    apiGroup: '',
    resource: res!,
    ...(sub ? { subresource: sub } : {}),
    ...(namespace ? { namespace } : {}),
    ...extra,
  } as RequestAttributes;
};

let authorizer: RbacAuthorizer;
let snapshot: Snapshot;
beforeAll(async () => {
  snapshot = await snapshotFromYaml(FIXTURE);
  authorizer = new RbacAuthorizer(snapshot);
});

const allowed = (p: Principal, req: RequestAttributes) => {
  const result = authorizer.can(p, req);
  return result === 'superuser' || result.length > 0;
};

describe('RbacAuthorizer.can', () => {
  it.each<[string, Principal, RequestAttributes, boolean]>([
    // verbs
    ['exact verb', U('alice'), r('get', 'pods', 'dev'), true],
    ['second listed verb', U('alice'), r('list', 'pods', 'dev'), true],
    ['unlisted verb', U('alice'), r('delete', 'pods', 'dev'), false],
    ['verb * allows any verb', U('corey'), r('deletecollection', 'pods', 'x'), true],
    [
      'verb * allows escalate',
      U('root'),
      { verb: 'escalate', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'admin' },
      true,
    ],
    ['verb * allows impersonate', U('root'), r('impersonate', 'users', undefined, { name: 'bob' }), true],
    // RoleBinding → ClusterRole is scoped to the binding's namespace
    ['RoleBinding→ClusterRole allows in its namespace', U('alice'), r('get', 'pods', 'dev'), true],
    ['RoleBinding→ClusterRole denies other namespaces', U('alice'), r('get', 'pods', 'prod'), false],
    ['RoleBinding→ClusterRole denies all-namespace requests', U('alice'), r('list', 'pods'), false],
    ['RoleBinding→Role allows in its namespace', G('devs'), r('get', 'services', 'dev'), true],
    ['RoleBinding→Role denies other namespaces', G('devs'), r('get', 'services', 'prod'), false],
    ['a Role grants only its own rules', G('devs'), r('get', 'pods', 'dev'), false],
    [
      'ClusterRoleBinding grants in every namespace',
      SA('prod', 'ci'),
      { verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'any' },
      true,
    ],
    ['ClusterRoleBinding grants cluster-wide requests', U('corey'), r('list', 'nodes'), true],
    ['RoleBinding cannot grant cluster-scoped resources', U('dev-admin'), r('get', 'nodes'), false],
    [
      'RoleBinding wildcard grants everything namespaced',
      U('dev-admin'),
      { verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'dev' },
      true,
    ],
    [
      'RoleBinding wildcard does not reach another namespace',
      U('dev-admin'),
      r('get', 'secrets', 'prod'),
      false,
    ],
    // a Namespace object is in its own namespace
    ['RoleBinding covers its own Namespace object', U('nsed'), namespaceRequest('patch', 'dev'), true],
    [
      'RoleBinding does not cover another Namespace object',
      U('nsed'),
      namespaceRequest('patch', 'prod'),
      false,
    ],
    [
      'RoleBinding wildcard covers deleting its own Namespace',
      U('dev-admin'),
      namespaceRequest('delete', 'dev'),
      true,
    ],
    // API groups
    [
      'core group "" does not match apps',
      U('corey'),
      { verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'x' },
      false,
    ],
    [
      'named group matches',
      SA('prod', 'ci'),
      { verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'x' },
      true,
    ],
    [
      'named group does not match another group',
      SA('prod', 'ci'),
      { verb: 'create', apiGroup: 'extensions', resource: 'deployments', namespace: 'x' },
      false,
    ],
    [
      'apiGroups * matches any group',
      U('root'),
      { verb: 'get', apiGroup: 'example.com', resource: 'widgets', namespace: 'x' },
      true,
    ],
    // resources and subresources
    ['resources * matches subresources', U('corey'), r('create', 'pods/exec', 'x'), true],
    ['plain resource does not match its subresource', U('alice'), r('get', 'pods/log', 'dev'), false],
    [
      '*/scale matches deployments/scale',
      U('scaler'),
      { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'x' },
      true,
    ],
    [
      '*/scale matches statefulsets/scale',
      U('scaler'),
      { verb: 'update', apiGroup: 'apps', resource: 'statefulsets', subresource: 'scale', namespace: 'x' },
      true,
    ],
    [
      '*/scale does not match the resource itself',
      U('scaler'),
      { verb: 'update', apiGroup: 'apps', resource: 'deployments', namespace: 'x' },
      false,
    ],
    ['*/scale does not match another subresource', U('scaler'), r('update', 'pods/status', 'x'), false],
    [
      'pods/* is not a wildcard: no pods/exec (unlike KubeHound)',
      U('starry'),
      r('create', 'pods/exec', 'x'),
      false,
    ],
    ['pods/* is not a wildcard: no pods/attach', U('starry'), r('create', 'pods/attach', 'x'), false],
    ['exact subresource matches', SA('prod', 'anyone'), r('create', 'pods/exec', 'prod'), true],
    // resourceNames
    ['resourceNames: the named object', SA('prod', 'app'), r('get', 'secrets', 'prod', { name: 'db' }), true],
    [
      'resourceNames: another object',
      SA('prod', 'app'),
      r('get', 'secrets', 'prod', { name: 'other' }),
      false,
    ],
    [
      'resourceNames: a request without a name (list all)',
      SA('prod', 'app'),
      r('get', 'secrets', 'prod'),
      false,
    ],
    [
      'resourceNames never allow create (no name at create time)',
      U('namer'),
      r('create', 'pods', 'x'),
      false,
    ],
    [
      'resourceNames allow delete of the named object',
      U('namer'),
      r('delete', 'pods', 'x', { name: 'x' }),
      true,
    ],
    ['no resourceNames allows any name', U('alice'), r('get', 'pods', 'dev', { name: 'anything' }), true],
    // non-resource URLs
    ['nonResourceURL exact', U('someone'), { verb: 'get', path: '/metrics' }, true],
    ['nonResourceURL prefix *', U('someone'), { verb: 'get', path: '/logs/kube-apiserver.log' }, true],
    ['nonResourceURL prefix * needs the prefix', U('someone'), { verb: 'get', path: '/logsx' }, false],
    ['nonResourceURL other path', U('someone'), { verb: 'get', path: '/healthz' }, false],
    ['nonResourceURL verb', U('someone'), { verb: 'post', path: '/metrics' }, false],
    ['nonResourceURL * matches any path', U('root'), { verb: 'get', path: '/debug/pprof' }, true],
    ['non-resource rules do not grant resources', U('someone'), r('get', 'pods', 'x'), false],
    // implicit groups
    [
      'every authenticated user is in system:authenticated',
      U('bob'),
      { verb: 'get', path: '/metrics' },
      true,
    ],
    ['service accounts are authenticated', SA('x', 'y'), { verb: 'get', path: '/metrics' }, true],
    [
      'anonymous is not in system:authenticated',
      U('system:anonymous'),
      { verb: 'get', path: '/metrics' },
      false,
    ],
    ['anonymous is in system:unauthenticated', U('system:anonymous'), r('list', 'pods', 'x'), true],
    ['authenticated users are not in system:unauthenticated', U('bob'), r('list', 'pods', 'x'), false],
    ['SA is in system:serviceaccounts:<ns>', SA('prod', 'anyone'), r('get', 'pods', 'prod'), true],
    ['SA of another namespace is not', SA('dev', 'anyone'), r('get', 'pods', 'prod'), false],
    ['SA is in system:serviceaccounts', SA('dev', 'anyone'), r('create', 'pods/exec', 'prod'), true],
    ['users are not in system:serviceaccounts', U('bob'), r('create', 'pods/exec', 'prod'), false],
    ['node identity is authenticated', U('system:node:n1'), { verb: 'get', path: '/metrics' }, true],
    // subjects
    [
      "SA subject without namespace means the RoleBinding's namespace",
      SA('dev', 'builder'),
      r('get', 'pods', 'dev'),
      true,
    ],
    ["… and not another namespace's SA of that name", SA('prod', 'builder'), r('get', 'pods', 'dev'), false],
    [
      'User subject system:serviceaccount:<ns>:<name> is that SA',
      SA('prod', 'robot'),
      r('get', 'pods', 'dev'),
      true,
    ],
    ["a group does not hold its members' user bindings", G('alice'), r('get', 'pods', 'dev'), false],
    ['a user named like a group is not the group', U('devs'), r('get', 'services', 'dev'), false],
    // aggregation
    ["aggregated ClusterRole gets matching roles' rules", U('agg-user'), r('get', 'configmaps', 'x'), true],
    ['aggregated ClusterRole gets nothing unmatched', U('agg-user'), r('get', 'secrets', 'x'), false],
    [
      'aggregation is transitive (aggregate of an aggregate)',
      U('nested-user'),
      r('get', 'configmaps', 'x'),
      true,
    ],
    ['aggregation with matchExpressions In', U('expr-user'), r('list', 'secrets', 'x'), true],
    [
      'aggregation with matchExpressions excludes others',
      U('expr-user'),
      { verb: 'delete', apiGroup: '', resource: 'nodes', name: 'n' },
      false,
    ],
    // dangling and invalid bindings
    ['a binding to a missing Role grants nothing', U('alice'), r('get', 'configmaps', 'dev'), false],
    ['a ClusterRoleBinding to a Role grants nothing', U('rolereffer'), r('get', 'services', 'dev'), false],
    // superuser
    [
      'system:masters bypasses RBAC',
      G('system:masters'),
      r('delete', 'nodes', undefined, { name: 'n' }),
      true,
    ],
    [
      'cluster-admin rule allows cluster-scoped writes',
      U('root'),
      r('delete', 'nodes', undefined, { name: 'n' }),
      true,
    ],
    ['nobody else can delete nodes', U('bob'), r('delete', 'nodes', undefined, { name: 'n' }), false],
  ])('%s', (_name, principal, request, expected) => {
    expect(allowed(principal, request)).toBe(expected);
  });

  it('never lets a RoleBinding grant non-resource URLs (only its ClusterRoleBinding peer does)', () => {
    const result = authorizer.can(U('rbmetrics'), { verb: 'get', path: '/metrics' });
    expect(result !== 'superuser' && result.map((a) => a.grant.id)).toEqual(['clusterbinding:crb-metrics']);
  });

  it('reports dangling bindings with the reason', () => {
    expect(authorizer.dangling).toEqual([
      { id: 'binding:dev/rb-dangling', reason: 'Role dev/missing does not exist in the input' },
      { id: 'clusterbinding:crb-role-ref', reason: 'a ClusterRoleBinding cannot reference a Role' },
    ]);
  });

  it('names the binding, role and rule behind an allowance', () => {
    const result = authorizer.can(U('agg-user'), r('get', 'configmaps', 'x'));
    expect(result).not.toBe('superuser');
    const [a] = result as Exclude<typeof result, 'superuser'>;
    expect(a?.grant.id).toBe('clusterbinding:crb-agg');
    expect(a?.rules.map((x) => x.source)).toEqual([
      { kind: 'ClusterRole', namespace: undefined, name: 'agg-part', path: '/rules/0' },
    ]);
  });
});

describe('RbacAuthorizer.whoCan', () => {
  it('lists every grant that allows a request, across bindings and groups', () => {
    const ids = authorizer
      .whoCan(r('get', 'pods', 'prod'))
      .map((a) => a.grant.id)
      .sort();
    expect(ids).toEqual([
      'binding:prod/rb-sa-group',
      'clusterbinding:crb-admin',
      'clusterbinding:crb-core',
      'clusterbinding:crb-unauth',
    ]);
  });
});

// The six classes the differential test against a real kube-apiserver v1.34.4 found (issue 21).
// Each fixture below was decided by SubjectAccessReview on that server; kubepath must agree.
describe('semantics the real API server decides (issue 21)', () => {
  const role = (name: string, rules: string, extra = '') =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${name}${extra} }\nrules: ${rules}\n---\n`;
  const aggregated = (name: string, selector: string, rules: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${name} }\naggregationRule:\n  clusterRoleSelectors: [${selector}]\nrules: ${rules}\n---\n`;
  let auth: RbacAuthorizer;
  beforeAll(async () => {
    auth = new RbacAuthorizer(
      await snapshotFromYaml(
        [
          // 1. aggregation replaces the role's own rules once some role matches…
          aggregated(
            'agg-own',
            '{ matchLabels: { feed: own } }',
            '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]',
          ),
          role(
            'feeds-own',
            '[{ apiGroups: [""], resources: [configmaps], verbs: [get] }]',
            ', labels: { feed: own }',
          ),
          crb('crb-agg-own', 'agg-own', user('agg-own-user')),
          // …and keeps them when none matches, or when the matching roles have no rules.
          aggregated(
            'agg-lonely',
            '{ matchLabels: { feed: nobody } }',
            '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]',
          ),
          crb('crb-agg-lonely', 'agg-lonely', user('agg-lonely-user')),
          aggregated(
            'agg-empty-feed',
            '{ matchLabels: { feed: empty } }',
            '[{ apiGroups: [""], resources: [secrets], verbs: [list] }]',
          ),
          role('feeds-nothing', '[]', ', labels: { feed: empty }'),
          crb('crb-agg-empty', 'agg-empty-feed', user('agg-empty-user')),
          // 2. a RoleBinding on namespaces in alpha
          role('ns-reader', '[{ apiGroups: [""], resources: [namespaces], verbs: [get, list, watch] }]'),
          rb('alpha', 'rb-ns-reader', 'ClusterRole', 'ns-reader', user('ns-user')),
          // 4. trailing stars
          role(
            'urls',
            '[{ nonResourceURLs: ["/logs**", "/api/*"], verbs: [get] }, { nonResourceURLs: ["**"], verbs: [head] }]',
          ),
          crb('crb-urls', 'urls', user('url-user')),
          // 5. resourceNames [""]
          role(
            'empty-name',
            '[{ apiGroups: [""], resources: [configmaps], resourceNames: [""], verbs: [list, create, get] }]',
          ),
          crb('crb-empty-name', 'empty-name', user('empty-name-user')),
          // 6. a User subject that looks like a service account
          role('cm-reader', '[{ apiGroups: [""], resources: [configmaps], verbs: [get] }]'),
          crb('crb-lookalike', 'cm-reader', user('system:serviceaccount:alpha:runner:x')),
          crb('crb-real-sa-user', 'cm-reader', user('system:serviceaccount:beta:builder')),
        ].join(''),
      ),
    );
  });
  const can = (p: Principal, req: RequestAttributes) => {
    const result = auth.can(p, req);
    return result === 'superuser' || result.length > 0;
  };

  it.each<[string, Principal, RequestAttributes, boolean]>([
    // kube-controller-manager pkg/controller/clusterroleaggregation: syncClusterRole applies
    // the union of the matched roles' rules with Force, replacing the role's own rules.
    [
      '1. an aggregated role gets its matched roles’ rules',
      U('agg-own-user'),
      r('get', 'configmaps', 'x'),
      true,
    ],
    [
      '1. …and loses its own rules once something matches',
      U('agg-own-user'),
      r('get', 'secrets', 'x'),
      false,
    ],
    // An empty union is applied as no rules at all (WithRules() with nothing): own rules stay.
    [
      '1. nothing matches: the role keeps its own rules',
      U('agg-lonely-user'),
      r('get', 'secrets', 'x'),
      true,
    ],
    ['1. only empty roles match: own rules stay', U('agg-empty-user'), r('list', 'secrets', 'x'), true],
    // apiserver requestinfo.go: /api/v1/namespaces/alpha is in namespace alpha; the list of
    // /api/v1/namespaces?fieldSelector=metadata.name=alpha is not in any namespace.
    ['2. get namespaces/alpha is in namespace alpha', U('ns-user'), namespaceRequest('get', 'alpha'), true],
    [
      '2. list namespaces named alpha is cluster-scoped',
      U('ns-user'),
      namespaceRequest('list', 'alpha'),
      false,
    ],
    [
      '2. watch namespaces named alpha is cluster-scoped',
      U('ns-user'),
      namespaceRequest('watch', 'alpha'),
      false,
    ],
    // rbac/v1 evaluation_helpers.go NonResourceURLMatches: strings.TrimRight(ruleURL, "*").
    ['4. /logs** is the prefix /logs', U('url-user'), { verb: 'get', path: '/logs/kubelet.log' }, true],
    ['4. /logs** matches /logs itself', U('url-user'), { verb: 'get', path: '/logs' }, true],
    ['4. ** matches every path', U('url-user'), { verb: 'head', path: '/healthz' }, true],
    ['4. /api/* is no match for /apis', U('url-user'), { verb: 'get', path: '/apis' }, false],
    // ResourceNameMatches compares the request's name, "" when it has none.
    ['5. resourceNames [""] allows list (no name)', U('empty-name-user'), r('list', 'configmaps', 'x'), true],
    [
      '5. resourceNames [""] allows create (no name)',
      U('empty-name-user'),
      r('create', 'configmaps', 'x'),
      true,
    ],
    [
      '5. resourceNames [""] denies a named get',
      U('empty-name-user'),
      r('get', 'configmaps', 'x', { name: 'a' }),
      false,
    ],
    // rule.go appliesToUser: a User subject is compared as a plain string.
    [
      '6. the look-alike User grants nothing to alpha/runner',
      SA('alpha', 'runner'),
      r('get', 'configmaps', 'x'),
      false,
    ],
    [
      '6. …but grants the literal user',
      U('system:serviceaccount:alpha:runner:x'),
      r('get', 'configmaps', 'x'),
      true,
    ],
    [
      '6. a User subject with an SA’s exact username is that SA',
      SA('beta', 'builder'),
      r('get', 'configmaps', 'x'),
      true,
    ],
  ])('%s', (_name, principal, request, expected) => {
    expect(can(principal, request)).toBe(expected);
  });
});

// Found by the RBAC oracle (seed 1994140893): ClusterRoles that aggregate each other in a cycle
// are rewritten by kube-controller-manager v1.34.4 forever, and whether a member's own rules
// survive depends on the order it syncs them (the same case gave 1599 and 1655 allowed pairs in
// two runs). kubepath assumes they survive (roles.ts): a lost rule would be a false "no path".
describe('aggregated ClusterRoles in a cycle', () => {
  const clusterRole = (name: string, labels: string, selector: string | null, rules: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${name}, labels: ${labels} }\n` +
    (selector ? `aggregationRule:\n  clusterRoleSelectors: [${selector}]\n` : '') +
    `rules: ${rules}\n---\n`;
  let auth: RbacAuthorizer;
  beforeAll(async () => {
    auth = new RbacAuthorizer(
      await snapshotFromYaml(
        [
          // hub (agg y) ⇐ agg in (x, z): entry and spoke; spoke (agg z) ⇐ agg y: hub — a cycle.
          clusterRole(
            'hub',
            '{ agg: y }',
            '{ matchExpressions: [{ key: agg, operator: In, values: [x, z] }] }',
            '[{ apiGroups: [""], resources: [configmaps], verbs: [list] }]',
          ),
          clusterRole(
            'spoke',
            '{ agg: z }',
            '{ matchLabels: { agg: y } }',
            '[{ apiGroups: [""], resources: [namespaces], verbs: [delete] }]',
          ),
          // entry (agg x) ⇐ agg z: spoke; it is bound, and feeds hub too.
          clusterRole('entry', '{ agg: x }', '{ matchLabels: { agg: z } }', '[]'),
          crb('crb-entry', 'entry', user('cycle-user')),
          // Outside any cycle, aggregation still replaces own rules (class 1 above).
          clusterRole(
            'downstream',
            '{ agg: w }',
            '{ matchLabels: { agg: z } }',
            '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]',
          ),
          crb('crb-downstream', 'downstream', user('downstream-user')),
        ].join(''),
      ),
    );
  });
  const can = (p: Principal, req: RequestAttributes) => {
    const result = auth.can(p, req);
    return result === 'superuser' || result.length > 0;
  };

  it.each<[string, Principal, RequestAttributes, boolean]>([
    [
      'a cycle member’s own rule survives and reaches a role fed by the cycle',
      U('cycle-user'),
      r('delete', 'namespaces'),
      true,
    ],
    ['so does the other member’s', U('cycle-user'), r('list', 'configmaps', 'x'), true],
    ['and nothing the cycle does not hold', U('cycle-user'), r('get', 'secrets', 'x'), false],
    [
      'a role outside the cycle still loses its own rules',
      U('downstream-user'),
      r('get', 'secrets', 'x'),
      false,
    ],
    ['…and gets the cycle’s', U('downstream-user'), r('delete', 'namespaces'), true],
  ])('%s', (_name, principal, request, expected) => {
    expect(can(principal, request)).toBe(expected);
  });
});
