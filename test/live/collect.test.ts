// kubepath collect against a real kube-apiserver (scripts/test-cluster.mjs, started by the
// global setup): the demo cluster's manifests and 2,000 generated pods applied through the API,
// then collected with the admin's token, a read-only token with gaps, a page size of 50 with a
// continue token forced to expire, and the ServiceAccount of deploy/rbac.yaml.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFromCluster, loadSnapshotFromFiles, METADATA_ONLY } from '@kubepath/collector';
import { GraphIndex, findings } from '@kubepath/analyzer';
import { buildAttackGraph } from '@kubepath/graph';
import type { Snapshot } from '@kubepath/model';
import {
  applyObjects,
  collectionPath,
  demoClusterDir,
  kube,
  readManifests,
  repoRoot,
  testCluster,
  type TestClusterState,
} from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../apps/cli/src/program.js';

let state: TestClusterState;
let genDir: string;
/** The applied objects the API server accepted, as one List file. */
let acceptedDir: string;
let refusedCount = 0;
/** Every secret value the applied manifests hold (base64 `data` and decoded, and `stringData`). */
const secretValues: string[] = [];

/** The findings, in an order that does not depend on the order objects were read in. */
function findingsOf(snapshot: Snapshot) {
  const index = new GraphIndex(buildAttackGraph(snapshot));
  return findings(index)
    .findings.map((f) => ({
      cause: f.cause,
      severity: f.severity,
      entries: f.entries.map((e) => e.id).sort(),
      jewels: f.jewels.map((j) => j.id).sort(),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

beforeAll(async () => {
  state = testCluster();
  genDir = mkdtempSync(join(tmpdir(), 'kubepath-live-gen-'));
  const code = await runCli(['gen', '--pods', '2000', '--nodes', '20', '-o', genDir], {
    stdout: () => {},
    stderr: () => {},
    isInteractive: false,
  });
  expect(code).toBe(0);
  const objects = [...readManifests(demoClusterDir()), ...readManifests(genDir)];
  for (const o of objects as {
    kind: string;
    data?: Record<string, string>;
    stringData?: Record<string, string>;
  }[]) {
    if (o.kind !== 'Secret') continue;
    for (const v of Object.values(o.data ?? {}))
      secretValues.push(v, Buffer.from(v, 'base64').toString('utf8'));
    for (const v of Object.values(o.stringData ?? {})) secretValues.push(v);
  }
  const { created, refused } = await applyObjects(state, objects);
  // The generated cluster has pods its namespaces' Pod Security labels forbid: the API refuses
  // them (as any cluster would), so the files to compare with are those the API accepted.
  for (const r of refused)
    expect(r.message, `${r.object.kind} ${r.object.metadata.name}`).toMatch(/PodSecurity/);
  acceptedDir = mkdtempSync(join(tmpdir(), 'kubepath-live-accepted-'));
  writeFileSync(
    join(acceptedDir, 'accepted.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: created }),
  );
  refusedCount = refused.length;
}, 300_000);

describe('kubepath collect, against a real kube-apiserver', () => {
  it('collects the applied cluster, and its analysis finds what the same manifests read from files find', async () => {
    const seen: string[] = [];
    const live = await collectFromCluster({
      kubeconfig: state.kubeconfigs.admin,
      observe: (_path, response) => seen.push(response.body),
    });
    expect(live.snapshot.cluster).toMatchObject({ source: 'live', serverVersion: 'v1.34.4' });
    const pods = live.kinds.find((k) => k.kind === 'Pod')!;
    expect(pods.objects).toBeGreaterThan(1500);
    expect(pods.pages).toBe(Math.ceil(pods.objects / 500)); // 500 a page
    const files = await loadSnapshotFromFiles([acceptedDir]);
    expect(refusedCount).toBeLessThan(1000);
    // The same findings (the live cluster adds only the API server's own defaults: bootstrap
    // roles, the controllers' Tier Zero identities, default service accounts).
    const live0 = findingsOf(live.snapshot);
    const fromFiles = findingsOf(files);
    expect(live0.length).toBeGreaterThan(10);
    expect(live0).toEqual(fromFiles);
    // No secret value crossed the wire: not in any answer the client received.
    expect(secretValues.length).toBeGreaterThan(10);
    const received = seen.join('\n');
    for (const value of secretValues) if (value.length >= 6) expect(received).not.toContain(value);
    // … while the token secrets were still found (by their type, as metadata).
    expect(live.snapshot.objects.secrets.some((s) => s.type === 'kubernetes.io/service-account-token')).toBe(
      true,
    );
  });

  it('authenticates as the kubeconfig says: a client certificate, and an exec credential plugin (as EKS, GKE, AKS use)', async () => {
    const byCert = await collectFromCluster({ kubeconfig: state.kubeconfigs['admin-cert'] });
    expect(byCert.kinds.filter((k) => k.status !== 'listed' && k.status !== 'absent')).toEqual([]);
    // An exec plugin prints an ExecCredential; here it hands over the admin's token.
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: state.tokens.admin },
    });
    const exec = join(mkdtempSync(join(tmpdir(), 'kubepath-exec-')), 'config');
    writeFileSync(
      exec,
      readFileSync(state.kubeconfigs.admin, 'utf8').replace(
        / {4}token: .*/,
        [
          '    exec:',
          '      apiVersion: client.authentication.k8s.io/v1',
          '      command: /bin/sh',
          `      args: ["-c", ${JSON.stringify(`printf '%s' '${credential}'`)}]`,
          '      interactiveMode: Never',
        ].join('\n'),
      ),
    );
    const byExec = await collectFromCluster({ kubeconfig: exec });
    expect(byExec.snapshot.objects.clusterRoles.length).toBeGreaterThan(10);
    // … and a wrong token is refused by the real API server (401), which the error names.
    const wrong = join(mkdtempSync(join(tmpdir(), 'kubepath-wrong-')), 'config');
    writeFileSync(
      wrong,
      readFileSync(state.kubeconfigs.admin, 'utf8').replace(/token: .*/, 'token: not-a-token'),
    );
    await expect(collectFromCluster({ kubeconfig: wrong })).rejects.toThrow(/401/);
  });

  it('kubepath collect: writes a snapshot analyze reads; --check says what may be listed; says what it could not see', async () => {
    const run = async (...args: string[]) => {
      const out = { stdout: '', stderr: '' };
      const code = await runCli(args, {
        stdout: (t) => (out.stdout += t),
        stderr: (t) => (out.stderr += t),
        isInteractive: false,
      });
      return { code, ...out };
    };
    const file = join(mkdtempSync(join(tmpdir(), 'kubepath-cli-collect-')), 'snapshot.json');
    const collected = await run('collect', '--kubeconfig', state.kubeconfigs.admin, '-o', file);
    expect(collected.code).toBe(0);
    expect(collected.stdout).toMatch(/Collected kubepath-admin \(Kubernetes v1\.34\.4\) into /);
    expect(collected.stdout).toMatch(/^Pod\s+listed\s+[\d,]+\s+\d+/m);
    expect(collected.stderr).toMatch(/ {2}Pod: [\d,]+ objects, \d+ page\(s\)/); // a line per kind off a terminal
    const analysed = await run('analyze', file, '--json');
    expect(analysed.code).toBe(0);
    expect(JSON.parse(analysed.stdout).cluster).toMatchObject({
      name: 'kubepath-admin',
      serverVersion: 'v1.34.4',
    });
    // An identity that may list nothing: every kind refused, said, and the collection still ends.
    const check = await run('collect', '--check', '--json', '--kubeconfig', state.kubeconfigs.nobody);
    expect(check.code).toBe(0);
    const access = JSON.parse(check.stdout) as {
      permissions: { kind: string; allowed: boolean }[];
      requiredRole: unknown[];
    };
    expect(access.permissions.length).toBeGreaterThan(20);
    expect(access.permissions.every((p) => p.allowed === false)).toBe(true);
    expect(access.requiredRole.length).toBeGreaterThan(3);
    const nothing = await run('collect', '--kubeconfig', state.kubeconfigs.nobody, '-o', `${file}.nobody`);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('Not seen (a path through these to any crown jewel may be missing):');
    expect(nothing.stdout).toMatch(/Secret \(forbidden\)/);
    expect((await run('collect', '--kubeconfig', state.kubeconfigs.admin)).code).toBe(2); // no -o
  });

  it('asks for Secrets as metadata only: a plain list of the same secrets would carry the values', async () => {
    const plain = await kube(state, 'GET', '/api/v1/secrets?limit=500');
    expect(secretValues.some((v) => plain.text.includes(v))).toBe(true); // the test's own check can fail
    const paths: string[] = [];
    const accepts: string[] = [];
    await collectFromCluster({
      kubeconfig: state.kubeconfigs.admin,
      observe: (path, response) => {
        if (path.includes('/secrets')) {
          paths.push(path);
          accepts.push(String((JSON.parse(response.body) as { kind?: string }).kind));
        }
      },
    });
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(accepts)).toEqual(new Set(['PartialObjectMetadataList']));
    expect(METADATA_ONLY).toContain('as=PartialObjectMetadataList');
  });

  it('a read-only token without Secrets and without one namespace’s pods still collects, and coverage names the gaps', async () => {
    // kubepath-reader: the collector's role minus secrets, cluster-wide, but pods only per namespace except "payments".
    const role = readManifests(join(repoRoot(), 'deploy')).find(
      (o) => o.kind === 'ClusterRole',
    ) as unknown as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[];
    };
    const rules = role.rules.map((r) => ({
      ...r,
      resources: r.resources.filter((x) => x !== 'secrets' && x !== 'pods'),
    }));
    const namespaces = (
      (await kube(state, 'GET', '/api/v1/namespaces')).body as { items: { metadata: { name: string } }[] }
    ).items
      .map((n) => n.metadata.name)
      .filter((n) => n !== 'payments');
    await applyObjects(state, [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'test-reader-no-secrets' },
        rules,
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'test-reader-no-secrets' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'test-reader-no-secrets',
        },
        subjects: [{ kind: 'User', name: 'kubepath-reader', apiGroup: 'rbac.authorization.k8s.io' }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'test-pod-reader' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      },
      ...namespaces.map((ns) => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'test-pod-reader', namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'test-pod-reader' },
        subjects: [{ kind: 'User', name: 'kubepath-reader', apiGroup: 'rbac.authorization.k8s.io' }],
      })),
    ] as never);
    const r = await collectFromCluster({ kubeconfig: state.kubeconfigs.reader }).finally(() =>
      // Leave the cluster as the other tests expect it.
      kube(state, 'DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/test-reader-no-secrets'),
    );
    const row = (kind: string) => r.snapshot.coverage.resources.find((x) => x.kind === kind)!;
    expect(row('Secret')).toMatchObject({ status: 'forbidden', count: 0 });
    expect(row('Pod')).toMatchObject({ status: 'listed', forbiddenNamespaces: ['payments'] });
    expect(row('Pod').count).toBeGreaterThan(1500);
    expect(r.snapshot.objects.pods.some((p) => p.metadata.namespace === 'payments')).toBe(false);
    expect(row('ClusterRoleBinding').status).toBe('listed');
    // The analysis says what it could not see, and what paths through it would be made of.
    const file = join(mkdtempSync(join(tmpdir(), 'kubepath-reader-')), 'snapshot.json');
    writeFileSync(file, JSON.stringify(r.snapshot));
    let text = '';
    const code = await runCli(['analyze', file], {
      stdout: (t) => (text += t),
      stderr: () => {},
      isInteractive: false,
    });
    expect(code).toBe(0);
    expect(text).toContain('Not seen (a path through these to any crown jewel may be missing):');
    expect(text).toMatch(/Secret \(forbidden\): legacy service-account tokens/);
    expect(text).toMatch(/Pod \(partly forbidden in 1 namespace\(s\): payments\)/);
  });

  it('pages of 50 with a continue token forced to expire (etcd compacted) still yield every object', async () => {
    const all = await kube(state, 'GET', '/api/v1/pods?limit=0');
    const expected = (all.body as { items: unknown[] }).items.length;
    let compacted = false;
    const r = await collectFromCluster({
      kubeconfig: state.kubeconfigs.admin,
      pageSize: 50,
      afterPage: async (kind, pages) => {
        if (kind !== 'Pod' || pages !== 2 || compacted) return;
        compacted = true;
        await compactEtcd(state);
      },
    });
    expect(compacted).toBe(true);
    const pods = r.kinds.find((k) => k.kind === 'Pod')!;
    expect(pods.pages).toBeGreaterThanOrEqual(Math.ceil(expected / 50));
    expect(r.snapshot.objects.pods).toHaveLength(expected);
    expect(pods.reason).toMatch(/continue token expired/);
  });

  it('collects with exactly the ClusterRole of deploy/rbac.yaml, with the deployed ServiceAccount’s token', async () => {
    const manifests = readManifests(join(repoRoot(), 'deploy'));
    // Server-side dry run of every manifest (in its namespace, created first): the API server
    // accepts them as written.
    await applyObjects(
      state,
      manifests.filter((m) => m.kind === 'Namespace'),
    );
    for (const m of manifests) {
      const dry = await applyDryRun(state, m);
      expect(dry, `${m.kind} ${m.metadata.name}`).toBeLessThan(300);
    }
    await applyObjects(
      state,
      manifests.filter((m) => ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'].includes(m.kind)),
    );
    const token = await kube(
      state,
      'POST',
      '/api/v1/namespaces/kubepath/serviceaccounts/kubepath-collector/token',
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 600 },
      },
    );
    expect(token.status).toBe(201);
    const kubeconfigFile = join(mkdtempSync(join(tmpdir(), 'kubepath-sa-')), 'config');
    const admin = readFileSync(state.kubeconfigs.admin, 'utf8');
    writeFileSync(
      kubeconfigFile,
      admin.replace(/token: .*/, `token: ${(token.body as { status: { token: string } }).status.token}`),
    );
    const r = await collectFromCluster({ kubeconfig: kubeconfigFile }).finally(() =>
      kube(state, 'DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubepath-collector'),
    );
    expect(r.kinds.filter((k) => k.status !== 'listed')).toEqual([]);
    expect(r.permissions.every((p) => p.allowed === true)).toBe(true);
    expect(r.snapshot.objects.pods.length).toBeGreaterThan(1500);
  });
});

/** The manifest created with `dryRun=All`: the status code. */
async function applyDryRun(
  s: TestClusterState,
  m: ReturnType<typeof readManifests>[number],
): Promise<number> {
  const r = await kube(s, 'POST', `${await collectionPath(s, m)}?dryRun=All`, m);
  return r.status === 409 ? 200 : r.status; // exists already (applied by an earlier test): accepted
}

/** Writes a key (so the revision moves on) and compacts etcd to the newest revision. */
async function compactEtcd(s: TestClusterState): Promise<void> {
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  const put = await fetch(`${s.etcd}/v3/kv/put`, {
    method: 'POST',
    body: JSON.stringify({ key: b64('kubepath-test/compaction'), value: b64(String(Date.now())) }),
  });
  const revision = ((await put.json()) as { header: { revision: string } }).header.revision;
  const compact = await fetch(`${s.etcd}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision, physical: true }),
  });
  expect(compact.ok).toBe(true);
}
