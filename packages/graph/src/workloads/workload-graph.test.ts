// Workload edges: tokens, secrets, escapes, nodes, placement, crown jewels. The "bad pods"
// follow BishopFox's badPods set (everything-allowed, priv, hostpid, hostnetwork, hostpath,
// hostipc, nothing-allowed): each with what it reaches and what it must not.
import { describe, expect, it } from 'vitest';
import { buildAttackGraph } from '../build.js';
import { edgeStrings, type AttackGraph } from '../graph-builder.js';
import { reachable, snapshotFromYaml } from '../testing.js';

const NODES = `
apiVersion: v1
kind: Node
metadata: { name: cp-1, labels: { node-role.kubernetes.io/control-plane: "" } }
spec: { taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }] }
---
apiVersion: v1
kind: Node
metadata: { name: w1 }
---
apiVersion: v1
kind: Node
metadata: { name: w2, labels: { pool: gpu } }
spec: { taints: [{ key: dedicated, value: gpu, effect: NoSchedule }] }
---
`;

const pod = (name: string, spec: string, ns = 'app', node = 'w1') => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns} }
spec:
  nodeName: ${node}
${spec
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
---
`;

async function graphOf(yaml: string): Promise<AttackGraph> {
  return buildAttackGraph(await snapshotFromYaml(NODES + yaml));
}
const out = (g: AttackGraph, from: string) => edgeStrings(g, (e) => e.from === from);

describe('bad pods (BishopFox badPods)', () => {
  const cases: [string, string, string[], string[]][] = [
    [
      'everything-allowed',
      `hostPID: true\nhostNetwork: true\nhostIPC: true\ncontainers: [{ name: c, securityContext: { privileged: true }, volumeMounts: [{ name: host, mountPath: /host }] }]\nvolumes: [{ name: host, hostPath: { path: / } }]`,
      [
        'CE_PRIV_MOUNT',
        'CE_NSENTER',
        'CE_MODULE_LOAD',
        'EXPLOIT_HOST_WRITE',
        'EXPLOIT_CONTAINERD_SOCK',
        'HOST_NETWORK',
      ],
      [],
    ],
    [
      'priv',
      `containers: [{ name: c, securityContext: { privileged: true } }]`,
      ['CE_PRIV_MOUNT', 'CE_MODULE_LOAD'],
      ['CE_NSENTER', 'HOST_NETWORK'],
    ],
    [
      'hostpid',
      `hostPID: true\ncontainers: [{ name: c }]`,
      [],
      ['CE_NSENTER', 'CE_PRIV_MOUNT', 'CE_SYS_PTRACE'],
    ],
    ['hostnetwork', `hostNetwork: true\ncontainers: [{ name: c }]`, ['HOST_NETWORK'], ['CE_PRIV_MOUNT']],
    [
      'hostpath',
      `containers: [{ name: c, volumeMounts: [{ name: host, mountPath: /host }] }]\nvolumes: [{ name: host, hostPath: { path: / } }]`,
      ['EXPLOIT_HOST_WRITE', 'EXPLOIT_HOST_TRAVERSE'],
      ['CE_PRIV_MOUNT'],
    ],
    [
      'hostipc',
      `hostIPC: true\ncontainers: [{ name: c }]`,
      [],
      ['CE_PRIV_MOUNT', 'HOST_NETWORK', 'EXPLOIT_HOST_WRITE'],
    ],
    [
      'nothing-allowed',
      `containers: [{ name: c, securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } } }]`,
      [],
      ['CE_PRIV_MOUNT', 'CE_MODULE_LOAD', 'HOST_NETWORK'],
    ],
  ];
  it.each(cases)('%s', async (name, spec, kinds, notKinds) => {
    const g = await graphOf(pod(name, spec));
    const from = `container:app/${name}/c`;
    const kindsOut = new Set(g.edges.filter((e) => e.from === from).map((e) => e.kind));
    for (const k of kinds) expect(kindsOut).toContain(k);
    for (const k of notKinds) expect(kindsOut).not.toContain(k);
    // Reach: root on w1 (and so its kubelet identity) exactly when an escape edge exists.
    const escapes = [...kindsOut].some(
      (k) => k.startsWith('CE_') || k.startsWith('EXPLOIT_HOST_W') || k === 'EXPLOIT_CONTAINERD_SOCK',
    );
    expect(reachable(g, from).has('node:w1')).toBe(escapes);
    expect(reachable(g, from).has('user:system:node:w1')).toBe(escapes);
  });

  it('hostIPC is recorded as a finding on the container', async () => {
    const g = await graphOf(pod('ipc', `hostIPC: true\ncontainers: [{ name: c }]`));
    expect(g.vertices.get('container:app/ipc/c')?.findings?.map((f) => f.id)).toContain('host-ipc');
  });
});

describe('capability escapes', () => {
  it.each<[string, string, string | null]>([
    ['SYS_ADMIN', 'capabilities: { add: [SYS_ADMIN] }', 'CE_SYS_ADMIN'],
    ['SYS_MODULE', 'capabilities: { add: [CAP_SYS_MODULE] }', 'CE_MODULE_LOAD'],
    ['DAC_READ_SEARCH', 'capabilities: { add: [dac_read_search] }', 'CE_DAC_READ_SEARCH'],
    ['SYS_ADMIN added and dropped', 'capabilities: { add: [SYS_ADMIN], drop: [SYS_ADMIN] }', null],
    ['NET_ADMIN is no escape', 'capabilities: { add: [NET_ADMIN] }', null],
  ])('%s', async (_n, sc, kind) => {
    const g = await graphOf(pod('p', `containers: [{ name: c, securityContext: { ${sc} } }]`));
    const kinds = g.edges
      .filter((e) => e.from === 'container:app/p/c' && e.to === 'node:w1')
      .map((e) => e.kind);
    expect(kinds).toEqual(kind ? [kind] : []);
  });

  it('SYS_PTRACE needs hostPID', async () => {
    const withPid = await graphOf(
      pod(
        'p',
        `hostPID: true\ncontainers: [{ name: c, securityContext: { capabilities: { add: [SYS_PTRACE] } } }]`,
      ),
    );
    expect(out(withPid, 'container:app/p/c')).toContain('CE_SYS_PTRACE container:app/p/c node:w1');
    const without = await graphOf(
      pod('p', `containers: [{ name: c, securityContext: { capabilities: { add: [SYS_PTRACE] } } }]`),
    );
    expect(out(without, 'container:app/p/c').filter((e) => e.startsWith('CE_'))).toEqual([]);
  });

  it('core_pattern needs a writable /proc/sys/kernel and root', async () => {
    const root = await graphOf(
      pod(
        'p',
        `containers: [{ name: c, securityContext: { runAsUser: 0 }, volumeMounts: [{ name: k, mountPath: /k }] }]\nvolumes: [{ name: k, hostPath: { path: /proc/sys/kernel } }]`,
      ),
    );
    expect(out(root, 'container:app/p/c')).toContain('CE_UMH_CORE_PATTERN container:app/p/c node:w1');
    const nonRoot = await graphOf(
      pod(
        'p',
        `containers: [{ name: c, securityContext: { runAsUser: 1000 }, volumeMounts: [{ name: k, mountPath: /k }] }]\nvolumes: [{ name: k, hostPath: { path: /proc/sys/kernel } }]`,
      ),
    );
    expect(out(nonRoot, 'container:app/p/c').filter((e) => e.startsWith('CE_'))).toEqual([]);
    const ro = await graphOf(
      pod(
        'p',
        `containers: [{ name: c, securityContext: { runAsUser: 0 }, volumeMounts: [{ name: k, mountPath: /k, readOnly: true }] }]\nvolumes: [{ name: k, hostPath: { path: /proc/sys/kernel } }]`,
      ),
    );
    expect(out(ro, 'container:app/p/c').filter((e) => e.startsWith('CE_'))).toEqual([]);
  });
});

describe('hostPath escapes', () => {
  const mount = (path: string, readOnly = false) =>
    `containers: [{ name: c, volumeMounts: [{ name: h, mountPath: /h, readOnly: ${readOnly} }] }]\nvolumes: [{ name: h, hostPath: { path: ${path} } }]`;
  it.each<[string, boolean, string[]]>([
    ['/etc', false, ['EXPLOIT_HOST_WRITE', 'EXPLOIT_KUBE_CREDENTIALS']],
    ['/etc', true, ['EXPLOIT_HOST_READ', 'EXPLOIT_KUBE_CREDENTIALS']],
    ['/root/.ssh', true, ['EXPLOIT_HOST_READ']],
    ['/var/run/docker.sock', true, ['EXPLOIT_CONTAINERD_SOCK']],
    ['/run/containerd', true, ['EXPLOIT_CONTAINERD_SOCK']],
    ['/var/lib/kubelet', true, ['EXPLOIT_HOST_TRAVERSE']],
    ['/etc/kubernetes', true, ['EXPLOIT_HOST_READ', 'EXPLOIT_KUBE_CREDENTIALS']],
    ['/tmp/cache', false, []],
    ['/var/lib/etcd', false, []], // a worker: no etcd data there
  ])('%s (readOnly %s)', async (path, ro, kinds) => {
    const g = await graphOf(pod('p', mount(path, ro)));
    expect(
      [
        ...new Set(
          g.edges
            .filter(
              (e) =>
                e.from === 'container:app/p/c' && e.kind !== 'IDENTITY_ASSUME' && e.kind !== 'NETWORK_REACH',
            )
            .map((e) => e.kind),
        ),
      ].sort(),
    ).toEqual(kinds.sort());
  });

  it('/var/lib/kubelet reaches the tokens of the other pods on the node', async () => {
    const g = await graphOf(
      pod('p', mount('/var/lib/kubelet/pods', true)) +
        pod('other', 'serviceAccountName: payments\ncontainers: [{ name: c }]') +
        pod(
          'silent',
          'serviceAccountName: quiet\nautomountServiceAccountToken: false\ncontainers: [{ name: c }]',
        ),
    );
    expect(out(g, 'hub:node-tokens/w1')).toEqual([
      'TOKEN_STEAL hub:node-tokens/w1 sa:app/default',
      'TOKEN_STEAL hub:node-tokens/w1 sa:app/payments',
    ]);
  });

  it('/var/log escapes only with pods/log read', async () => {
    const rbac = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: logs, namespace: app }\nrules: [{ apiGroups: [""], resources: [pods/log], verbs: [get] }]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: logs, namespace: app }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: logs }\nsubjects: [{ kind: ServiceAccount, name: default, namespace: app }]\n---\n`;
    const withLogs = await graphOf(rbac + pod('p', mount('/var/log', true)));
    expect(out(withLogs, 'container:app/p/c')).toContain('CE_VAR_LOG_SYMLINK container:app/p/c node:w1');
    const without = await graphOf(pod('p', mount('/var/log', true)));
    expect(out(without, 'container:app/p/c').filter((e) => e.startsWith('CE_'))).toEqual([]);
  });

  it('etcd data on a control-plane node reaches target:etcd', async () => {
    const g = await graphOf(
      pod(
        'etcd-cp-1',
        'containers: [{ name: etcd, volumeMounts: [{ name: d, mountPath: /var/lib/etcd }] }]\nvolumes: [{ name: d, hostPath: { path: /var/lib/etcd } }]',
        'kube-system',
        'cp-1',
      ),
    );
    expect(out(g, 'container:kube-system/etcd-cp-1/etcd')).toContain(
      'EXPLOIT_ETCD_DATA container:kube-system/etcd-cp-1/etcd target:etcd',
    );
  });
});

