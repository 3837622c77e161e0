// Vulnerability scans matched to containers, both ways: the right container gets the
// evidence, a look-alike in another namespace does not; and the cost of the exploit step into
// a container by what its reports know (KEV 3, critical AV:N 4, high AV:N 5; else assumed).
import { describe, expect, it } from 'vitest';
import { buildAttackGraph } from '../build.js';
import { normaliseImage, sameImage } from './vulnerabilities.js';

const deployment = (ns: string, name: string, image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - { name: app, image: "${image}", ports: [{ containerPort: 8080 }] }
        - { name: sidecar, image: "envoyproxy/envoy:v1.31.0" }${extra}
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { type: LoadBalancer, selector: { app: ${name} }, ports: [{ port: 80, targetPort: 8080 }] }
---
`;
const report = (
  ns: string,
  kind: string,
  name: string,
  container: string,
  vulns: string,
) => `apiVersion: aquasecurity.github.io/v1alpha1
kind: VulnerabilityReport
metadata:
  name: ${kind.toLowerCase()}-${name}-${container}
  namespace: ${ns}
  labels:
    trivy-operator.resource.kind: ${kind}
    trivy-operator.resource.name: ${name}
    trivy-operator.resource.namespace: ${ns}
    trivy-operator.container.name: ${container}
report:
  artifact: { repository: shop/web, tag: '1.0' }
  vulnerabilities: ${vulns}
---
`;
const kev = (...ids: string[]) =>
  JSON.stringify({ catalogVersion: 't', vulnerabilities: ids.map((cveID) => ({ cveID })) });

async function graphOf(yaml: string, extraFiles: Record<string, string> = {}) {
  const { writeTree } = await import('@kubepath/testkit');
  const { loadSnapshotFromFiles } = await import('@kubepath/collector');
  const dir = writeTree({ 'cluster.yaml': yaml, ...extraFiles });
  const snapshot = await loadSnapshotFromFiles([dir]);
  expect(snapshot.coverage.skipped).toEqual([]);
  return buildAttackGraph(snapshot);
}

const exploitInto = (graph: Awaited<ReturnType<typeof graphOf>>, container: string) =>
  graph.edges.filter((e) => e.kind === 'ENDPOINT_EXPLOIT' && e.to === container);

const CRIT = `[{ vulnerabilityID: CVE-2024-9001, resource: libfoo, installedVersion: '1', fixedVersion: '2', severity: CRITICAL }]`;

describe('matching scans to containers', () => {
  it("a ReplicaSet's report reaches its Deployment's container (by name), not the sidecar, not a look-alike elsewhere", async () => {
    const g = await graphOf(
      deployment('shop', 'web', 'registry.acme.example/shop/web:1.0') +
        deployment('staging', 'web', 'registry.acme.example/shop/web:1.0') +
        report('shop', 'ReplicaSet', 'web-7d4b9c8f5', 'app', CRIT),
    );
    const ours = g.vertices.get('container:shop/Deployment.web/app')!;
    expect(ours.vulnerabilities).toMatchObject({
      counts: { CRITICAL: 1, HIGH: 0 },
      worst: ['CVE-2024-9001'],
      fixes: ['libfoo 2'],
    });
    expect(ours.knownExploitable).toMatch(/CVE-2024-9001 \(critical, network-exploitable\)/);
    expect(g.vertices.get('container:shop/Deployment.web/sidecar')!.vulnerabilities).toBeUndefined();
    expect(g.vertices.get('container:staging/Deployment.web/app')!.vulnerabilities).toBeUndefined();
    expect(g.evidence).toMatchObject({
      scans: 1,
      containersWithReport: 1,
      knownExploitable: 1,
      unmatchedTotal: 0,
    });
  });

  it('an image scan reaches every container running that image, in any namespace, by reference or digest', async () => {
    const grype = (ref: string) =>
      JSON.stringify({
        matches: [
          {
            vulnerability: {
              id: 'CVE-2024-7',
              severity: 'High',
              cvss: [{ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
            },
            artifact: { name: 'x' },
          },
        ],
        source: { type: 'image', target: { userInput: ref } },
        descriptor: { name: 'grype' },
      });
    const g = await graphOf(
      deployment('shop', 'web', 'nginx:1.27') +
        deployment('staging', 'web', 'docker.io/library/nginx:1.27') +
        deployment('ops', 'pinned', 'nginx@sha256:abc') +
        deployment('ops', 'other', 'nginx:1.26'),
      { 'a.json': grype('index.docker.io/library/nginx:1.27'), 'b.json': grype('nginx@sha256:abc') },
    );
    for (const id of [
      'container:shop/Deployment.web/app',
      'container:staging/Deployment.web/app',
      'container:ops/Deployment.pinned/app',
    ])
      expect(g.vertices.get(id)!.knownExploitable, id).toMatch(/CVE-2024-7 \(high, network-exploitable\)/);
    expect(g.vertices.get('container:ops/Deployment.other/app')!.vulnerabilities).toBeUndefined();
  });

  it('says which scans match nothing', async () => {
    const g = await graphOf(
      deployment('shop', 'web', 'nginx:1.27') + report('shop', 'ReplicaSet', 'api-5f6d7c8b9', 'app', CRIT),
    );
    expect(g.evidence).toMatchObject({ scans: 1, containersWithReport: 0, unmatchedTotal: 1 });
    expect(g.evidence!.unmatched[0]).toMatch(/VulnerabilityReport shop\/replicaset-api-5f6d7c8b9-app/);
  });
});

describe('the exploit step into a container, by what is known', () => {
  const vuln = (id: string, severity: string, vector?: string) =>
    `[{ vulnerabilityID: ${id}, resource: p, installedVersion: '1', severity: ${severity}${vector ? `, cvss: { nvd: { V3Vector: "${vector}" } }` : ''} }]`;
  const NET = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
  const LOCAL = 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H';
  it.each([
    ['in CISA KEV (any severity)', vuln('CVE-2021-44228', 'LOW'), kev('CVE-2021-44228'), 3],
    ['critical, network vector', vuln('CVE-1', 'CRITICAL', NET), undefined, 4],
    ['critical, no vector given', vuln('CVE-1', 'CRITICAL'), undefined, 4],
    ['high, network vector', vuln('CVE-1', 'HIGH', NET), undefined, 5],
  ])('%s: known, cost %s', async (_what, vulns, kevFile, cost) => {
    const g = await graphOf(
      deployment('shop', 'web', 'nginx:1.27') + report('shop', 'Deployment', 'web', 'app', vulns),
      kevFile ? { 'kev.json': kevFile } : {},
    );
    const [edge] = exploitInto(g, 'container:shop/Deployment.web/app');
    expect(edge!.cost).toBe(cost);
    expect(
      edge!.evidence.some((e) => e.kind === 'VulnerabilityReport' && e.name === 'deployment-web-app'),
    ).toBe(true);
    expect(g.vertices.get('container:shop/Deployment.web/app')!.knownExploitable).toBeDefined();
  });

  it.each([
    ['critical, local vector', vuln('CVE-1', 'CRITICAL', LOCAL)],
    ['high without a vector', vuln('CVE-1', 'HIGH')],
    ['medium, network vector', vuln('CVE-1', 'MEDIUM', NET)],
  ])('%s: not known, the assumed cost stays', async (_what, vulns) => {
    const g = await graphOf(
      deployment('shop', 'web', 'nginx:1.27') + report('shop', 'Deployment', 'web', 'app', vulns),
    );
    const [edge] = exploitInto(g, 'container:shop/Deployment.web/app');
    expect(edge!.cost).toBe(5);
    expect(g.vertices.get('container:shop/Deployment.web/app')!.knownExploitable).toBeUndefined();
    expect(g.vertices.get('container:shop/Deployment.web/app')!.vulnerabilities).toBeDefined();
  });
});

describe('image references as the runtime resolves them', () => {
  it.each([
    ['nginx', { name: 'docker.io/library/nginx', tag: 'latest' }],
    ['nginx:1.27', { name: 'docker.io/library/nginx', tag: '1.27' }],
    ['grafana/grafana:11.3.0', { name: 'docker.io/grafana/grafana', tag: '11.3.0' }],
    ['index.docker.io/library/nginx:1.27', { name: 'docker.io/library/nginx', tag: '1.27' }],
    ['localhost:5000/app', { name: 'localhost:5000/app', tag: 'latest' }],
    [
      'registry.k8s.io/pause:3.9@sha256:abc',
      { name: 'registry.k8s.io/pause', tag: '3.9', digest: 'sha256:abc' },
    ],
  ])('%s', (ref, expected) => {
    expect(normaliseImage(ref)).toEqual(expected);
  });

  it('compares by digest when both have one, else by tag', () => {
    expect(sameImage('nginx:1.27@sha256:abc', 'nginx@sha256:abc')).toBe(true);
    expect(sameImage('nginx@sha256:abc', 'nginx@sha256:def')).toBe(false);
    expect(sameImage('nginx:1.27', 'docker.io/library/nginx:1.27')).toBe(true);
    expect(sameImage('nginx:1.27', 'nginx:1.26')).toBe(false);
    expect(sameImage('nginx', 'nginx:latest')).toBe(true);
    expect(sameImage('quay.io/nginx:1.27', 'nginx:1.27')).toBe(false);
  });
});
