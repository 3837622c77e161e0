// KubeHound's escape, volume and identity scenarios (../shared/corpus/kubehound, EXPECTED.md)
// with kubepath's ids and edge names; deliberate differences are stated where they occur.
//
// KubeHound runs the manifests on a kind cluster, so its pods are scheduled onto kind's nodes.
// The manifests hold no Node objects, so this test adds kind's three nodes (one tainted
// control plane, two workers, as cluster.yaml describes) the way a live collection would see
// them. The pods have no nodeName: kubepath places them on the nodes they may run on — the
// two workers — through one placement class.
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph, type AttackGraph } from '@kubepath/graph';
import { corpusDir, writeTree } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';

const CP = 'kubehound.test.local-control-plane';
const WORKERS = ['kubehound.test.local-worker', 'kubehound.test.local-worker2'];
const KIND_NODES = [
  `apiVersion: v1\nkind: Node\nmetadata: { name: ${CP}, labels: { node-role.kubernetes.io/control-plane: "" } }\nspec: { taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }] }\n`,
  ...WORKERS.map((n) => `apiVersion: v1\nkind: Node\nmetadata: { name: ${n} }\n`),
].join('---\n');

let graph: AttackGraph;
beforeAll(async () => {
  const nodes = writeTree({ 'kind-nodes.yaml': KIND_NODES });
  graph = buildAttackGraph(
    await loadSnapshotFromFiles([corpusDir('kubehound', 'test', 'setup', 'test-cluster'), nodes]),
  );
});

const container = (pod: string, name = pod) => `container:default/${pod}/${name}`;
const kindsFrom = (from: string) =>
  [...new Set(graph.edges.filter((e) => e.from === from).map((e) => e.kind))].sort();
/** The nodes an escape edge of `kind` from `from` lands on (through the placement class). */
function escapeNodes(from: string, kind: string): string[] {
  const hosts = graph.edges.filter((e) => e.from === from && e.kind === kind).map((e) => e.to);
  return hosts
    .flatMap((h) =>
      h.startsWith('node:')
        ? [h]
        : graph.edges.filter((e) => e.from === h && e.kind === 'SCHEDULE_ON_NODE').map((e) => e.to),
    )
    .sort();
}
const workerIds = WORKERS.map((w) => `node:${w}`);
const escapes = (from: string) =>
  kindsFrom(from).filter((k) => k.startsWith('CE_') || k.startsWith('EXPLOIT_'));

describe('KubeHound corpus: container escapes', () => {
  it('CE_MODULE_LOAD: modload-pod (SYS_MODULE) escapes to a worker, and that is its only way out', () => {
    expect(escapeNodes(container('modload-pod'), 'CE_MODULE_LOAD')).toEqual(workerIds);
    expect(escapes(container('modload-pod'))).toEqual(['CE_MODULE_LOAD']);
  });

  it('CE_NSENTER: nsenter-pod (hostPID + privileged) has exactly NSENTER, MODULE_LOAD and PRIV_MOUNT', () => {
    expect(escapeNodes(container('nsenter-pod'), 'CE_NSENTER')).toEqual(workerIds);
    expect(escapes(container('nsenter-pod'))).toEqual(['CE_MODULE_LOAD', 'CE_NSENTER', 'CE_PRIV_MOUNT']);
  });

  it('CE_PRIV_MOUNT: priv-pod has MODULE_LOAD and PRIV_MOUNT, not NSENTER (no hostPID)', () => {
    expect(escapes(container('priv-pod'))).toEqual(['CE_MODULE_LOAD', 'CE_PRIV_MOUNT']);
  });

  it('CE_SYS_PTRACE: sys-ptrace-pod (hostPID, SYS_PTRACE, SYS_ADMIN)', () => {
    expect(escapeNodes(container('sys-ptrace-pod'), 'CE_SYS_PTRACE')).toEqual(workerIds);
    // KubeHound lists only CE_SYS_PTRACE for it. kubepath also draws CE_SYS_ADMIN: SYS_ADMIN on
    // its own escapes through cgroup release_agent, and the pod runs AppArmor-unconfined.
    expect(escapes(container('sys-ptrace-pod'))).toEqual(['CE_SYS_ADMIN', 'CE_SYS_PTRACE']);
  });

  it('CE_UMH_CORE_PATTERN: umh-core-container (runAsUser 0, hostPath /proc/sys/kernel)', () => {
    expect(escapeNodes(container('umh-core-pod', 'umh-core-container'), 'CE_UMH_CORE_PATTERN')).toEqual(
      workerIds,
    );
    const e = graph.edges.find(
      (x) => x.from === container('umh-core-pod', 'umh-core-container') && x.kind === 'CE_UMH_CORE_PATTERN',
    );
    expect(e?.cost).toBe(2); // runAsUser 0 is certain
  });

  it('CE_VAR_LOG_SYMLINK: varlog-container (hostPath /var/log, its SA reads pods/log)', () => {
    expect(escapeNodes(container('varlog-pod', 'varlog-container'), 'CE_VAR_LOG_SYMLINK')).toEqual(workerIds);
    expect(
      graph.edges.some(
        (e) =>
          e.kind === 'IDENTITY_ASSUME' &&
          e.from === container('varlog-pod', 'varlog-container') &&
          e.to === 'sa:default/varlog-sa',
      ),
    ).toBe(true);
  });

  it('ENDPOINT_EXPLOIT pod: endpoints-pod escapes through NSENTER, MODULE_LOAD and PRIV_MOUNT', () => {
    expect(escapes(container('endpoints-pod'))).toEqual(['CE_MODULE_LOAD', 'CE_NSENTER', 'CE_PRIV_MOUNT']);
  });
});