describe('tokens and secrets', () => {
  const sa = (automount: boolean) =>
    `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: robot, namespace: app }\nautomountServiceAccountToken: ${automount}\n---\n`;
  it.each<[string, string, boolean]>([
    ['mounted by default', pod('p', 'serviceAccountName: robot\ncontainers: [{ name: c }]'), true],
    [
      'pod says false',
      pod('p', 'serviceAccountName: robot\nautomountServiceAccountToken: false\ncontainers: [{ name: c }]'),
      false,
    ],
    [
      'SA says false, pod silent',
      sa(false) + pod('p', 'serviceAccountName: robot\ncontainers: [{ name: c }]'),
      false,
    ],
    [
      'pod true overrides SA false',
      sa(false) +
        pod('p', 'serviceAccountName: robot\nautomountServiceAccountToken: true\ncontainers: [{ name: c }]'),
      true,
    ],
    [
      'a projected token volume counts even with automount off',
      pod(
        'p',
        'serviceAccountName: robot\nautomountServiceAccountToken: false\ncontainers: [{ name: c, volumeMounts: [{ name: t, mountPath: /t }] }]\nvolumes: [{ name: t, projected: { sources: [{ serviceAccountToken: { path: token } }] } }]',
      ),
      true,
    ],
  ])('%s', async (_n, yaml, holds) => {
    const g = await graphOf(yaml);
    expect(out(g, 'container:app/p/c').includes('IDENTITY_ASSUME container:app/p/c sa:app/robot')).toBe(
      holds,
    );
  });

  it('finds secrets in volumes, projected sources, env and envFrom — per container', async () => {
    const g = await graphOf(
      pod(
        'p',
        `containers:
  - name: a
    env: [{ name: X, valueFrom: { secretKeyRef: { name: s-env, key: k } } }]
    envFrom: [{ secretRef: { name: s-envfrom } }]
    volumeMounts: [{ name: v, mountPath: /v }, { name: pr, mountPath: /p }]
  - name: b
volumes:
  - { name: v, secret: { secretName: s-vol } }
  - { name: pr, projected: { sources: [{ secret: { name: s-proj } }] } }`,
      ),
    );
    expect(out(g, 'container:app/p/a').filter((e) => e.startsWith('SECRET_MOUNT'))).toEqual(
      ['s-env', 's-envfrom', 's-proj', 's-vol'].map((s) => `SECRET_MOUNT container:app/p/a secret:app/${s}`),
    );
    expect(out(g, 'container:app/p/b').filter((e) => e.startsWith('SECRET_MOUNT'))).toEqual([]);
  });
});

