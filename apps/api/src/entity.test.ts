import { GraphIndex } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph, RoleIndex } from '@kubepath/graph';
import type { Snapshot } from '@kubepath/model';
import { demoClusterDir } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { entityOf, objectOfVertex } from './entity.js';

let snapshot: Snapshot;
let entity: (id: string) => ReturnType<typeof entityOf>;
beforeAll(async () => {
  snapshot = await loadSnapshotFromFiles([demoClusterDir()]);
  const index = new GraphIndex(buildAttackGraph(snapshot));
  const roles = new RoleIndex(snapshot);
  entity = (id) => entityOf(index, snapshot, roles, id, 5000);
});

const section = (e: NonNullable<ReturnType<typeof entityOf>>, direction: string, kind: string) =>
  e.sections.find((s) => s.direction === direction && s.kind === kind);

describe('objectOfVertex', () => {
  it('names the object a vertex stands for: a workload for its template pods and containers', () => {
    expect(objectOfVertex('sa:ci/deployer')).toEqual({
      kind: 'ServiceAccount',
      namespace: 'ci',
      name: 'deployer',
    });
    expect(objectOfVertex('clusterbinding:ops-admin')).toEqual({
      kind: 'ClusterRoleBinding',
      name: 'ops-admin',
    });
    expect(objectOfVertex('container:monitoring/DaemonSet.node-agent/agent')).toEqual({
      kind: 'DaemonSet',
      namespace: 'monitoring',
      name: 'node-agent',
    });
    expect(objectOfVertex('pod:shop/web-0')).toEqual({ kind: 'Pod', namespace: 'shop', name: 'web-0' });
    // A DaemonSet's replica on one node stands for the DaemonSet.
    expect(objectOfVertex('container:monitoring/DaemonSet.node-agent@cp-1/agent')).toEqual({
      kind: 'DaemonSet',
      namespace: 'monitoring',
      name: 'node-agent',
    });
    expect(objectOfVertex('hub:secrets')).toBeUndefined();
    expect(objectOfVertex('target:etcd')).toBeUndefined();
  });
});

describe('entityOf', () => {
  it('an identity: its groups, its bindings with the rules they grant, who runs as it, what it reaches', () => {
    const e = entity('sa:monitoring/node-agent')!;
    expect(e.object).toEqual({ kind: 'ServiceAccount', namespace: 'monitoring', name: 'node-agent' });
    expect(section(e, 'out', 'MEMBER_OF')!.vertices.map((v) => v.id)).toContain(
      'group:system:serviceaccounts:monitoring',
    );
    const runs = section(e, 'in', 'IDENTITY_ASSUME')!;
    expect(runs.count).toBe(runs.vertices.length);
    expect(runs.vertices.every((v) => v.kind === 'container')).toBe(true);
    const deployer = entity('sa:ci/deployer')!;
    expect(deployer.grants).toEqual([
      expect.objectContaining({ binding: 'clusterbinding:ci-deployer', role: 'ClusterRole cluster-admin' }),
    ]);
    expect(deployer.grants[0]!.rules[0]).toMatchObject({ verbs: ['*'], resources: ['*'] });
    expect(deployer.jewels.map((j) => j.id)).toEqual(
      expect.arrayContaining(['target:cluster-admin', 'target:etcd']),
    );
  });
  it('a container: the security-relevant fields of its spec, and the jewels it reaches, cheapest first', () => {
    const e = entity('container:monitoring/DaemonSet.node-agent/agent')!;
    const props = Object.fromEntries(e.properties.map((p) => [p.name, p.value]));
    expect(props).toMatchObject({
      privileged: 'true',
      hostPID: 'true',
      'hostPath volumes': '/',
      serviceAccountName: 'node-agent',
    });
    expect(props.image).toMatch(/node-agent/);
    expect(e.jewels[0]).toMatchObject({ id: expect.stringMatching(/^target:/), cost: 1 });
    const costs = e.jewels.map((j) => j.cost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
  });
  it('an identity that reaches nothing lists no jewel, and a binding lists its own grant', () => {
    const binding = entity('binding:ci/runner-build-pods')!;
    expect(binding.grants).toEqual([expect.objectContaining({ role: 'Role ci/build-pods' })]);
    expect(Object.fromEntries(binding.properties.map((p) => [p.name, p.value])).roleRef).toBe(
      'Role build-pods',
    );
    expect(entity('group:system:unauthenticated')?.jewels ?? []).toEqual([]);
  });
  it('counts every neighbour even when it lists only 50, and answers null for an unknown vertex', () => {
    for (const id of ['hub:secrets', 'group:system:authenticated', 'external:internet']) {
      const e = entity(id);
      if (!e) continue;
      for (const s of e.sections) expect(s.count).toBeGreaterThanOrEqual(s.vertices.length);
    }
    expect(entity('sa:nope/nope')).toBeNull();
  });
});
