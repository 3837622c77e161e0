import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTarGz, writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { loadSnapshotFromFiles } from './load-files.js';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: nginx, image: nginx:1.27 }]
`;

const reasons = (s: Awaited<ReturnType<typeof loadSnapshotFromFiles>>) =>
  s.coverage.skipped.map((x) => `${x.file.split('/').pop()} | ${x.where} | ${x.reason}`);

describe('loadSnapshotFromFiles', () => {
  it('reads multi-document YAML, routing each object to its kind', async () => {
    const dir = writeTree({
      'all.yaml': `${POD}---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: builder, namespace: ci }\n---\n`,
    });
    const s = await loadSnapshotFromFiles([join(dir, 'all.yaml')]);
    expect(s.objects.pods.map((p) => p.metadata.name)).toEqual(['web']);
    expect(s.objects.serviceAccounts.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'ci/builder',
    ]);
    expect(s.coverage.skippedTotal).toBe(0);
    expect(s.coverage.inputs[0]).toMatchObject({ format: 'yaml', documents: 2, objects: 2, skipped: 0 });
  });

  // YAML is a superset of JSON, and kubectl's YAMLOrJSONDecoder reads JSON documents
  // separated by `---` as a YAML stream. kubepath once sent such a file to its JSON reader,
  // which failed at the first marker and dropped a deny-all policy (issue 21, class 7).
  const POLICY_JSON = JSON.stringify({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny-all', namespace: 'shop' },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  const POD_JSON = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
  });

  it('reads JSON documents separated by --- as the YAML stream they are', async () => {
    const dir = writeTree({ 'mixed.yaml': `${POLICY_JSON}\n---\n${POD_JSON}\n---   # end\n` });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.coverage.skippedTotal).toBe(0);
    expect(s.objects.networkPolicies.map((p) => p.metadata.name)).toEqual(['deny-all']);
    expect(s.objects.pods.map((p) => p.metadata.name)).toEqual(['web']);
    expect(s.coverage.inputs[0]).toMatchObject({ format: 'yaml', documents: 2, objects: 2 });
  });

  it('finds the --- past the sniffed head too (a first document larger than 16 KiB)', async () => {
    const big = JSON.stringify({
      ...JSON.parse(POD_JSON),
      metadata: { name: 'big', namespace: 'shop', annotations: { note: 'x'.repeat(40_000) } },
    });
    const dir = writeTree({ 'big.json': `${big}\n---\n${POLICY_JSON}\n` });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.coverage.skipped).toEqual([]);
    expect(s.objects.pods.map((p) => p.metadata.name)).toEqual(['big']);
    expect(s.objects.networkPolicies).toHaveLength(1);
  });

  it('still reports a JSON file broken in another way, without quoting it', async () => {
    const dir = writeTree({ 'broken.json': '{"kind": "Pod", "spec": nope}\n' });
    const s = await loadSnapshotFromFiles([dir]);
    expect(reasons(s)).toEqual(['broken.json | document | invalid JSON']);
  });

  it('keeps what a live collection could not see when its saved snapshot is read back', async () => {
    const dir = writeTree({ 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n' });
    const collected = await loadSnapshotFromFiles([dir]);
    const live = {
      ...collected,
      coverage: {
        ...collected.coverage,
        resources: collected.coverage.resources.map((r) =>
          r.kind === 'Secret'
            ? { ...r, status: 'forbidden' as const, reason: 'this identity may not list it' }
            : r.kind === 'Pod'
              ? { ...r, status: 'listed' as const, forbiddenNamespaces: ['payments'] }
              : r,
        ),
      },
    };
    const file = join(dir, 'snapshot.json');
    writeFileSync(file, JSON.stringify(live));
    const back = await loadSnapshotFromFiles([file]);
    const row = (kind: string) => back.coverage.resources.find((r) => r.kind === kind);
    expect(row('Secret')).toMatchObject({ status: 'forbidden', reason: 'this identity may not list it' });
    expect(row('Pod')).toMatchObject({ status: 'listed', forbiddenNamespaces: ['payments'] });
    expect(row('Namespace')).toMatchObject({ status: 'present', count: 1 });
  });
  it('puts a namespaced object without a namespace into "default", as kubectl apply does', async () => {
    const dir = writeTree({ 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: app }\n' });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.serviceAccounts[0]?.metadata.namespace).toBe('default');
  });

  it('names the file and document of every bad document, and still loads the good ones', async () => {
    const dir = writeTree({
      'mixed.yaml': [
        POD,
        'apiVersion: v1\nmetadata: { name: no-kind }\n',
        'apiVersion: v1\nkind: Pod\nmetadata: { name: bad-type, namespace: shop }\nspec:\n  hostPID: "yes"\n  containers: []\n',
        'kind: Pod\nmetadata: [unclosed\n',
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n',
      ].join('---\n'),
    });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.pods.map((p) => p.metadata.name)).toEqual(['web']);
    expect(reasons(s)).toEqual([
      'mixed.yaml | document 2 (line 7) | document has no kind',
      'mixed.yaml | document 3 (line 10), Pod shop/bad-type | /spec/hostPID: Invalid input: expected boolean, received string',
      expect.stringMatching(/^mixed\.yaml \| document 4 \(line 17\) \| invalid YAML: /),
    ]);
    expect(s.coverage.unknownKinds).toEqual({ 'example.com/v1/Widget': 1 });
  });

  it('refuses a YAML alias bomb without expanding it', async () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: aws-auth, namespace: kube-system }',
      'x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'y: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'z: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'w: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'data: { v: [*d,*d,*d,*d,*d,*d,*d,*d,*d] }',
    ].join('\n');
    const dir = writeTree({ 'bomb.yaml': bomb, 'ok.yaml': POD });
    const s = await loadSnapshotFromFiles([dir]);
    expect(reasons(s)).toEqual([
      expect.stringMatching(/^bomb\.yaml \| document 1 \(line 1\) \| invalid YAML: .*alias/i),
    ]);
    expect(s.objects.pods).toHaveLength(1);
  });

  it('streams a kubectl List JSON and reports a malformed item by index', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'a', namespace: 'shop' },
          spec: { containers: 'nope' },
        },
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
      ],
    };
    const dir = writeTree({ 'cluster.json': JSON.stringify(list, null, 2) });
    const s = await loadSnapshotFromFiles([join(dir, 'cluster.json')]);
    expect(s.objects.namespaces.map((n) => n.metadata.name)).toEqual(['shop']);
    expect(s.objects.nodes.map((n) => n.metadata.name)).toEqual(['n1']);
    expect(reasons(s)).toEqual([
      'cluster.json | items[1], Pod shop/a | /spec/containers: Invalid input: expected array, received string',
    ]);
  });

  it('keeps the items before the cut of a truncated JSON file and says it was truncated', async () => {
    const text = JSON.stringify({
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } },
      ],
    });
    const dir = writeTree({ 'cut.json': text.slice(0, text.lastIndexOf('n2')) });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.nodes.map((n) => n.metadata.name)).toEqual(['n1']);
    expect(reasons(s)).toEqual(['cut.json | after items[0] | truncated: the file ends inside a value']);
  });

  it('reports invalid JSON by byte position without quoting the input', async () => {
    const dir = writeTree({ 'bad.json': '{"kind": "Secret", "data": {"password": hunter2-FAKE}}' });
    const s = await loadSnapshotFromFiles([dir]);
    expect(reasons(s)).toEqual([
      expect.stringMatching(/^bad\.json \| document \| invalid JSON( at byte \d+)?$/),
    ]);
    expect(JSON.stringify(s)).not.toContain('hunter2');
  });

  it('names the items of a typed List that leave out their kind (client-go output)', async () => {
    const dir = writeTree({
      'ns.json': JSON.stringify({
        kind: 'NamespaceList',
        apiVersion: 'v1',
        items: [{ metadata: { name: 'a' } }],
      }),
      'ns.yaml': 'kind: NamespaceList\napiVersion: v1\nitems:\n- metadata: { name: b }\n',
    });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.namespaces.map((n) => n.metadata.name).sort()).toEqual(['a', 'b']);
    expect(s.coverage.skippedTotal).toBe(0);
  });

  it('says once that a JSON file holds no Kubernetes objects at all', async () => {
    const dir = writeTree({
      'output.json': JSON.stringify([
        { src: 'a', dst: 'b' },
        { src: 'c', dst: 'd' },
      ]),
    });
    const s = await loadSnapshotFromFiles([dir]);
    expect(reasons(s)).toEqual(['output.json | 2 of 2 items | no item has a kind: not Kubernetes objects']);
  });

  it('walks directories recursively, reading any mix of formats and skipping hidden files', async () => {
    const dir = writeTree({
      'a/pod.yaml': POD,
      'b/c/node.json': JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }),
      'b/readme.txt': 'not a manifest',
      '.git/x.yaml': POD.replace('web', 'hidden'),
    });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.pods.map((p) => p.metadata.name)).toEqual(['web']);
    expect(s.objects.nodes).toHaveLength(1);
    expect(s.coverage.inputs.map((i) => i.format)).toEqual(['yaml', 'json']);
  });

  it('reads gzipped YAML and JSON by their .gz names', async () => {
    const { gzipSync } = await import('node:zlib');
    const dir = writeTree({
      'pods.yaml.gz': gzipSync(POD),
      'node.json.gz': gzipSync(JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } })),
    });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.pods).toHaveLength(1);
    expect(s.objects.nodes).toHaveLength(1);
    expect(s.coverage.inputs.map((i) => i.format).sort()).toEqual(['json.gz', 'yaml.gz']);
  });

  it('records a missing input and goes on with the others', async () => {
    const dir = writeTree({ 'pod.yaml': POD });
    const s = await loadSnapshotFromFiles([join(dir, 'nope.yaml'), dir]);
    expect(s.objects.pods).toHaveLength(1);
    expect(reasons(s)).toEqual(['nope.yaml | input | no such file or directory']);
  });

  it('keeps only kube-system/aws-auth among ConfigMaps, and counts the others as ignored', async () => {
    const dir = writeTree({
      'cm.yaml': [
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: aws-auth, namespace: kube-system }\ndata: { mapRoles: "- rolearn: arn:aws:iam::000000000000:role/x\\n  groups: [system:masters]" }\n',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app-config, namespace: shop }\ndata: { DB_PASSWORD: not-really-FAKE }\n',
      ].join('---\n'),
    });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.configMaps.map((c) => c.metadata.name)).toEqual(['aws-auth']);
    expect(s.coverage.ignored).toEqual({ ConfigMap: 1 });
    expect(JSON.stringify(s)).not.toContain('not-really-FAKE');
  });

  it('keeps the last copy of an object seen twice and counts the duplicate', async () => {
    const dir = writeTree({ 'a.yaml': POD, 'b.yaml': POD.replace('nginx:1.27', 'nginx:1.28') });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.pods).toHaveLength(1);
    expect(s.objects.pods[0]?.spec.containers[0]?.image).toBe('nginx:1.28');
    expect(s.coverage.duplicates).toBe(1);
  });

  it('ignores a kind served from a foreign API group (a CRD named Role is not RBAC)', async () => {
    const dir = writeTree({
      'r.yaml': 'apiVersion: example.com/v1\nkind: Role\nmetadata: { name: r, namespace: x }\n',
    });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.roles).toEqual([]);
    expect(s.coverage.unknownKinds).toEqual({ 'example.com/v1/Role': 1 });
  });

  it('re-reads a saved kubepath snapshot as input', async () => {
    const dir = writeTree({ 'pod.yaml': POD });
    const first = await loadSnapshotFromFiles([dir], { clusterName: 'prod-eu' });
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(first));
    const again = await loadSnapshotFromFiles([join(dir, 'snapshot.json')]);
    expect(again.objects).toEqual(first.objects);
    expect(again.cluster.name).toBe('prod-eu');
  });
});