describe('KubeHound corpus: host volumes and tokens', () => {
  it('EXPLOIT_HOST_READ: host-read-exploit-pod reads /root/.ssh', () => {
    expect(escapeNodes(container('host-read-exploit-pod'), 'EXPLOIT_HOST_READ')).toEqual(workerIds);
  });

  it('EXPLOIT_HOST_WRITE: host-write-exploit-pod writes / (and so reaches the runtime socket and kubelet credentials)', () => {
    expect(escapeNodes(container('host-write-exploit-pod'), 'EXPLOIT_HOST_WRITE')).toEqual(workerIds);
    // KubeHound stops at EXPLOIT_HOST_WRITE for `/`; kubepath names what the mount exposes.
    // CE_UMH_CORE_PATTERN costs more (3): the pod does not set runAsUser, so root is the image's choice.
    expect(escapes(container('host-write-exploit-pod'))).toEqual([
      'CE_UMH_CORE_PATTERN',
      'EXPLOIT_CONTAINERD_SOCK',
      'EXPLOIT_HOST_TRAVERSE',
      'EXPLOIT_HOST_WRITE',
      'EXPLOIT_KUBE_CREDENTIALS',
    ]);
  });

  it('EXPLOIT_HOST_TRAVERSE → TOKEN_STEAL: the tokens reached equal the identities of the pods that may share the node', () => {
    for (const pod of ['host-read-exploit-pod', 'host-write-exploit-pod']) {
      const hubs = graph.edges
        .filter((e) => e.from === container(pod) && e.kind === 'EXPLOIT_HOST_TRAVERSE')
        .map((e) => e.to);
      expect(hubs).toHaveLength(1);
      const stolen = graph.edges
        .filter((e) => e.from === hubs[0] && e.kind === 'TOKEN_STEAL')
        .map((e) => e.to)
        .sort();
      // Set B: every identity assumed by a container that may run on the same workers.
      const assumed = [
        ...new Set(
          graph.edges
            .filter((e) => e.kind === 'IDENTITY_ASSUME' && e.from.startsWith('container:'))
            .map((e) => e.to),
        ),
      ].sort();
      expect(stolen.length).toBeGreaterThan(0);
      expect(stolen).toEqual(assumed);
    }
  });

  it('SHARE_PS_NAMESPACE: exactly the 8 ordered pairs inside sharedps-pod1 (a, b, c) and sharedps-pod2 (a, b)', () => {
    const pairs = graph.edges
      .filter((e) => e.kind === 'SHARE_PS_NAMESPACE')
      .map((e) => `${e.from} ${e.to}`)
      .sort();
    const p1 = ['a', 'b', 'c'].flatMap((x) =>
      ['a', 'b', 'c']
        .filter((y) => y !== x)
        .map(
          (y) =>
            `${container('sharedps-pod1', `sharedps-pod1-${x}`)} ${container('sharedps-pod1', `sharedps-pod1-${y}`)}`,
        ),
    );
    const p2 = [
      `${container('sharedps-pod2', 'sharedps-pod2-a')} ${container('sharedps-pod2', 'sharedps-pod2-b')}`,
      `${container('sharedps-pod2', 'sharedps-pod2-b')} ${container('sharedps-pod2', 'sharedps-pod2-a')}`,
    ];
    expect(pairs).toEqual([...p1, ...p2].sort());
  });
});

describe('KubeHound corpus: identities', () => {
  it('IDENTITY_ASSUME (nodes): each node holds its kubelet identity, a member of system:nodes, which node-api-access binds', () => {
    for (const node of [CP, ...WORKERS]) {
      expect(
        graph.edges.some(
          (e) =>
            e.kind === 'IDENTITY_ASSUME' && e.from === `node:${node}` && e.to === `user:system:node:${node}`,
        ),
      ).toBe(true);
      expect(
        graph.edges.some(
          (e) =>
            e.kind === 'MEMBER_OF' && e.from === `user:system:node:${node}` && e.to === 'group:system:nodes',
        ),
      ).toBe(true);
    }
    expect(graph.edges.some((e) => e.kind === 'PERMISSION_DISCOVER' && e.from === 'group:system:nodes')).toBe(
      true,
    );
  });

  it('IDENTITY_ASSUME (containers): the 17 SA-bound pods hold their SA tokens', () => {
    const pairs = graph.edges.filter(
      (e) =>
        e.kind === 'IDENTITY_ASSUME' &&
        e.from.startsWith('container:default/') &&
        e.to !== 'sa:default/default',
    );
    expect(pairs).toHaveLength(17);
    expect(pairs.map((e) => `${e.from} ${e.to}`)).toContain(
      `${container('rolebind-pod-rb-r-rb-r')} sa:default/rolebind-sa-rb-r-rb-r`,
    );
  });

  it('CONTROL_POD: control-pod has no escape and no edge beyond its (powerless) default token', () => {
    // KubeHound reports zero outgoing edges: it only draws IDENTITY_ASSUME to a bound SA.
    // kubepath draws the token edge because the token is mounted; the default SA has no binding.
    // (NETWORK_REACH: it can send traffic like any pod; nothing listens for it to exploit.)
    expect(kindsFrom(container('control-pod'))).toEqual(['IDENTITY_ASSUME', 'NETWORK_REACH']);
    expect(
      graph.edges.filter((e) => e.from === 'sa:default/default' && e.kind === 'PERMISSION_DISCOVER'),
    ).toEqual([]);
  });
});
