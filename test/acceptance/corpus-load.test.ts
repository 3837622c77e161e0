// Every manifest of the third-party corpus in ../shared/corpus loads without a skipped
// document: KubeHound's attack scenarios, and the NetworkPolicy cases of netpol-analyzer and
// cyclonus. Files that are not Kubernetes objects (kind's cluster config, a kubeconfig
// template) are counted as unknown kinds, which is what they are.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { corpusDir } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';

interface NetpolCase {
  case: string;
  manifestsDir: string;
}

const netpolIndex = JSON.parse(
  readFileSync(corpusDir('netpol', 'netpol-analyzer', 'index.json'), 'utf8'),
) as { cases: NetpolCase[] };

describe('corpus: KubeHound test cluster', () => {
  it('loads every scenario manifest without a skipped document', async () => {
    const s = await loadSnapshotFromFiles([corpusDir('kubehound', 'test', 'setup', 'test-cluster')]);
    expect(s.coverage.skipped).toEqual([]);
    expect(s.coverage.unknownKinds).toEqual({ 'kind.x-k8s.io/v1alpha4/Cluster': 1, 'v1/Config': 1 });
    expect(s.objects.pods.map((p) => p.metadata.name)).toContain('priv-pod');
    expect(s.objects.roleBindings.length).toBeGreaterThan(3);
    expect(s.objects.certificateSigningRequests).toHaveLength(1);
    // manifests without a namespace land in "default"; the vault scenario keeps its own
    expect(new Set(s.objects.pods.map((p) => p.metadata.namespace))).toEqual(new Set(['default', 'vault']));
  });
});

describe('corpus: netpol-analyzer cases', () => {
  it('has the cases the README lists', () => {
    expect(netpolIndex.cases.length).toBe(23);
  });

  it.each(netpolIndex.cases.map((c) => [c.case, c.manifestsDir]))(
    'loads %s without a skipped document',
    async (_name, dir) => {
      const path = corpusDir('netpol', 'netpol-analyzer', dir);
      expect(existsSync(path)).toBe(true);
      const s = await loadSnapshotFromFiles([path]);
      // onlineboutique keeps netpol-analyzer's own JSON output beside its manifests: a list of
      // connections, not Kubernetes objects. kubepath says so once for the file, and reads the rest.
      const notManifests = s.coverage.skipped.filter(
        (x) => x.reason === 'no item has a kind: not Kubernetes objects',
      );
      expect(notManifests.map((x) => x.file.split('/').pop())).toEqual(
        _name === 'onlineboutique' ? ['connlist_output.json'] : [],
      );
      expect(s.coverage.skipped.filter((x) => !notManifests.includes(x))).toEqual([]);
      expect(
        s.objects.networkPolicies.length + s.objects.pods.length + s.objects.deployments.length,
      ).toBeGreaterThan(0);
    },
  );
});

describe('corpus: cyclonus simple example', () => {
  it('loads its NetworkPolicies', async () => {
    const s = await loadSnapshotFromFiles([
      join(corpusDir('netpol', 'cyclonus', 'simple-example', 'networkpolicies')),
    ]);
    expect(s.coverage.skipped).toEqual([]);
    expect(s.objects.networkPolicies).toHaveLength(7);
  });
});
