// Fix candidates rank by what a change closes, exactly, not by how many paths cross it.
import { GraphBuilder } from '@kubepath/graph';
import { describe, expect, it } from 'vitest';
import { chokePoints } from './choke-points.js';
import { findings } from './findings.js';
import { fixCandidates } from './fix-candidates.js';
import { GraphIndex } from './graph-index.js';

const obj = (kind: string, name: string) => ({ kind, namespace: 'ns', name, path: '/x' });

function graph() {
  // Three SAs reach cluster-admin through a shared binding "wide" — but each also has its own
  // way around it ("spare-i"), so removing "wide" closes nothing. One more SA has only "narrow".
  const b = new GraphBuilder();
  b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin' });
  b.vertex('binding:ns/wide', { kind: 'binding', namespace: 'ns', name: 'wide' });
  b.edge('CLUSTER_ADMIN', 'binding:ns/wide', 'target:cluster-admin', obj('RoleBinding', 'wide'), 0);
  for (let i = 0; i < 3; i++) {
    b.vertex(`sa:ns/s${i}`, { kind: 'sa', namespace: 'ns', name: `s${i}` });
    b.edge('PERMISSION_DISCOVER', `sa:ns/s${i}`, 'binding:ns/wide', obj('RoleBinding', 'wide'), 0);
    b.vertex(`binding:ns/spare-${i}`, { kind: 'binding', namespace: 'ns', name: `spare-${i}` });
    b.edge(
      'PERMISSION_DISCOVER',
      `sa:ns/s${i}`,
      `binding:ns/spare-${i}`,
      obj('RoleBinding', `spare-${i}`),
      2,
    );
    b.edge(
      'CLUSTER_ADMIN',
      `binding:ns/spare-${i}`,
      'target:cluster-admin',
      obj('RoleBinding', `spare-${i}`),
      0,
    );
  }
  b.vertex('sa:ns/lone', { kind: 'sa', namespace: 'ns', name: 'lone' });
  b.vertex('binding:ns/narrow', { kind: 'binding', namespace: 'ns', name: 'narrow' });
  b.edge('PERMISSION_DISCOVER', 'sa:ns/lone', 'binding:ns/narrow', obj('RoleBinding', 'narrow'), 0);
  b.edge('CLUSTER_ADMIN', 'binding:ns/narrow', 'target:cluster-admin', obj('RoleBinding', 'narrow'), 0);
  b.vertex('node:n1', { kind: 'node', name: 'n1' });
  b.vertex('sa:ns/via-node', { kind: 'sa', namespace: 'ns', name: 'via-node' });
  b.edge('POD_EXEC', 'sa:ns/via-node', 'node:n1', obj('RoleBinding', 'exec'), 1);
  b.edge('CLUSTER_ADMIN', 'node:n1', 'target:cluster-admin', { kind: 'Node', name: 'n1', path: '' }, 0);
  return new GraphIndex(b.build());
}

describe('fixCandidates', () => {
  it('puts the change that closes a pair before one on more paths that closes none', () => {
    const index = graph();
    const ranked = fixCandidates(index, findings(index).searches);
    const wide = ranked.find((c) => c.object === 'RoleBinding ns/wide')!;
    const narrow = ranked.find((c) => c.object === 'RoleBinding ns/narrow')!;
    expect(wide.paths).toBeGreaterThan(narrow.paths);
    expect(wide).toMatchObject({ closes: 0 });
    expect(wide.addedCost).toBeGreaterThan(0);
    expect(narrow).toMatchObject({ closes: 1 });
    expect(ranked.indexOf(narrow)).toBeLessThan(ranked.indexOf(wide));
  });
  it("offers a namespace's Pod Security label where privileged pods may be created, never the namespace itself", () => {
    const b = new GraphBuilder();
    b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin' });
    b.vertex('sa:ci/runner', { kind: 'sa', namespace: 'ci', name: 'runner' });
    b.vertex('hub:pod-create/ci', { kind: 'hub', name: 'pod-create/ci' });
    b.vertex('hub:nodes', { kind: 'hub', name: 'nodes' });
    b.edge('POD_CREATE', 'sa:ci/runner', 'hub:pod-create/ci', obj('RoleBinding', 'build'), 1);
    const psa = {
      kind: 'Namespace',
      name: 'ci',
      path: '/metadata/labels/pod-security.kubernetes.io~1enforce',
    };
    b.edge('POD_CREATE_PRIVILEGED', 'hub:pod-create/ci', 'hub:nodes', psa, 1);
    b.edge(
      'CLUSTER_ADMIN',
      'hub:nodes',
      'target:cluster-admin',
      { kind: 'kubepath', name: 'x', path: '' },
      0,
    );
    const index = new GraphIndex(b.build());
    const fixes = fixCandidates(index, findings(index).searches);
    const label = fixes.find((f) => f.evidence.kind === 'Namespace')!;
    expect(label.object).toBe('Namespace ci: label pod-security.kubernetes.io/enforce=baseline');
    expect(label.fix).toMatch(/Add the label pod-security.kubernetes.io\/enforce=baseline/);
    expect(label.closes).toBe(1);
  });
  it('never offers a Node, a Namespace or a NetworkPolicy', () => {
    const index = graph();
    const { searches } = findings(index);
    // The node is on a path (via-node → n1 → cluster-admin): a choke point, never a fix.
    expect(chokePoints(index, searches).map((c) => c.object)).toContain('Node n1');
    expect(fixCandidates(index, searches).map((c) => c.object)).not.toContain('Node n1');
    expect(fixCandidates(index, searches).map((c) => c.object)).toContain('RoleBinding ns/exec');
  });
});
