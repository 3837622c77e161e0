// Falco alerts matched to the graph, both ways: the named container (or the workload template
// its pod was made from), never a look-alike in another namespace; a host alert to its node.
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { knownCompromised } from './compromised.js';
import { GraphIndex } from './graph-index.js';

const CLUSTER = `apiVersion: v1
kind: Node
metadata: { name: worker-1 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { serviceAccountName: deployer, containers: [{ name: app, image: nginx }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: staging }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: nginx }] }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: deployer, namespace: shop }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: deployer-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: deployer, namespace: shop }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cluster-admin }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
`;

describe('knownCompromised', () => {
  it('finds the container of the pod an alert names, and what it reaches', async () => {
    const index = new GraphIndex(
      buildAttackGraph(await loadSnapshotFromFiles([writeTree({ 'c.yaml': CLUSTER })])),
    );
    const result = knownCompromised(index, [
      {
        rule: 'Terminal shell in container',
        line: 1,
        namespace: 'shop',
        pod: 'web-7d4b9c8f5-x2k9p',
        container: 'app',
      },
      { rule: 'Write below etc', line: 2, hostname: 'worker-1.acme.internal' },
      {
        rule: 'Terminal shell in container',
        line: 3,
        namespace: 'finance',
        pod: 'web-7d4b9c8f5-x2k9p',
        container: 'app',
      },
    ]);
    // Cheapest jewel first: the node (its kubelet credentials) before the container.
    expect(result.compromised.map((c) => c.id)).toEqual([
      'node:worker-1',
      'container:shop/Deployment.web/app',
    ]);
    const web = result.compromised.find((c) => c.id === 'container:shop/Deployment.web/app')!;
    expect(web.jewels.map((j) => j.id)).toEqual(['target:cluster-admin', 'target:etcd']);
    expect(web.jewels[0]!.path.map((s) => s.kind)).toContain('CLUSTER_ADMIN');
    // staging/web is the same workload name in another namespace: never matched.
    expect(result.compromised.some((c) => c.id.includes('staging'))).toBe(false);
    expect(result.unmatched).toEqual([
      {
        line: 3,
        rule: 'Terminal shell in container',
        names: 'pod finance/web-7d4b9c8f5-x2k9p container app',
      },
    ]);
  });
});
