// Vulnerability scans and the KEV catalog read beside the cluster, detected by content. Each
// sample follows its tool's documented format (cited in scan-formats.ts); a malformed one is
// skipped with the file and the field named, and the cluster still loads.
import { join } from 'node:path';
import { CANARY, writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { loadSnapshotFromFiles } from '../load-files.js';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec: { containers: [{ name: nginx, image: nginx:1.27 }] }
`;

// trivy-operator's CRD: https://aquasecurity.github.io/trivy-operator/latest/docs/crds/vulnerability-report/
const OPERATOR_REPORT = `apiVersion: aquasecurity.github.io/v1alpha1
kind: VulnerabilityReport
metadata:
  name: replicaset-web-5d9c8-nginx
  namespace: shop
  labels:
    trivy-operator.resource.kind: ReplicaSet
    trivy-operator.resource.name: web-5d9c8
    trivy-operator.resource.namespace: shop
    trivy-operator.container.name: nginx
report:
  registry: { server: index.docker.io }
  artifact: { repository: library/nginx, tag: '1.27' }
  vulnerabilities:
    - { vulnerabilityID: CVE-2024-0001, resource: openssl, installedVersion: 3.0.1, fixedVersion: 3.0.13, severity: CRITICAL, score: 9.8 }
    - { vulnerabilityID: CVE-2024-0002, resource: zlib, installedVersion: 1.2.11, severity: LOW }
`;

// `trivy image --format json` (SchemaVersion 2): https://trivy.dev/latest/docs/configuration/reporting/#json
const TRIVY_IMAGE = {
  SchemaVersion: 2,
  ArtifactName: 'nginx:1.27',
  ArtifactType: 'container_image',
  Metadata: { RepoTags: ['nginx:1.27'], RepoDigests: ['nginx@sha256:aaaa'] },
  Results: [
    {
      Target: 'nginx:1.27 (debian 12.5)',
      Class: 'os-pkgs',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2023-4911',
          PkgName: 'libc6',
          InstalledVersion: '2.36-9',
          FixedVersion: '2.36-9+deb12u3',
          Severity: 'HIGH',
          CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', V3Score: 7.8 } },
        },
      ],
    },
  ],
};

// `trivy k8s --format json`: ClusterName and Resources of {Namespace, Kind, Name, Results}.
const TRIVY_K8S = {
  ClusterName: 'prod',
  Resources: [
    {
      Namespace: 'shop',
      Kind: 'Deployment',
      Name: 'web',
      Results: [
        {
          Target: 'nginx:1.27 (debian 12.5)',
          Vulnerabilities: [{ VulnerabilityID: 'CVE-2024-1111', PkgName: 'curl', Severity: 'CRITICAL' }],
        },
        {
          Target: 'usr/local/bin/app',
          Class: 'lang-pkgs',
          Vulnerabilities: [
            { VulnerabilityID: 'GHSA-xxxx', PkgName: 'golang.org/x/net', Severity: 'MEDIUM' },
          ],
        },
      ],
    },
    { Kind: 'Node', Name: 'worker-1', Results: [] },
  ],
};

// `grype -o json`: https://github.com/anchore/grype#supported-output-formats
const GRYPE = {
  matches: [
    {
      vulnerability: {
        id: 'GHSA-aaaa-bbbb-cccc',
        severity: 'Critical',
        cvss: [],
        fix: { versions: ['1.2.3'], state: 'fixed' },
      },
      relatedVulnerabilities: [
        {
          id: 'CVE-2024-2222',
          cvss: [
            {
              version: '3.1',
              vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
              metrics: { baseScore: 9.8 },
            },
          ],
        },
      ],
      artifact: { name: 'left-pad', version: '1.0.0' },
    },
  ],
  source: { type: 'image', target: { userInput: 'nginx:1.27', tags: ['nginx:1.27'], repoDigests: [] } },
  descriptor: { name: 'grype', version: '0.84.0' },
};

// CISA's feed: https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json
const KEV = {
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2026.11.30',
  dateReleased: '2026-11-30T00:00:00.000Z',
  count: 1,
  vulnerabilities: [{ cveID: 'CVE-2024-2222', vendorProject: 'x', product: 'y', dateAdded: '2024-01-01' }],
};

describe('vulnerability evidence among the inputs', () => {
  it('reads a trivy-operator VulnerabilityReport: the workload and container from its labels', async () => {
    const dir = writeTree({ 'pod.yaml': POD, 'report.yaml': OPERATOR_REPORT });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.coverage.skippedTotal).toBe(0);
    expect(s.coverage.unknownKinds).toEqual({});
    expect(s.evidence?.imageScans).toEqual([
      {
        source: {
          file: join(dir, 'report.yaml'),
          format: 'trivy-operator',
          object: 'VulnerabilityReport shop/replicaset-web-5d9c8-nginx',
        },
        subject: {
          by: 'workload',
          kind: 'ReplicaSet',
          namespace: 'shop',
          name: 'web-5d9c8',
          container: 'nginx',
          image: 'index.docker.io/library/nginx:1.27',
        },
        vulnerabilities: [
          {
            id: 'CVE-2024-0001',
            severity: 'CRITICAL',
            score: 9.8,
            package: 'openssl',
            installedVersion: '3.0.1',
            fixedVersion: '3.0.13',
          },
          { id: 'CVE-2024-0002', severity: 'LOW', package: 'zlib', installedVersion: '1.2.11' },
        ],
      },
    ]);
  });

  it('names the workload of a report with a hashed name by its controller owner reference', async () => {
    const hashed = OPERATOR_REPORT.replace(
      '    trivy-operator.resource.name: web-5d9c8\n',
      '    trivy-operator.resource.name-hash: 5f6d9c\n',
    ).replace(
      '  namespace: shop\n  labels:',
      '  namespace: shop\n  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9c8, uid: u1, controller: true }]\n  labels:',
    );
    const s = await loadSnapshotFromFiles([writeTree({ 'report.yaml': hashed, 'pod.yaml': POD })]);
    expect(s.evidence?.imageScans[0]?.subject).toMatchObject({ kind: 'ReplicaSet', name: 'web-5d9c8' });
  });

  it('reads trivy image, trivy k8s and grype JSON, and a KEV catalog, by their shape', async () => {
    const dir = writeTree({
      'pod.yaml': POD,
      'trivy-image.json': JSON.stringify(TRIVY_IMAGE),
      'trivy-k8s.json': JSON.stringify(TRIVY_K8S),
      'grype.json': JSON.stringify(GRYPE),
      'kev.json': JSON.stringify(KEV),
    });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.coverage.skipped).toEqual([]);
    const scans = s.evidence!.imageScans;
    expect(scans.map((x) => x.source.format).sort()).toEqual(['grype', 'trivy-image', 'trivy-k8s']);
    expect(scans.find((x) => x.source.format === 'trivy-image')).toMatchObject({
      subject: { by: 'image', references: ['nginx:1.27', 'nginx@sha256:aaaa'] },
      vulnerabilities: [
        {
          id: 'CVE-2023-4911',
          severity: 'HIGH',
          vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
          score: 7.8,
          fixedVersion: '2.36-9+deb12u3',
        },
      ],
    });
    // The language result after the OS result belongs to the same image; the Node names no pod.
    expect(scans.find((x) => x.source.format === 'trivy-k8s')).toMatchObject({
      subject: { by: 'workload', kind: 'Deployment', namespace: 'shop', name: 'web', image: 'nginx:1.27' },
      vulnerabilities: [{ id: 'CVE-2024-1111' }, { id: 'GHSA-xxxx', severity: 'MEDIUM' }],
    });
    expect(scans.find((x) => x.source.format === 'grype')!.vulnerabilities).toEqual([
      {
        id: 'GHSA-aaaa-bbbb-cccc',
        aliases: ['CVE-2024-2222'],
        severity: 'CRITICAL',
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        score: 9.8,
        package: 'left-pad',
        installedVersion: '1.0.0',
        fixedVersion: '1.2.3',
      },
    ]);
    expect(s.evidence!.kev).toEqual({
      file: join(dir, 'kev.json'),
      catalogVersion: '2026.11.30',
      ids: ['CVE-2024-2222'],
    });
    expect(s.objects.pods).toHaveLength(1);
  });

  it.each([
    [
      'a VulnerabilityReport without report',
      OPERATOR_REPORT.replace(/report:[\s\S]*$/, 'spec: {}\n'),
      'report.yaml',
      /VulnerabilityReport: report is missing/,
    ],
    [
      'a trivy result whose vulnerability has no id',
      JSON.stringify({ ...TRIVY_IMAGE, Results: [{ Vulnerabilities: [{ PkgName: 'x' }] }] }),
      'trivy.json',
      /trivy image report: Results\[0\]\.Vulnerabilities\[0\] has no VulnerabilityID/,
    ],
    [
      'grype matches that are not a list',
      JSON.stringify({ ...GRYPE, matches: {} }),
      'grype.json',
      /grype report: matches is not a list/,
    ],
    [
      'a KEV entry without cveID',
      JSON.stringify({ ...KEV, vulnerabilities: [{ product: 'x' }] }),
      'kev.json',
      /KEV catalog: vulnerabilities\[0\] has no cveID/,
    ],
  ])('skips %s with the file and field named, and loads the cluster', async (_what, text, file, reason) => {
    const dir = writeTree({ 'pod.yaml': POD, [file]: text });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.pods).toHaveLength(1);
    expect(s.coverage.skipped).toHaveLength(1);
    expect(s.coverage.skipped[0]!.file).toBe(join(dir, file));
    expect(s.coverage.skipped[0]!.reason).toMatch(reason);
    expect(s.evidence).toBeUndefined();
  });

  // Trivy also reports secrets it finds in images, with the matched text: never kept.
  it("keeps nothing of a trivy report's secret findings, nor titles and descriptions", async () => {
    const withSecrets = {
      ...TRIVY_IMAGE,
      Results: [
        ...TRIVY_IMAGE.Results,
        {
          Target: '/app/.env',
          Class: 'secret',
          Secrets: [{ RuleID: 'aws-secret-access-key', Match: `AWS_SECRET_ACCESS_KEY=${CANARY}` }],
        },
        {
          Target: 'x',
          Vulnerabilities: [
            { VulnerabilityID: 'CVE-1', Severity: 'LOW', Title: CANARY, Description: CANARY },
          ],
        },
      ],
    };
    const s = await loadSnapshotFromFiles([
      writeTree({ 'pod.yaml': POD, 'trivy.json': JSON.stringify(withSecrets) }),
    ]);
    expect(s.evidence!.imageScans[0]!.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2023-4911', 'CVE-1']);
    expect(JSON.stringify(s)).not.toContain(CANARY);
  });

  it('keeps the evidence when a saved snapshot is read back', async () => {
    const dir = writeTree({
      'pod.yaml': POD,
      'report.yaml': OPERATOR_REPORT,
      'kev.json': JSON.stringify(KEV),
    });
    const first = await loadSnapshotFromFiles([dir]);
    const saved = writeTree({ 'snapshot.json': JSON.stringify(first) });
    const again = await loadSnapshotFromFiles([saved]);
    expect(again.evidence).toEqual(first.evidence);
  });
});
