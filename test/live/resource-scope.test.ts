// The scope of a request's resource, from the real API server's discovery: the built-in table
// (scripts/generate-builtin-resources.mjs) must equal what kube-apiserver serves, and a live
// snapshot records custom resources, so who-can knows a cluster-scoped CRD takes no namespace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFromCluster } from '@kubepath/collector';
import { BUILTIN_CATALOG } from '@kubepath/graph';
import { kube, testCluster, type TestClusterState } from '@kubepath/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../apps/cli/src/program.js';
import { BUILTIN_RESOURCES } from '../../packages/graph/src/rbac/builtin-resources.js';

let state: TestClusterState;
const crd = (plural: string, scope: 'Cluster' | 'Namespaced') => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.scope-test.example.com` },
  spec: {
    group: 'scope-test.example.com',
    scope,
    names: { plural, singular: plural.slice(0, -1), kind: plural[0]!.toUpperCase() + plural.slice(1, -1) },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
});

beforeAll(async () => {
  state = testCluster();
  for (const body of [crd('widgets', 'Cluster'), crd('gadgets', 'Namespaced')]) {
    const res = await kube(state, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body);
    expect([201, 409]).toContain(res.status);
  }
  // Served once discovery lists the group.
  for (let i = 0; i < 100; i++) {
    const res = await kube(state, 'GET', '/apis/scope-test.example.com/v1');
    if (res.status === 200 && (res.body as { resources: unknown[] }).resources.length === 2) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the test CRDs were never served');
});

afterAll(async () => {
  for (const name of ['widgets', 'gadgets'])
    await kube(
      state,
      'DELETE',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}.scope-test.example.com`,
    );
});

describe('resource scope from discovery', () => {
  let snapshotFile: string;
  let discovered: { group: string; resource: string; namespaced: boolean }[];
  beforeAll(async () => {
    const { snapshot } = await collectFromCluster({
      kubeconfig: state.kubeconfigs.admin,
      namespaces: ['default'],
    });
    discovered = snapshot.cluster.apiResources ?? [];
    snapshotFile = join(mkdtempSync(join(tmpdir(), 'kubepath-scope-')), 'snapshot.json');
    writeFileSync(snapshotFile, JSON.stringify(snapshot));
  });

  it('the built-in table equals what kube-apiserver serves (regenerate it when this fails)', () => {
    const served = discovered
      .filter((r) => r.group !== 'scope-test.example.com')
      .map((r) => [r.group, r.resource, r.namespaced]);
    expect(served).toEqual(BUILTIN_RESOURCES.map((r) => [...r]));
  });

  it('a live snapshot records custom resources with their scope', () => {
    expect(discovered).toContainEqual({
      group: 'scope-test.example.com',
      resource: 'widgets',
      namespaced: false,
    });
    expect(discovered).toContainEqual({
      group: 'scope-test.example.com',
      resource: 'gadgets',
      namespaced: true,
    });
    expect(BUILTIN_CATALOG.scope('scope-test.example.com', 'widgets')).toBeUndefined();
  });

  it('who-can on the saved snapshot: a cluster-scoped CRD takes no namespace, a namespaced one does', async () => {
    const run = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        isInteractive: false,
      });
      return { code, stdout, stderr };
    };
    const widgets = await run('who-can', 'list', 'widgets', '-n', 'default', '--json', snapshotFile);
    expect(widgets.code).toBe(0);
    expect(JSON.parse(widgets.stdout)).toMatchObject({
      request: { verb: 'list', apiGroup: 'scope-test.example.com', resource: 'widgets' },
      warnings: ['widgets is cluster-scoped: namespace default ignored'],
    });
    const gadgets = await run('who-can', 'list', 'gadgets', '-n', 'default', '--json', snapshotFile);
    expect(JSON.parse(gadgets.stdout)).toMatchObject({
      request: { apiGroup: 'scope-test.example.com', resource: 'gadgets', namespace: 'default' },
      warnings: [],
    });
  });
});