describe('loadSnapshotFromFiles on dump archives', () => {
  const nodeList = JSON.stringify({
    apiVersion: 'v1',
    kind: 'NodeList',
    items: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }],
  });
  const podList = JSON.stringify({
    apiVersion: 'v1',
    kind: 'PodList',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'shop' },
        spec: { containers: [{ name: 'c' }] },
      },
    ],
  });

  it('reads a KubeHound-style dump with its metadata', async () => {
    const archive = await makeTarGz([
      {
        name: 'metadata.json',
        content: JSON.stringify({
          run_id: '01hxxxxxxxxxxxxxxxxxxxxxxx',
          cluster: { name: 'kind-test', version_major: '1', version_minor: '31' },
        }),
      },
      { name: 'nodes.json', content: nodeList },
      { name: 'shop/pods.json', content: podList },
    ]);
    const dir = writeTree({ 'kubehound_kind-test_01hx.tar.gz': archive });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.cluster).toMatchObject({ name: 'kind-test', serverVersion: '1.31' });
    expect(s.objects.nodes).toHaveLength(1);
    expect(s.objects.pods).toHaveLength(1);
    expect(s.coverage.skippedTotal).toBe(0);
  });

  it('names the kind of a kind-less dump file by its file name', async () => {
    const untyped = JSON.stringify({ metadata: {}, items: [{ metadata: { name: 'admin' }, rules: [] }] });
    const archive = await makeTarGz([
      { name: 'clusterroles.rbac.authorization.k8s.io.json', content: untyped },
    ]);
    const dir = writeTree({ 'dump.tar.gz': archive });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.clusterRoles.map((r) => r.metadata.name)).toEqual(['admin']);
    expect(s.coverage.skippedTotal).toBe(0);
  });

  it('refuses entries that escape the archive, and still reads the rest', async () => {
    const archive = await makeTarGz([
      { name: '../../etc/evil.json', content: nodeList },
      { name: 'link.json', linkTo: '/etc/passwd' },
      { name: 'shop/pods.json', content: podList },
    ]);
    const dir = writeTree({ 'dump.tar.gz': archive });
    const s = await loadSnapshotFromFiles([dir]);
    expect(s.objects.nodes).toEqual([]);
    expect(s.objects.pods).toHaveLength(1);
    expect(s.coverage.skipped.map((x) => x.reason)).toEqual([
      expect.stringContaining('escapes the archive'),
      expect.stringContaining('escapes the archive'),
    ]);
  });

  it('reports a corrupt archive as unreadable', async () => {
    const dir = writeTree({ 'broken.tar.gz': Buffer.from('definitely not gzip') });
    const s = await loadSnapshotFromFiles([dir]);
    expect(reasons(s)).toEqual([expect.stringMatching(/^broken\.tar\.gz \| file \| unreadable: /)]);
  });
});
