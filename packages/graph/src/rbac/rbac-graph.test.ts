// Each RBAC primitive of DESIGN.md, with a positive case and a negative one where the
// permission is scoped away (namespace, resourceNames, apiGroup, verb, Pod Security).
// Kubernetes semantics: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
import { describe, expect, it } from 'vitest';
import { buildAttackGraph } from '../build.js';
import { edgeStrings } from '../graph-builder.js';
import { snapshotFromYaml } from '../testing.js';

const BASE = `
apiVersion: v1
kind: Namespace
metadata: { name: a }
---
apiVersion: v1
kind: Namespace
metadata: { name: b }
---
apiVersion: v1
kind: Namespace
metadata: { name: locked, labels: { pod-security.kubernetes.io/enforce: baseline } }
---
apiVersion: v1
kind: Node
metadata: { name: n1 }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: builder, namespace: a }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: a }
spec: { nodeName: n1, containers: [{ name: c }] }
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: a }
type: Opaque
data: { password: ZmFrZQ== }
---
`;

const role = (ns: string, rules: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: r, namespace: ${ns} }\nrules: ${rules}\n---\n` +
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: rb, namespace: ${ns} }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: r }\nsubjects: [{ kind: ServiceAccount, name: builder, namespace: a }]\n---\n`;
const clusterRole = (rules: string, name = 'cr') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${name} }\nrules: ${rules}\n---\n` +
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: ${name}-crb }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name} }\nsubjects: [{ kind: ServiceAccount, name: builder, namespace: a }]\n---\n`;
const clusterRoleInNs = (ns: string, rules: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: cr }\nrules: ${rules}\n---\n` +
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: rb, namespace: ${ns} }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr }\nsubjects: [{ kind: ServiceAccount, name: builder, namespace: a }]\n---\n`;

async function edges(yaml: string): Promise<string[]> {
  return edgeStrings(buildAttackGraph(await snapshotFromYaml(BASE + yaml)));
}

type Case = [name: string, yaml: string, present: string[], absent: string[]];