describe('nodes', () => {
  it('a node controls its pods and holds its kubelet identity; NodeRestriction scopes what that reads', async () => {
    const g = await graphOf(
      pod(
        'p',
        'serviceAccountName: robot\ncontainers: [{ name: c, env: [{ name: X, valueFrom: { secretKeyRef: { name: db, key: k } } }] }]',
      ),
    );
    expect(out(g, 'node:w1')).toEqual([
      'IDENTITY_ASSUME node:w1 user:system:node:w1',
      'POD_ATTACH node:w1 pod:app/p',
    ]);
    expect(out(g, 'user:system:node:w1')).toEqual(
      [
        'MEMBER_OF user:system:node:w1 group:system:authenticated',
        'MEMBER_OF user:system:node:w1 group:system:nodes',
        'NODE_SECRET_READ user:system:node:w1 sa:app/robot',
        'NODE_SECRET_READ user:system:node:w1 secret:app/db',
      ].sort(),
    );
  });

  it('a control-plane node reaches cluster-admin and etcd; a worker does not', async () => {
    const g = await graphOf('');
    expect(out(g, 'node:cp-1')).toContain('CLUSTER_ADMIN node:cp-1 target:cluster-admin');
    expect(out(g, 'node:cp-1')).toContain('ETCD_ACCESS node:cp-1 target:etcd');
    expect(reachable(g, 'node:w1').has('target:cluster-admin')).toBe(false);
  });

  it('a node running the kube-apiserver static pod is control plane even without the label', async () => {
    const g = await graphOf(pod('kube-apiserver-w2', 'containers: [{ name: c }]', 'kube-system', 'w2'));
    expect(out(g, 'node:w2')).toContain('CLUSTER_ADMIN node:w2 target:cluster-admin');
  });

  it('a template pod may land on the nodes its tolerations admit, not on tainted ones', async () => {
    const deploy = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: app }\nspec:\n  template:\n    spec:\n      containers: [{ name: c, securityContext: { privileged: true } }]\n---\n`;
    const g = await graphOf(deploy);
    const host = g.edges.find(
      (e) => e.from === 'container:app/Deployment.web/c' && e.kind === 'CE_PRIV_MOUNT',
    )!.to;
    expect(out(g, host)).toEqual([`SCHEDULE_ON_NODE ${host} node:w1`]);
    expect(reachable(g, 'node:w1').has('pod:app/Deployment.web')).toBe(true);
    expect(reachable(g, 'node:w2').has('pod:app/Deployment.web')).toBe(false);
  });

  it('a DaemonSet tolerating the control plane runs there too', async () => {
    const ds = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent, namespace: app }\nspec:\n  template:\n    spec:\n      tolerations: [{ key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }]\n      containers: [{ name: c, securityContext: { privileged: true } }]\n---\n`;
    const g = await graphOf(ds);
    expect(reachable(g, 'container:app/DaemonSet.agent/c').has('target:etcd')).toBe(true);
  });

  describe('a DaemonSet template: one replica per node it may run on', () => {
    const ds = (privileged: boolean) =>
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent, namespace: app }\nspec:\n  template:\n    spec:\n      tolerations: [{ key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }]\n      containers: [{ name: c, securityContext: { privileged: ${privileged} } }]\n---\n`;
    it('has a replica on each admitted node, with its own containers (DESIGN.md ids)', async () => {
      const g = await graphOf(ds(true));
      const pods = [...g.vertices.keys()].filter((id) => id.startsWith('pod:app/DaemonSet.agent'));
      expect(pods.sort()).toEqual([
        'pod:app/DaemonSet.agent',
        'pod:app/DaemonSet.agent@cp-1',
        'pod:app/DaemonSet.agent@w1',
      ]); // w2's taint is not tolerated
      expect(g.vertices.has('container:app/DaemonSet.agent@w1/c')).toBe(true);
    });
    it('root on one node controls its own replica, never the replica on another node', async () => {
      const g = await graphOf(ds(true));
      const fromW1 = reachable(g, 'node:w1');
      expect(fromW1.has('pod:app/DaemonSet.agent@w1')).toBe(true);
      expect(fromW1.has('pod:app/DaemonSet.agent@cp-1')).toBe(false);
      expect(fromW1.has('pod:app/DaemonSet.agent')).toBe(false);
      expect(fromW1.has('node:cp-1')).toBe(false);
      expect(fromW1.has('target:etcd')).toBe(false);
    });
    it("an escape from a replica lands on that replica's node", async () => {
      const g = await graphOf(ds(true));
      const fromReplica = reachable(g, 'container:app/DaemonSet.agent@w1/c');
      expect(fromReplica.has('node:w1')).toBe(true);
      expect(fromReplica.has('node:cp-1')).toBe(false);
      expect(reachable(g, 'container:app/DaemonSet.agent@cp-1/c').has('target:etcd')).toBe(true);
    });
    it('"any replica" leads to each replica, so who controls it picks the control-plane node', async () => {
      const g = await graphOf(ds(true));
      expect(out(g, 'pod:app/DaemonSet.agent').filter((e) => e.startsWith('DAEMONSET_REPLICA'))).toEqual([
        'DAEMONSET_REPLICA pod:app/DaemonSet.agent pod:app/DaemonSet.agent@cp-1',
        'DAEMONSET_REPLICA pod:app/DaemonSet.agent pod:app/DaemonSet.agent@w1',
      ]);
      expect(reachable(g, 'pod:app/DaemonSet.agent').has('target:etcd')).toBe(true);
    });
  });

  it('does not duplicate a workload that has live pods', async () => {
    const yaml =
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: app }\nspec:\n  template:\n    spec:\n      containers: [{ name: c }]\n---\n` +
      `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: { name: web-5d, namespace: app, ownerReferences: [{ kind: Deployment, name: web, controller: true }] }\nspec:\n  template:\n    spec:\n      containers: [{ name: c }]\n---\n` +
      `apiVersion: v1\nkind: Pod\nmetadata: { name: web-5d-x1, namespace: app, ownerReferences: [{ kind: ReplicaSet, name: web-5d, controller: true }] }\nspec: { nodeName: w1, containers: [{ name: c }] }\n---\n`;
    const g = await graphOf(yaml);
    expect([...g.vertices.keys()].filter((id) => id.startsWith('pod:app/'))).toEqual(['pod:app/web-5d-x1']);
  });
});

