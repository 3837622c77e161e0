import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { demoClusterDir, writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';
import { runCaptured } from './testing.js';

const run = runCaptured;

describe('kubepath CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('analyze');
    expect(r.stdout).toContain('gen');
  });

  it('has help on every command', async () => {
    for (const command of ['analyze', 'gen']) {
      const r = await run(command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: kubepath ${command}`);
    }
  });

  it('exits 2 on bad usage', async () => {
    expect((await run('analyze')).code).toBe(2);
    expect((await run('no-such-command')).code).toBe(2);
    expect((await run('gen', '-o', '/tmp/x', '--pods', 'many')).code).toBe(2);
  });

  it('analyzes the demo cluster and reports what it read', async () => {
    const r = await run('analyze', demoClusterDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Loaded 79 objects/);
    expect(r.stdout).toMatch(/ClusterRoleBinding\s+7/);
    expect(r.stdout).not.toMatch(/Skipped/);
  });

  it('gives the load summary as JSON', async () => {
    const r = await run('analyze', '--json', demoClusterDir());
    const summary = JSON.parse(r.stdout);
    expect(summary.cluster.name).toBe('demo-cluster');
    expect(summary.objects).toMatchObject({ Namespace: 7, Node: 4, Pod: 2, Deployment: 8, DaemonSet: 2 });
    expect(summary.coverage.skippedTotal).toBe(0);
    expect(summary.timing.loadMs).toBeGreaterThanOrEqual(0);
  });

  it('exits 2 with a clear message when nothing usable was read', async () => {
    const dir = writeTree({ 'broken.yaml': 'kind: [oops\n', 'empty.json': '' });
    const r = await run('analyze', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml \(document 1 \(line 1\)\): invalid YAML/);
    expect(r.stderr).toMatch(/nothing usable was read/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('exits 2 for a path that does not exist', async () => {
    const r = await run('analyze', '/no/such/path.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/no/such/path.yaml (input): no such file or directory');
  });

  it('exits 0 on partly bad input and says what it skipped', async () => {
    const dir = writeTree({
      'ok.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n',
      'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: 3 }\n',
    });
    const r = await run('analyze', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Skipped 1 document/);
    expect(r.stdout).toMatch(/bad\.yaml \(document 1 \(line 1\), Pod default\/p\): \/spec\/containers/);
  });

  it('generates a synthetic cluster that analyze reads without a skip, deterministically', async () => {
    const a = writeTree({});
    const b = writeTree({});
    expect((await run('gen', '--nodes', '12', '--pods', '400', '--seed', '3', '-o', a)).code).toBe(0);
    expect((await run('gen', '--nodes', '12', '--pods', '400', '--seed', '3', '-o', b)).code).toBe(0);
    expect(readdirSync(a).sort()).toEqual(['cluster.json', 'pods.json']);
    const [ra, rb] = [await run('analyze', '--json', a), await run('analyze', '--json', b)];
    const [sa, sb] = [JSON.parse(ra.stdout), JSON.parse(rb.stdout)];
    expect(sa.objects.Pod).toBe(400);
    expect(sa.objects.Node).toBe(12);
    expect(sa.coverage.skippedTotal).toBe(0);
    expect(sa.coverage.duplicates).toBe(0);
    expect(sa.objects).toEqual(sb.objects);
    expect(sa.objects.ClusterRoleBinding).toBeGreaterThan(0);
    expect(sa.objects.NetworkPolicy).toBeGreaterThan(0);
    expect(join(a, 'pods.json')).toBeTruthy();
  });
});

describe('kubepath who-can', () => {
  it('lists the identities that may create pods in a namespace, with binding and rule', async () => {
    const r = await run('who-can', 'create', 'pods', '-n', 'ci', '--json', demoClusterDir());
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const ids = [...new Set(out.subjects.map((s: { id: string }) => s.id))];
    // ci/runner and ci-bot through the ci RoleBinding; the cluster-wide ones; not the sandbox interns.
    expect(ids).toEqual(
      [
        'group:system:masters',
        'sa:ci/deployer',
        'sa:ci/runner',
        'sa:kube-system/ops-admin',
        'sa:shop/storefront',
        'user:ci-bot@acme.example',
      ].sort(),
    );
    const runner = out.subjects.find((s: { id: string }) => s.id === 'sa:ci/runner');
    expect(runner).toMatchObject({
      binding: 'binding:ci/runner-build-pods',
      role: 'Role build-pods',
      rules: ['Role build-pods/rules/0'],
    });
  });

  it('honours resourceNames: only grants naming the secret, or all secrets', async () => {
    const r = await run(
      'who-can',
      'get',
      'secrets',
      '-n',
      'shop',
      '--name',
      'payments-api-key',
      '--json',
      demoClusterDir(),
    );
    const ids = JSON.parse(r.stdout).subjects.map((s: { id: string }) => s.id);
    expect(ids).toContain('sa:shop/checkout');
    const other = await run(
      'who-can',
      'get',
      'secrets',
      '-n',
      'shop',
      '--name',
      'shop-db',
      '--json',
      demoClusterDir(),
    );
    expect(JSON.parse(other.stdout).subjects.map((s: { id: string }) => s.id)).not.toContain(
      'sa:shop/checkout',
    );
  });

  it('prints a table by default', async () => {
    const r = await run('who-can', 'create', 'pods/exec', '-n', 'monitoring', demoClusterDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /ServiceAccount monitoring\/grafana\s+monitoring\s+binding:monitoring\/grafana-debug-agents/,
    );
  });

  // kubectl auth can-i answers an unknown resource too, after "Warning: the server doesn't
  // have a resource type": an answer with a warning, never an exit (issue 21, class 3).
  it('answers a resource it does not know with a warning, as a namespaced core resource', async () => {
    const r = await run('who-can', 'get', 'widgets', '--json', demoClusterDir());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: kubepath does not know the resource "widgets"/);
    const out = JSON.parse(r.stdout);
    expect(out.request).toMatchObject({ verb: 'get', apiGroup: '', resource: 'widgets' });
    expect(out.warnings).toHaveLength(1);
    // The demo's cluster-wide wildcard holders still can; the warning does not hide them.
    expect(out.subjects.map((x: { id: string }) => x.id)).toContain('group:system:masters');
  });

  it('knows componentstatuses, and that -n does not apply to a cluster-scoped resource', async () => {
    const r = await run('who-can', 'list', 'csinodes', '-n', 'ci', '--json', demoClusterDir());
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.request).toEqual({ verb: 'list', apiGroup: 'storage.k8s.io', resource: 'csinodes' });
    expect(out.warnings).toEqual(['csinodes is cluster-scoped: namespace ci ignored']);
    // No RoleBinding can grant a request without a namespace.
    expect(out.subjects.every((x: { scope: string }) => x.scope === '*')).toBe(true);
    const cs = await run('who-can', 'get', 'componentstatuses', '--json', demoClusterDir());
    expect(cs.code).toBe(0);
    expect(JSON.parse(cs.stdout).warnings).toEqual([]);
  });

  it('exits 2 for text that is no resource name', async () => {
    const r = await run('who-can', 'get', 'pods//exec', demoClusterDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"pods\/\/exec" is not a resource/);
  });
});

describe('kubepath who-can-reach / paths / blast-radius / choke-points', () => {
  it('who-can-reach prints the DESIGN.md JSON shape', async () => {
    const r = await run('who-can-reach', 'target:cluster-admin', demoClusterDir(), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['target', 'sources']);
    expect(out.target).toBe('target:cluster-admin');
    const runner = out.sources.find((s: { id: string }) => s.id === 'sa:ci/runner');
    expect(runner).toEqual({
      id: 'sa:ci/runner',
      cost: 2,
      path: [
        { from: 'sa:ci/runner', kind: 'PERMISSION_DISCOVER', to: 'binding:ci/runner-build-pods' },
        { from: 'binding:ci/runner-build-pods', kind: 'POD_CREATE', to: 'hub:pod-create/ci' },
        { from: 'hub:pod-create/ci', kind: 'POD_CREATE_AS_SA', to: 'sa:ci/deployer' },
        { from: 'sa:ci/deployer', kind: 'PERMISSION_DISCOVER', to: 'clusterbinding:ci-deployer' },
        { from: 'clusterbinding:ci-deployer', kind: 'CLUSTER_ADMIN', to: 'target:cluster-admin' },
      ],
    });
    expect(out.sources.some((s: { id: string }) => s.id === 'target:cluster-admin')).toBe(false);
  });

  it('who-can-reach names actors only: no hub, class, binding, service or namespace as a source', async () => {
    const r = await run('who-can-reach', 'target:etcd', demoClusterDir(), '--json');
    const sources: { id: string; path: { from: string }[] }[] = JSON.parse(r.stdout).sources;
    const internal = /^(hub|netclass|binding|clusterbinding|service|namespace):/;
    expect(sources.filter((s) => internal.test(s.id))).toEqual([]);
    expect(sources.map((s) => s.id)).toEqual(expect.arrayContaining(['external:internet', 'sa:ci/runner']));
    // Paths still pass through them.
    expect(sources.some((s) => s.path.some((step) => internal.test(step.from)))).toBe(true);
  });
  it('who-can-reach --exploits none leaves out every path that assumes an exploit; assumed marks them', async () => {
    const parse = (out: string): { id: string; assumesExploit?: true }[] => JSON.parse(out).sources;
    const assumed = parse((await run('who-can-reach', 'target:etcd', demoClusterDir(), '--json')).stdout);
    const none = parse(
      (await run('who-can-reach', 'target:etcd', demoClusterDir(), '--json', '--exploits', 'none')).stdout,
    );
    expect(assumed.some((s) => s.assumesExploit)).toBe(true);
    expect(none.some((s) => s.assumesExploit)).toBe(false);
    expect(none.length).toBeLessThan(assumed.length);
    // What needs no exploit stays: the CI runner's pod-creation path.
    expect(none.map((s) => s.id)).toContain('sa:ci/runner');
    const text = await run('who-can-reach', 'target:etcd', demoClusterDir());
    expect(text.stdout).toMatch(/ENDPOINT_EXPLOIT\*/);
    expect(text.stdout).toMatch(/\* assumes an exploit of a running service/);
    expect((await run('who-can-reach', 'target:etcd', demoClusterDir(), '--exploits', 'maybe')).code).toBe(2);
  });
  it('what-if takes the exploit mode: both sides counted in it', async () => {
    const pairs = async (...extra: string[]) =>
      JSON.parse(
        (
          await run(
            'what-if',
            '--remove',
            'RoleBinding/ci/runner-build-pods',
            demoClusterDir(),
            '--json',
            ...extra,
          )
        ).stdout,
      ) as { before: { pairs: number }; closed: unknown[] };
    const assumed = await pairs();
    const none = await pairs('--exploits', 'none');
    expect(none.before.pairs).toBeLessThan(assumed.before.pairs);
    expect(none.closed.length).toBeGreaterThan(0);
  });
  it('who-can-reach filters by kind, namespace and cost', async () => {
    const r = await run(
      'who-can-reach',
      'target:etcd',
      demoClusterDir(),
      '--json',
      '--kind',
      'sa',
      '-n',
      'ci',
      '--max-cost',
      '4',
    );
    const sources: { id: string; cost: number }[] = JSON.parse(r.stdout).sources;
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) {
      expect(s.id).toMatch(/^sa:ci\//);
      expect(s.cost).toBeLessThanOrEqual(4);
    }
    expect((await run('who-can-reach', 'target:etcd', demoClusterDir(), '--kind', 'hub')).code).toBe(2);
  });

  it('shows the evidence of every step, and exits 2 for an unknown target', async () => {
    const r = await run('paths', '--from', 'sa:ci/runner', '--to', 'target:cluster-admin', demoClusterDir());
    // Internal vertices are named by what they stand for, beside their ids.
    expect(r.stdout).toMatch(
      /binding:ci\/runner-build-pods \[Role build-pods\] --POD_CREATE \(1\)--> hub:pod-create\/ci \[create pods \(ci\)\]/,
    );
    expect(r.stdout).toMatch(/because: RoleBinding ci\/runner-build-pods \/roleRef/);
    expect(r.stdout).toMatch(/because: Role ci\/build-pods \/rules\/0/);
    expect((await run('who-can-reach', 'secret:nowhere/none', demoClusterDir())).code).toBe(2);
  });

  it('paths lists the cheapest loop-free paths in cost order', async () => {
    const r = await run(
      'paths',
      '--from',
      'sa:monitoring/grafana',
      '--to',
      'target:etcd',
      '-k',
      '2',
      '--json',
      demoClusterDir(),
    );
    const out = JSON.parse(r.stdout);
    expect(out.paths.length).toBe(2);
    expect(out.paths[0].cost).toBeLessThanOrEqual(out.paths[1].cost);
    expect(out.paths[0].path[0].from).toBe('sa:monitoring/grafana');
  });

  it('blast-radius of a contained identity reaches no crown jewel', async () => {
    const r = await run('blast-radius', 'sa:payments/batch', demoClusterDir(), '--json');
    const ids = JSON.parse(r.stdout).reached.map((x: { id: string }) => x.id);
    expect(ids).toContain('sa:payments/ledger');
    expect(ids).not.toContain('target:cluster-admin');
    expect(ids).not.toContain('target:etcd');
  });

  it('choke-points offers fixes ranked by the pairs they close: the CI runner binding first, never a Node', async () => {
    const r = await run('choke-points', '--json', '--top', '30', demoClusterDir());
    const points: { id: string; object: string; closes: number; fix: string }[] = JSON.parse(
      r.stdout,
    ).chokePoints;
    expect(points[0]).toMatchObject({ object: 'RoleBinding ci/runner-build-pods' });
    for (let i = 1; i < points.length; i++)
      expect(points[i]!.closes).toBeLessThanOrEqual(points[i - 1]!.closes);
    // A namespace only as a change to it (a label, a policy to add), never its removal.
    expect(
      points.map((p) => p.object).filter((o) => /^(Node|NetworkPolicy) |^Namespace \S+$/.test(o)),
    ).toEqual([]);
    // A workload is changed field by field: kube-proxy's privileged flag is told about privileged.
    const proxy = points.find(
      (p) =>
        p.id ===
        'DaemonSet/kube-system/kube-proxy#/spec/template/spec/containers/0/securityContext/privileged',
    );
    expect(proxy?.fix).toMatch(/privileged/);
    expect(proxy?.object).toBe(
      'DaemonSet kube-system/kube-proxy /spec/template/spec/containers/0/securityContext/privileged',
    );
    // Never what an object is (a container of its pod), never a built-in role the API server restores.
    expect(
      points.filter((p) => /^ClusterRole (cluster-admin|admin|edit|view|system:)/.test(p.object)),
    ).toEqual([]);
    expect(points.filter((p) => p.fix.startsWith('Structural'))).toEqual([]);
  });

  it('what-if --fix closes what choke-points says, pair by pair; without --remove or --fix it says what to give', async () => {
    const listed = await run('choke-points', '--json', '--exploits', 'none', demoClusterDir());
    const top: { id: string; closes: number } = JSON.parse(listed.stdout).chokePoints[0];
    expect(listed.stdout).not.toBe('');
    const r = await run('what-if', '--fix', top.id, '--exploits', 'none', '--json', demoClusterDir());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).closed).toHaveLength(top.closes);
    const text = await run('choke-points', demoClusterDir());
    expect(text.stdout).toContain('kubepath what-if --fix ID');
    const neither = await run('what-if', demoClusterDir());
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/give --remove .* or --fix ID/);
  });

  it('analyze --fail-on critical exits 1 on the demo cluster, and 0 without findings', async () => {
    expect((await run('analyze', '--fail-on', 'critical', demoClusterDir())).code).toBe(1);
    const calm = writeTree({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: quiet }\n' });
    expect((await run('analyze', '--fail-on', 'low', calm)).code).toBe(0);
  });
});

describe('kubepath what-if', () => {
  it('removing the legacy-ops binding closes the storefront paths, not the CI ones', async () => {
    const r = await run(
      'what-if',
      '--remove',
      'ClusterRoleBinding/storefront-legacy-ops',
      '--json',
      demoClusterDir(),
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.unmatched).toEqual([]);
    const closed = out.closed.map((c: { entry: string; jewel: string }) => `${c.entry} ${c.jewel}`);
    expect(closed).toContain('sa:shop/storefront target:etcd');
    expect(closed).not.toContain('sa:ci/runner target:cluster-admin');
    expect(out.after.pairs).toBeLessThan(out.before.pairs);
  });

  it('says when a removal matches nothing', async () => {
    const r = await run('what-if', '--remove', 'RoleBinding/ci/no-such-binding', demoClusterDir());
    expect(r.stderr).toMatch(/matches no object/);
    expect(r.stdout).toMatch(/No path closes/);
  });
});

describe('kubepath netpol', () => {
  it('prints connlist lines: payments is default-deny except checkout → ledger gRPC', async () => {
    const r = await run('netpol', demoClusterDir());
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('shop/checkout[Deployment] => payments/ledger[StatefulSet] : TCP 9090');
    expect(lines.some((l) => l.startsWith('shop/storefront[Deployment] => payments/ledger'))).toBe(false);
    expect(lines.some((l) => l.startsWith('payments/ledger[StatefulSet] =>'))).toBe(false);
  });

  // A deny-all policy written as JSON documents between `---` lines was once dropped without
  // a word, and every connection reported allowed: a silent false path (issue 21, class 7).
  it('honours a deny-all policy in a .yaml file of JSON documents, and warns of what it skipped', async () => {
    const pod = (name: string, ip: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
        status: { podIP: ip },
      });
    const deny = JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-all', namespace: 'default' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    const dir = writeTree({
      'cluster.yaml': [deny, pod('web', '10.0.0.5'), pod('client', '10.0.0.6')].join('\n---\n'),
      'broken.yaml': 'kind: [unclosed\n',
    });
    const r = await run('netpol', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('default/client[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections');
    expect(r.stdout).not.toMatch(/=> default\/(web|client)\[Pod\]/);
    expect(r.stderr).toMatch(
      /warning: skipped 1 document\(s\) or object\(s\) of the input:\n\s+\S*broken\.yaml/,
    );
  });

  // At 10,000 pods the connlist once failed with "Invalid string length": it was joined into
  // one string. It is written a batch at a time (issue 21, class 9).
  it('streams its output in batches, text and JSON alike', async () => {
    const dir = writeTree({});
    expect(
      await runCli(['gen', '--pods', '300', '--nodes', '3', '-o', dir], {
        stdout: () => {},
        stderr: () => {},
        isInteractive: false,
      }),
    ).toBe(0);
    for (const args of [
      ['netpol', dir],
      ['netpol', '--json', dir],
    ]) {
      const chunks: string[] = [];
      const code = await runCli(args, {
        stdout: (t) => void chunks.push(t),
        stderr: () => {},
        isInteractive: false,
      });
      expect(code).toBe(0);
      expect(chunks.length).toBeGreaterThan(2);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
      if (args.includes('--json')) expect(JSON.parse(chunks.join('')).allowed.length).toBeGreaterThan(1000);
    }
  });

  it('gives a per-pod matrix as JSON', async () => {
    const r = await run('netpol', '--json', demoClusterDir());
    const out = JSON.parse(r.stdout);
    expect(out.allowed).toContainEqual({
      src: 'pod:shop/Deployment.checkout',
      dst: 'pod:payments/StatefulSet.ledger',
      conns: 'TCP 9090',
    });
  });
});
