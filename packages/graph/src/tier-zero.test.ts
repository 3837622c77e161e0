// Tier Zero: what holds a crown jewel by design is marked and never an entry point; what a
// user marks joins it; an operator that is not marked stays a finding.
import { describe, expect, it } from 'vitest';
import { buildAttackGraph } from './build.js';
import { snapshotFromYaml } from './testing.js';

const CLUSTER = `
apiVersion: v1
kind: Node
metadata: { name: cp-1, labels: { node-role.kubernetes.io/control-plane: "" } }
---
apiVersion: v1
kind: Node
metadata: { name: w1 }
---
apiVersion: v1
kind: Pod
metadata: { name: etcd-cp-1, namespace: kube-system, labels: { component: etcd, tier: control-plane } }
spec: { nodeName: cp-1, containers: [{ name: etcd }] }
---
apiVersion: v1
kind: Pod
metadata: { name: kube-scheduler-cp-1, namespace: kube-system }
spec: { nodeName: cp-1, containers: [{ name: kube-scheduler }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: operator, namespace: ops }
spec: { template: { spec: { serviceAccountName: operator, containers: [{ name: c }] } } }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: operator-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: operator, namespace: ops }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cluster-admin }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
---
`;

const tierZero = async (yaml: string, config?: Parameters<typeof buildAttackGraph>[1]) => {
  const g = buildAttackGraph(await snapshotFromYaml(yaml), config);
  return new Map([...g.vertices].filter(([, a]) => a.tierZero).map(([id, a]) => [id, a.tierZero!]));
};

describe('Tier Zero', () => {
  it('holds the control-plane nodes, their kubelets, the static pods and their containers, system:masters', async () => {
    const t = await tierZero(CLUSTER);
    for (const id of [
      'node:cp-1',
      'user:system:node:cp-1',
      'pod:kube-system/etcd-cp-1',
      'container:kube-system/etcd-cp-1/etcd',
      'pod:kube-system/kube-scheduler-cp-1',
      'group:system:masters',
    ])
      expect(t.has(id), id).toBe(true);
    expect(t.get('pod:kube-system/etcd-cp-1')).toBe("the control plane's etcd");
  });
  it('does not hold a worker, nor an operator that merely holds cluster-admin (that is a finding)', async () => {
    const t = await tierZero(CLUSTER);
    expect(t.has('node:w1')).toBe(false);
    expect(t.has('pod:ops/Deployment.operator')).toBe(false);
    expect(t.has('sa:ops/operator')).toBe(false);
  });
  // https://kubernetes.io/docs/reference/access-authn-authz/rbac/#controller-roles
  it("holds the controller manager's own kube-system service accounts (system:controller:* bindings), nothing else", async () => {
    const t = await tierZero(
      CLUSTER +
        `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "system:controller:namespace-controller" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: namespace-controller, namespace: kube-system }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: "system:controller:token-cleaner", namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: token-cleaner, namespace: kube-system }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "system:controller:look-alike" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: impostor, namespace: apps }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: kube-system-helper }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: helper, namespace: kube-system }]
`,
    );
    expect(t.get('sa:kube-system/namespace-controller')).toMatch(/control-plane controller/);
    expect(t.has('sa:kube-system/token-cleaner')).toBe(true);
    // Only kube-system's accounts, and only through the bootstrap policy's binding names.
    expect(t.has('sa:apps/impostor')).toBe(false);
    expect(t.has('sa:kube-system/helper')).toBe(false);
  });
  it('takes what a user marks with the label kubepath.dev/tier-zero=true, pods and containers included', async () => {
    const labelled = CLUSTER.replace(
      'metadata: { name: operator, namespace: ops }',
      'metadata: { name: operator, namespace: ops, labels: { kubepath.dev/tier-zero: "true" } }',
    );
    const t = await tierZero(labelled);
    expect(t.get('pod:ops/Deployment.operator')).toBe('label kubepath.dev/tier-zero=true');
    expect(t.has('container:ops/Deployment.operator/c')).toBe(true);
  });
  it('takes what the crown-jewel config lists under tierZero', async () => {
    const t = await tierZero(CLUSTER, {
      crownJewels: {
        apiVersion: 'kubepath.dev/v1',
        kind: 'CrownJewels',
        tierZero: [{ kind: 'Deployment', namespace: 'ops', name: 'operator', reason: 'our GitOps operator' }],
      },
    });
    expect(t.get('pod:ops/Deployment.operator')).toBe('our GitOps operator');
  });
});
