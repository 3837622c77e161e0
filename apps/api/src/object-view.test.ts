import { loadSnapshotFromFiles } from '@kubepath/collector';
import type { Snapshot } from '@kubepath/model';
import { demoClusterDir } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectView, pointerSegments } from './object-view.js';

let snapshot: Snapshot;
beforeAll(async () => {
  snapshot = await loadSnapshotFromFiles([demoClusterDir()]);
});

const linesOf = (yaml: string, lines: { from: number; to: number }) =>
  yaml.split('\n').slice(lines.from - 1, lines.to);

describe('objectView', () => {
  it('shows a binding as YAML with the lines and value of the pointer, key line included', () => {
    const view = objectView(
      snapshot,
      { kind: 'RoleBinding', namespace: 'ci', name: 'runner-build-pods' },
      '/roleRef',
    )!;
    expect(view.yaml).toMatch(/^kind: RoleBinding\n/);
    expect(view.pointer).toMatchObject({ found: true, value: { kind: 'Role', name: 'build-pods' } });
    const lines = linesOf(view.yaml, view.pointer!.lines!);
    expect(lines[0]).toBe('roleRef:');
    expect(lines.join('\n')).toContain('name: build-pods');
    expect(lines.join('\n')).not.toContain('subjects');
  });
  it('finds a sequence item: a rule of a Role, its verbs inside the lines', () => {
    const view = objectView(snapshot, { kind: 'Role', namespace: 'ci', name: 'build-pods' }, '/rules/0')!;
    const text = linesOf(view.yaml, view.pointer!.lines!).join('\n');
    expect(text.trimStart()).toMatch(/^- /);
    for (const verb of (view.pointer!.value as { verbs: string[] }).verbs)
      expect(text).toContain(`- ${verb}`);
  });
  it('decodes ~1 and ~0 in a pointer (RFC 6901), as annotation keys need', () => {
    expect(pointerSegments('/metadata/annotations/kubernetes.io~1service-account.name')).toEqual([
      'metadata',
      'annotations',
      'kubernetes.io/service-account.name',
    ]);
    expect(pointerSegments('/a~0b~01')).toEqual(['a~b~1']);
    const view = objectView(
      snapshot,
      { kind: 'Secret', namespace: 'kube-system', name: 'ops-admin-token' },
      '/metadata/annotations/kubernetes.io~1service-account.name',
    )!;
    expect(view.pointer).toMatchObject({ found: true, value: 'ops-admin' });
    expect(linesOf(view.yaml, view.pointer!.lines!)).toEqual([
      '    kubernetes.io/service-account.name: ops-admin',
    ]);
  });
  it('shows a Secret as its metadata, type and key names, never a value', () => {
    for (const secret of snapshot.objects.secrets) {
      const view = objectView(
        snapshot,
        { kind: 'Secret', namespace: secret.metadata.namespace!, name: secret.metadata.name },
        '/data',
      )!;
      expect(view.yaml).not.toMatch(/fake-demo/);
      expect(view.pointer).toEqual({ path: '/data', found: false });
    }
    // Env values are dropped when collected: the Deployment shows the name, not the value.
    const grafana = objectView(snapshot, { kind: 'Deployment', namespace: 'monitoring', name: 'grafana' })!;
    expect(grafana.yaml).toContain('GF_SECURITY_ADMIN_PASSWORD');
    expect(grafana.yaml).not.toMatch(/fake-demo/);
  });
  it('says when the snapshot does not hold the field, and answers null for an unknown object or kind', () => {
    expect(
      objectView(snapshot, { kind: 'Role', namespace: 'ci', name: 'build-pods' }, '/rules/99')!.pointer,
    ).toEqual({
      path: '/rules/99',
      found: false,
    });
    expect(objectView(snapshot, { kind: 'Role', namespace: 'shop', name: 'build-pods' })).toBeNull();
    expect(objectView(snapshot, { kind: 'Widget', name: 'x' })).toBeNull();
    expect(objectView(snapshot, { kind: 'toString', name: 'x' })).toBeNull();
    expect(objectView(snapshot, { kind: 'kubepath', name: 'exploit' })).toBeNull();
  });
  it('finds a cluster-scoped object whatever namespace is given', () => {
    const view = objectView(
      snapshot,
      { kind: 'ClusterRoleBinding', namespace: 'ignored', name: 'ops-admin' },
      '/subjects/0',
    )!;
    expect(view.namespace).toBeUndefined();
    expect(view.pointer?.found).toBe(true);
  });
});
