// Fix candidates rank by what a change closes, exactly, not by how many paths cross it.
import { GraphBuilder } from '@kubepath/graph';
import { describe, expect, it } from 'vitest';
import { chokePoints } from './choke-points.js';
import { findings } from './findings.js';
import { fixCandidates, fixEdges } from './fix-candidates.js';
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
  it('an edge two objects make (a Service of type LoadBalancer and an Ingress) closes only when both change', () => {
    const b = new GraphBuilder();
    b.vertex('external:internet', { kind: 'external', name: 'internet' });
    b.vertex('service:ns/web', { kind: 'service', namespace: 'ns', name: 'web' });
    b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin' });
    const service = { kind: 'Service', namespace: 'ns', name: 'web', path: '/spec/type' };
    const ingress = { kind: 'Ingress', namespace: 'ns', name: 'web', path: '/spec/rules/0' };
    b.edge('EXPOSED_TO_INTERNET', 'external:internet', 'service:ns/web', service);
    b.edge('EXPOSED_TO_INTERNET', 'external:internet', 'service:ns/web', ingress);
    b.edge('CLUSTER_ADMIN', 'service:ns/web', 'target:cluster-admin', obj('RoleBinding', 'web-admin'), 0);
    const index = new GraphIndex(b.build());
    const fixes = fixCandidates(index, findings(index).searches);
    // The edge is counted for neither: changing one leaves the other's exposure.
    expect(fixes.map((f) => f.id)).not.toContain('Service/ns/web');
    expect(fixes.map((f) => f.id)).not.toContain('Ingress/ns/web');
    expect(fixes.find((f) => f.id === 'RoleBinding/ns/web-admin')).toMatchObject({ closes: 1 });
    expect(fixEdges(index, ['Service/ns/web']).unmatched).toEqual(['Service/ns/web']);
  });
  it("offers each field of a workload's pod spec, and the pod spec as a whole", () => {
    const b = new GraphBuilder();
    b.vertex('container:ns/Deployment.agent/main', {
      kind: 'container',
      namespace: 'ns',
      name: 'agent/main',
    });
    b.vertex('node:n1', { kind: 'node', name: 'n1' });
    b.vertex('target:cluster-admin', { kind: 'target', name: 'cluster-admin' });
    const field = (path: string) => ({ kind: 'Deployment', namespace: 'ns', name: 'agent', path });
    b.edge(
      'CE_PRIV_MOUNT',
      'container:ns/Deployment.agent/main',
      'node:n1',
      field('/spec/template/spec/containers/0/securityContext/privileged'),
    );
    b.edge(
      'CE_NSENTER',
      'container:ns/Deployment.agent/main',
      'node:n1',
      field('/spec/template/spec/hostPID'),
    );
    b.edge('CLUSTER_ADMIN', 'node:n1', 'target:cluster-admin', { kind: 'Node', name: 'n1', path: '' }, 0);
    const index = new GraphIndex(b.build());
    const fixes = fixCandidates(index, findings(index).searches);
    const byId = new Map(fixes.map((f) => [f.id, f]));
    // Either field alone leaves the other escape: only the whole pod spec closes the pair.
    const fields = fixes.filter((f) => f.id.startsWith('Deployment/ns/agent#'));
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(f.closes).toBe(0);
    expect(byId.get('Deployment/ns/agent')).toMatchObject({
      closes: 1,
      object: 'Deployment ns/agent (pod spec)',
    });
    expect(byId.get('Deployment/ns/agent')!.fix).toMatch(/^Harden the pod spec: .*privileged.*/);
    expect(fixes[0]!.id).toBe('Deployment/ns/agent');
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