const cases: Case[] = [
  [
    'POD_CREATE: create pods',
    role('a', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]'),
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
    [],
  ],
  [
    'POD_CREATE: pods are not in the apps group',
    role('a', '[{ apiGroups: [apps], resources: [pods], verbs: [create] }]'),
    [],
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
  ],
  [
    'POD_CREATE: create deployments (apps)',
    role('a', '[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]'),
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
    [],
  ],
  [
    'POD_CREATE: create cronjobs (batch)',
    role('a', '[{ apiGroups: [batch], resources: [cronjobs], verbs: [create] }]'),
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
    [],
  ],
  [
    'POD_CREATE: cronjobs are not in apps',
    role('a', '[{ apiGroups: [apps], resources: [cronjobs], verbs: [create] }]'),
    [],
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
  ],
  [
    'POD_CREATE: resourceNames never allow create',
    role('a', '[{ apiGroups: [""], resources: [pods], resourceNames: [x], verbs: [create] }]'),
    [],
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
  ],
  // The API server's answers (issue 21): resourceNames [""] matches a request without a name.
  [
    'POD_CREATE: resourceNames [""] allows create (its name is "")',
    role('a', '[{ apiGroups: [""], resources: [pods], resourceNames: [""], verbs: [create] }]'),
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
    [],
  ],
  // An aggregated ClusterRole's own rules are replaced once a role matches its selector.
  [
    "POD_CREATE: an aggregated role's own create-pods rule is gone once a role matches",
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: agg }\naggregationRule: { clusterRoleSelectors: [{ matchLabels: { feed: agg } }] }\nrules: [{ apiGroups: [""], resources: [pods], verbs: [create] }]\n---\n` +
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: part, labels: { feed: agg } }\nrules: [{ apiGroups: [""], resources: [configmaps], verbs: [get] }]\n---\n` +
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: rb, namespace: a }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agg }\nsubjects: [{ kind: ServiceAccount, name: builder, namespace: a }]\n---\n`,
    [],
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
  ],
  [
    'POD_CREATE: an aggregated role nothing matches keeps its own rules',
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: agg }\naggregationRule: { clusterRoleSelectors: [{ matchLabels: { feed: nobody } }] }\nrules: [{ apiGroups: [""], resources: [pods], verbs: [create] }]\n---\n` +
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: rb, namespace: a }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agg }\nsubjects: [{ kind: ServiceAccount, name: builder, namespace: a }]\n---\n`,
    ['POD_CREATE binding:a/rb hub:pod-create/a'],
    [],
  ],
  [
    'POD_CREATE: runs as any SA of the namespace',
    role('a', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]'),
    [
      'POD_CREATE_AS_SA hub:pod-create/a sa:a/builder',
      'POD_CREATE_AS_SA hub:pod-create/a sa:a/default',
      'POD_CREATE_MOUNT_SECRET hub:pod-create/a hub:secrets/a',
      'HUB_MEMBER hub:secrets/a secret:a/db',
    ],
    ['POD_CREATE_AS_SA hub:pod-create/a sa:b/default'],
  ],
  [
    'POD_CREATE_PRIVILEGED: no Pod Security label',
    role('a', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]'),
    ['POD_CREATE_PRIVILEGED hub:pod-create/a hub:nodes', 'HUB_MEMBER hub:nodes node:n1'],
    [],
  ],
  [
    'POD_CREATE_PRIVILEGED: enforce=baseline forbids it',
    role('locked', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]'),
    ['POD_CREATE binding:locked/rb hub:pod-create/locked'],
    ['POD_CREATE_PRIVILEGED hub:pod-create/locked hub:nodes'],
  ],
  [
    'POD_PATCH: patch pods',
    role('a', '[{ apiGroups: [""], resources: [pods], verbs: [patch] }]'),
    ['POD_PATCH binding:a/rb hub:exec/a', 'HUB_MEMBER hub:exec/a pod:a/web'],
    [],
  ],
  [
    'POD_PATCH: resourceNames limit it to the named pod',
    role('a', '[{ apiGroups: [""], resources: [pods], resourceNames: [web], verbs: [update] }]'),
    ['POD_PATCH binding:a/rb pod:a/web'],
    ['POD_PATCH binding:a/rb hub:exec/a'],
  ],
  [
    'POD_PATCH: a workload template rewrite is pod creation',
    role('a', '[{ apiGroups: [apps], resources: [deployments], verbs: [patch] }]'),
    ['POD_PATCH binding:a/rb hub:pod-create/a'],
    [],
  ],
  [
    'POD_PATCH: the scale subresource is not the template',
    role('a', '[{ apiGroups: [apps], resources: [deployments/scale], verbs: [patch] }]'),
    [],
    ['POD_PATCH binding:a/rb hub:pod-create/a'],
  ],
  [
    'POD_EXEC: create pods/exec',
    role('a', '[{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]'),
    ['POD_EXEC binding:a/rb hub:exec/a'],
    [],
  ],
  [
    'POD_EXEC: get pods/exec (WebSocket upgrade before 1.35)',
    role('a', '[{ apiGroups: [""], resources: [pods/exec], verbs: [get] }]'),
    ['POD_EXEC binding:a/rb hub:exec/a'],
    [],
  ],
  [
    'POD_EXEC: pods/* is not a wildcard',
    role('a', '[{ apiGroups: [""], resources: ["pods/*"], verbs: [create] }]'),
    [],
    ['POD_EXEC binding:a/rb hub:exec/a'],
  ],
  [
    'POD_EXEC: a RoleBinding in b does not reach pods of a',
    role('b', '[{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]'),
    ['POD_EXEC binding:b/rb hub:exec/b'],
    ['POD_EXEC binding:b/rb hub:exec/a'],
  ],
  [
    'POD_ATTACH_STREAM: create pods/attach',
    role('a', '[{ apiGroups: [""], resources: [pods/attach], verbs: [create] }]'),
    ['POD_ATTACH_STREAM binding:a/rb hub:exec/a'],
    [],
  ],
  [
    'POD_ATTACH_STREAM: pods/log is not attach',
    role('a', '[{ apiGroups: [""], resources: [pods/log], verbs: [get] }]'),
    [],
    ['POD_ATTACH_STREAM binding:a/rb hub:exec/a'],
  ],
  [
    'POD_EPHEMERAL_CONTAINER: patch pods/ephemeralcontainers',
    role('a', '[{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [patch] }]'),
    ['POD_EPHEMERAL_CONTAINER binding:a/rb hub:exec/a'],
    [],
  ],
  [
    'POD_EPHEMERAL_CONTAINER: get is read-only',
    role('a', '[{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [get] }]'),
    [],
    ['POD_EPHEMERAL_CONTAINER binding:a/rb hub:exec/a'],
  ],
  [
    'POD_PORT_FORWARD: create pods/portforward',
    role('a', '[{ apiGroups: [""], resources: [pods/portforward], verbs: [create] }]'),
    ['POD_PORT_FORWARD binding:a/rb hub:port-forward/a'],
    [],
  ],
  [
    'POD_PORT_FORWARD: exec is not port-forward',
    role('a', '[{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]'),
    [],
    ['POD_PORT_FORWARD binding:a/rb hub:port-forward/a'],
  ],
  [
    'TOKEN_LIST: list secrets',
    role('a', '[{ apiGroups: [""], resources: [secrets], verbs: [list] }]'),
    ['TOKEN_LIST binding:a/rb hub:secrets/a'],
    [],
  ],
  // A list carries no name (""): resourceNames [""] lists every secret; a get of "" reads none.
  [
    'TOKEN_LIST: resourceNames [""] still lists every secret',
    role('a', '[{ apiGroups: [""], resources: [secrets], resourceNames: [""], verbs: [list] }]'),
    ['TOKEN_LIST binding:a/rb hub:secrets/a'],
    [],
  ],
  [
    'TOKEN_BRUTEFORCE: get with resourceNames [""] names no secret',
    role('a', '[{ apiGroups: [""], resources: [secrets], resourceNames: [""], verbs: [get] }]'),
    [],
    ['TOKEN_BRUTEFORCE binding:a/rb hub:secrets/a', 'TOKEN_BRUTEFORCE binding:a/rb secret:a/'],
  ],
  [
    'TOKEN_LIST: configmaps are not secrets',
    role('a', '[{ apiGroups: [""], resources: [configmaps], verbs: [list] }]'),
    [],
    ['TOKEN_LIST binding:a/rb hub:secrets/a'],
  ],
  [
    'TOKEN_BRUTEFORCE: get a named secret only',
    role('a', '[{ apiGroups: [""], resources: [secrets], resourceNames: [db], verbs: [get] }]'),
    ['TOKEN_BRUTEFORCE binding:a/rb secret:a/db'],
    ['TOKEN_BRUTEFORCE binding:a/rb hub:secrets/a'],
  ],
  [
    'TOKEN_BRUTEFORCE: a name that does not exist reaches nothing',
    role('a', '[{ apiGroups: [""], resources: [secrets], resourceNames: [other], verbs: [get] }]'),
    [],
    ['TOKEN_BRUTEFORCE binding:a/rb secret:a/db', 'TOKEN_BRUTEFORCE binding:a/rb secret:a/other'],
  ],
  [
    'SECRET_SA_TOKEN: a legacy token secret holds its SA',
    'apiVersion: v1\nkind: Secret\nmetadata: { name: builder-token, namespace: a, annotations: { kubernetes.io/service-account.name: builder } }\ntype: kubernetes.io/service-account-token\n---\n',
    ['SECRET_SA_TOKEN secret:a/builder-token sa:a/builder'],
    [],
  ],
  [
    'SECRET_SA_TOKEN: an Opaque secret with the annotation holds no token',
    'apiVersion: v1\nkind: Secret\nmetadata: { name: fake-token, namespace: a, annotations: { kubernetes.io/service-account.name: builder } }\ntype: Opaque\n---\n',
    [],
    ['SECRET_SA_TOKEN secret:a/fake-token sa:a/builder'],
  ],
  [
    'TOKEN_SECRET_CREATE: create secrets and read them back',
    role('a', '[{ apiGroups: [""], resources: [secrets], verbs: [create, get] }]'),
    ['TOKEN_SECRET_CREATE binding:a/rb hub:service-accounts/a'],
    [],
  ],
  [
    'TOKEN_SECRET_CREATE: create alone cannot read the token',
    role('a', '[{ apiGroups: [""], resources: [secrets], verbs: [create] }]'),
    [],
    ['TOKEN_SECRET_CREATE binding:a/rb hub:service-accounts/a'],
  ],
  [
    'TOKEN_REQUEST: serviceaccounts/token for a named SA',
    role(
      'a',
      '[{ apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [builder], verbs: [create] }]',
    ),
    ['TOKEN_REQUEST binding:a/rb sa:a/builder'],
    ['TOKEN_REQUEST binding:a/rb hub:service-accounts/a'],
  ],
  [
    'TOKEN_REQUEST: get does not mint tokens',
    role('a', '[{ apiGroups: [""], resources: [serviceaccounts/token], verbs: [get] }]'),
    [],
    ['TOKEN_REQUEST binding:a/rb hub:service-accounts/a'],
  ],
  [
    'IDENTITY_IMPERSONATE: users, cluster-wide',
    clusterRole('[{ apiGroups: [""], resources: [users], verbs: [impersonate] }]'),
    ['IDENTITY_IMPERSONATE clusterbinding:cr-crb hub:users'],
    [],
  ],
  [
    'IDENTITY_IMPERSONATE: a RoleBinding cannot grant users (cluster-scoped)',
    clusterRoleInNs('a', '[{ apiGroups: [""], resources: [users], verbs: [impersonate] }]'),
    [],
    ['IDENTITY_IMPERSONATE binding:a/rb hub:users'],
  ],
  [
    'IDENTITY_IMPERSONATE: named users only',
    clusterRole('[{ apiGroups: [""], resources: [users], resourceNames: [jane], verbs: [impersonate] }]'),
    ['IDENTITY_IMPERSONATE clusterbinding:cr-crb user:jane'],
    ['IDENTITY_IMPERSONATE clusterbinding:cr-crb hub:users'],
  ],
  [
    'IDENTITY_IMPERSONATE: groups with a user to impersonate',
    clusterRole('[{ apiGroups: [""], resources: [users, groups], verbs: [impersonate] }]'),
    ['IDENTITY_IMPERSONATE clusterbinding:cr-crb hub:groups', 'HUB_MEMBER hub:groups group:system:masters'],
    [],
  ],
  [
    'IDENTITY_IMPERSONATE: groups alone are refused',
    clusterRole('[{ apiGroups: [""], resources: [groups], verbs: [impersonate] }]'),
    [],
    ['IDENTITY_IMPERSONATE clusterbinding:cr-crb hub:groups'],
  ],
  [
    'IDENTITY_IMPERSONATE: service accounts of the namespace',
    role(
      'a',
      '[{ apiGroups: [""], resources: [serviceaccounts], resourceNames: [builder], verbs: [impersonate] }]',
    ),
    ['IDENTITY_IMPERSONATE binding:a/rb sa:a/builder'],
    [],
  ],
  [
    'ROLE_BIND: create clusterrolebindings + bind a named clusterrole',
    clusterRole(
      '[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }, { apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [cr], verbs: [bind] }]',
    ),
    ['ROLE_BIND clusterbinding:cr-crb hub:role-grant/cluster/ClusterRole:cr'],
    ['ROLE_BIND clusterbinding:cr-crb target:cluster-admin'],
  ],
  [
    'ROLE_BIND: bind without create grants nothing',
    clusterRole('[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }]'),
    [],
    ['ROLE_BIND clusterbinding:cr-crb target:cluster-admin'],
  ],
  [
    'ROLE_BIND: unrestricted bind + create clusterrolebindings is cluster-admin',
    clusterRole(
      '[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }, { apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }]',
    ),
    ['ROLE_BIND clusterbinding:cr-crb target:cluster-admin'],
    [],
  ],
  [
    'ROLE_BIND: create and bind held through two bindings of one identity',
    role('a', '[{ apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create] }]') +
      clusterRoleInNs(
        'a',
        '[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }]',
      ).replace(/name: rb,/, 'name: rb2,'),
    ['ROLE_BIND sa:a/builder hub:role-grant/a/*'],
    ['ROLE_BIND binding:a/rb hub:role-grant/a/*'],
  ],
  [
    'ROLE_ESCALATE: escalate + update on the bound role',
    role('a', '[{ apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate, update] }]'),
    ['ROLE_ESCALATE binding:a/rb hub:role-grant/a/*'],
    [],
  ],
  [
    'ROLE_ESCALATE: escalate without update',
    role('a', '[{ apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate] }]'),
    [],
    ['ROLE_ESCALATE binding:a/rb hub:role-grant/a/*'],
  ],
  [
    'NODE_PROXY: nodes/proxy runs code in every pod',
    clusterRole('[{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }]'),
    ['NODE_PROXY clusterbinding:cr-crb hub:exec'],
    [],
  ],
  [
    'NODE_PROXY: nodes/metrics is not proxy',
    clusterRole('[{ apiGroups: [""], resources: [nodes/metrics, nodes], verbs: [get] }]'),
    [],
    ['NODE_PROXY clusterbinding:cr-crb hub:exec'],
  ],
  [
    'NODE_PROXY: a named node reaches its pods',
    clusterRole('[{ apiGroups: [""], resources: [nodes/proxy], resourceNames: [n1], verbs: [create] }]'),
    ['NODE_PROXY clusterbinding:cr-crb hub:kubelet/n1', 'HUB_MEMBER hub:kubelet/n1 pod:a/web'],
    [],
  ],
  [
    'CSR_FORGE: create, approve and sign client certificates',
    clusterRole(
      '[{ apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create] }, { apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update] }, { apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [kubernetes.io/kube-apiserver-client], verbs: [approve] }]',
    ),
    ['CSR_FORGE clusterbinding:cr-crb group:system:masters'],
    [],
  ],
  [
    'CSR_FORGE: approving another signer does not issue client certificates',
    clusterRole(
      '[{ apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create] }, { apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update] }, { apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [kubernetes.io/kubelet-serving], verbs: [approve] }]',
    ),
    [],
    ['CSR_FORGE clusterbinding:cr-crb group:system:masters'],
  ],
  [
    'WEBHOOK_CONTROL: write mutating webhooks',
    clusterRole(
      '[{ apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [patch] }]',
    ),
    ['WEBHOOK_CONTROL clusterbinding:cr-crb hub:pod-create'],
    [],
  ],
  [
    'WEBHOOK_CONTROL: reading them is harmless',
    clusterRole(
      '[{ apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get, list] }]',
    ),
    [],
    ['WEBHOOK_CONTROL clusterbinding:cr-crb hub:pod-create'],
  ],
  [
    'NAMESPACE_PSA_WEAKEN: patch the namespace, then create privileged pods',
    clusterRoleInNs(
      'locked',
      '[{ apiGroups: [""], resources: [namespaces], verbs: [patch] }, { apiGroups: [""], resources: [pods], verbs: [create] }]',
    ),
    ['NAMESPACE_PSA_WEAKEN binding:locked/rb hub:nodes'],
    [],
  ],
  [
    'NAMESPACE_PSA_WEAKEN: a RoleBinding elsewhere cannot patch this namespace',
    clusterRoleInNs(
      'b',
      '[{ apiGroups: [""], resources: [namespaces], verbs: [patch] }, { apiGroups: [""], resources: [pods], verbs: [create] }]',
    ),
    [],
    ['NAMESPACE_PSA_WEAKEN binding:b/rb hub:nodes'],
  ],
  [
    'AWS_AUTH_PATCH: update kube-system/aws-auth on EKS',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: aws-auth, namespace: kube-system }\ndata: { mapRoles: "[]" }\n---\n' +
      role(
        'kube-system',
        '[{ apiGroups: [""], resources: [configmaps], resourceNames: [aws-auth], verbs: [update] }]',
      ),
    ['AWS_AUTH_PATCH binding:kube-system/rb group:system:masters'],
    [],
  ],
  [
    'AWS_AUTH_PATCH: not on a cluster without aws-auth',
    role(
      'kube-system',
      '[{ apiGroups: [""], resources: [configmaps], resourceNames: [aws-auth], verbs: [update] }]',
    ),
    [],
    ['AWS_AUTH_PATCH binding:kube-system/rb group:system:masters'],
  ],
  [
    'CLUSTER_ADMIN: * on * cluster-wide',
    clusterRole('[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]'),
    ['CLUSTER_ADMIN clusterbinding:cr-crb target:cluster-admin'],
    [],
  ],
  [
    'CLUSTER_ADMIN: * on * through a RoleBinding is only namespace power',
    clusterRoleInNs('a', '[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]'),
    ['POD_CREATE binding:a/rb hub:pod-create/a', 'TOKEN_LIST binding:a/rb hub:secrets/a'],
    ['CLUSTER_ADMIN binding:a/rb target:cluster-admin'],
  ],
  [
    'ETCD_ACCESS: cluster-wide secret read',
    clusterRole('[{ apiGroups: [""], resources: [secrets], verbs: [list] }]'),
    ['TOKEN_LIST clusterbinding:cr-crb hub:secrets', 'ETCD_ACCESS hub:secrets target:etcd'],
    [],
  ],
  [
    'ETCD_ACCESS: secret read in one namespace is not etcd',
    role('a', '[{ apiGroups: [""], resources: [secrets], verbs: [list] }]'),
    ['TOKEN_LIST binding:a/rb hub:secrets/a'],
    ['ETCD_ACCESS hub:secrets target:etcd'],
  ],
  [
    'MEMBER_OF and PERMISSION_DISCOVER: the SA, its implicit groups, its binding',
    role('a', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]'),
    [
      'MEMBER_OF sa:a/builder group:system:serviceaccounts:a',
      'MEMBER_OF sa:a/builder group:system:authenticated',
      'PERMISSION_DISCOVER sa:a/builder binding:a/rb',
    ],
    ['MEMBER_OF sa:a/builder group:system:serviceaccounts:b'],
  ],
];

describe('RBAC edges', () => {
  it.each(cases)('%s', async (_name, yaml, present, absent) => {
    const got = await edges(yaml);
    for (const e of present) expect(got).toContain(e);
    for (const e of absent) expect(got).not.toContain(e);
  });

  it('gives a cluster-admin binding one edge, not every implied one', async () => {
    const got = (await edges(clusterRole('[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]'))).filter(
      (e) => e.includes(' clusterbinding:cr-crb '),
    );
    expect(got).toEqual(['CLUSTER_ADMIN clusterbinding:cr-crb target:cluster-admin']);
  });

  it('keeps the binding, role and rule as evidence', async () => {
    const graph = buildAttackGraph(
      await snapshotFromYaml(
        BASE +
          role(
            'a',
            '[{ apiGroups: [""], resources: [configmaps], verbs: [get] }, { apiGroups: [""], resources: [pods/exec], verbs: [create] }]',
          ),
      ),
    );
    const exec = graph.edges.find((e) => e.kind === 'POD_EXEC');
    expect(exec?.evidence).toEqual([
      { kind: 'RoleBinding', namespace: 'a', name: 'rb', path: '/roleRef' },
      { kind: 'Role', namespace: 'a', name: 'r', path: '/rules/1' },
    ]);
  });
});