describe('shareProcessNamespace', () => {
  it('joins every ordered pair of running containers, and nothing across pods', async () => {
    const g = await graphOf(
      pod(
        'p',
        'shareProcessNamespace: true\ncontainers: [{ name: a }, { name: b }]\ninitContainers: [{ name: init }]',
      ) + pod('q', 'containers: [{ name: a }, { name: b }]'),
    );
    expect(edgeStrings(g, (e) => e.kind === 'SHARE_PS_NAMESPACE')).toEqual([
      'SHARE_PS_NAMESPACE container:app/p/a container:app/p/b',
      'SHARE_PS_NAMESPACE container:app/p/b container:app/p/a',
    ]);
  });
});

describe('crown jewels', () => {
  it('marks objects by label and by config', async () => {
    const yaml =
      `apiVersion: v1\nkind: Secret\nmetadata: { name: cards, namespace: app, labels: { kubepath.dev/crown-jewel: "true" } }\ntype: Opaque\n---\n` +
      `apiVersion: v1\nkind: Secret\nmetadata: { name: plain, namespace: app }\ntype: Opaque\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ledger, namespace: app }\nspec:\n  template:\n    spec:\n      containers: [{ name: c }]\n---\n`;
    const g = buildAttackGraph(await snapshotFromYaml(NODES + yaml), {
      crownJewels: {
        apiVersion: 'kubepath.dev/v1',
        kind: 'CrownJewels',
        jewels: [{ kind: 'Deployment', namespace: 'app', name: 'ledger', reason: 'the ledger' }],
      },
    });
    const jewels = [...g.vertices]
      .filter(([, v]) => v.crownJewel)
      .map(([id, v]) => `${id}: ${v.crownJewel}`)
      .sort();
    expect(jewels).toEqual([
      'pod:app/Deployment.ledger: the ledger',
      'secret:app/cards: label kubepath.dev/crown-jewel=true',
    ]);
  });
});
