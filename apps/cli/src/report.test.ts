// `kubepath report` and `kubepath diff` on the demo cluster and two variants of it (a fix
// applied, a new risky binding): every format written, the exit codes CI relies on
// (--fail-on, --fail-on-new), and a bad baseline named.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoClusterDir } from '@kubepath/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from './testing.js';

const run = runCaptured;

function variant(file: string, edit: (t: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubepath-report-variant-'));
  cpSync(demoClusterDir(), dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}
const RISKY = `\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: sandbox-hello-admin }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }\nsubjects: [{ kind: ServiceAccount, name: hello, namespace: sandbox }]\n`;

let out: string;
let baseline: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'kubepath-report-'));
  baseline = join(out, 'baseline.json');
  const r = await run('report', demoClusterDir());
  expect(r.code).toBe(0);
  writeFileSync(baseline, r.stdout);
});

describe('kubepath report', () => {
  it('writes every format to a directory, with the diff against a baseline', async () => {
    const dir = join(out, 'all');
    const r = await run(
      'report',
      demoClusterDir(),
      '--format',
      'json,md,html,sarif,junit',
      '--output-dir',
      dir,
      '--baseline',
      baseline,
    );
    expect(r.code, r.stderr).toBe(0);
    for (const f of [
      'report.json',
      'report.md',
      'report.html',
      'report.sarif',
      'report.junit.xml',
      'diff.json',
    ])
      expect(existsSync(join(dir, f)), f).toBe(true);
    const diff = JSON.parse(readFileSync(join(dir, 'diff.json'), 'utf8'));
    expect(diff.counts).toMatchObject({ new: 0, resolved: 0, worse: 0, better: 0 });
    expect(diff.counts.unchanged).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(
      /0 new, 0 worse, 0 better, 0 resolved, \d+ unchanged/,
    );
    expect(JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('--fail-on-new fails on a new risky binding only, not on what the baseline already had', async () => {
    const same = await run(
      'report',
      demoClusterDir(),
      '--baseline',
      baseline,
      '--fail-on-new',
      '--fail-on',
      'high',
    );
    expect(same.code).toBe(0);
    const risky = variant('sandbox/sandbox.yaml', (t) => t + RISKY);
    const r = await run(
      'report',
      risky,
      '--baseline',
      baseline,
      '--fail-on-new',
      '--fail-on',
      'high',
      '--format',
      'md',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/new or worse finding\(s\) at high or above/);
    expect(r.stdout).toContain('clusterbinding:sandbox-hello-admin');
    // Without the baseline, --fail-on counts every finding: the demo has critical ones.
    expect((await run('report', demoClusterDir(), '--fail-on', 'critical')).code).toBe(1);
  });

  it('diff: a fix applied is resolved, in text and JSON; sides may be reports or inputs', async () => {
    const fixed = variant('ci/ci.yaml', (t) =>
      t.replace(/kind: RoleBinding\nmetadata: \{ name: runner-build-pods[\s\S]*?---\n/, ''),
    );
    const text = await run('diff', baseline, fixed);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /^kubepath-report-variant-\w+: 0 new, 0 worse, 0 incomparable, \d+ unchanged, \d+ better, [1-9]\d* resolved/,
    );
    expect(text.stdout).toMatch(/resolved .*binding:ci\/runner-build-pods/);
    expect(text.stderr).toMatch(/comparing scans of two clusters: demo-cluster and kubepath-report-variant-/);
    const json = JSON.parse((await run('diff', demoClusterDir(), fixed, '--json')).stdout);
    expect(json.counts.resolved).toBeGreaterThan(0);
  });

  it('names a bad baseline and an unknown format (exit 2)', async () => {
    const bad = join(out, 'bad.json');
    writeFileSync(bad, JSON.stringify({ apiVersion: 'kubepath.dev/report/v1', kind: 'Report' }));
    const r = await run('report', demoClusterDir(), '--baseline', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json is not a kubepath report .*\/cluster/);
    const notReport = await run(
      'report',
      demoClusterDir(),
      '--baseline',
      join(demoClusterDir(), 'ci', 'ci.yaml'),
    );
    expect(notReport.code).toBe(2);
    expect((await run('report', demoClusterDir(), '--format', 'pdf')).stderr).toMatch(
      /--format pdf: use one or more of json, md, html, sarif, junit/,
    );
    expect((await run('report', demoClusterDir(), '--format', 'json,md')).code).toBe(2);
  });
});

describe('kubepath export bloodhound', () => {
  it('writes OpenGraph JSON or a ZIP of it, and refuses another file name', async () => {
    const json = join(out, 'graph.json');
    const r = await run('export', 'bloodhound', demoClusterDir(), '-o', json, '--exploits', 'none');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /wrote .*graph\.json: \d+ nodes, \d+ edges \(cluster demo-cluster, exploits none\)/,
    );
    const og = JSON.parse(readFileSync(json, 'utf8'));
    expect(og.metadata.source_kind).toBe('Kubepath');
    // --exploits none leaves the exploit steps out.
    expect(og.graph.edges.some((e: { kind: string }) => e.kind === 'K8sEndpointExploit')).toBe(false);
    const zip = join(out, 'graph.zip');
    expect((await run('export', 'bloodhound', demoClusterDir(), '-o', zip)).code).toBe(0);
    expect(readFileSync(zip).subarray(0, 4).toString('hex')).toBe('504b0304');
    expect((await run('export', 'bloodhound', demoClusterDir(), '-o', join(out, 'graph.txt'))).code).toBe(2);
  });
});

describe('kubepath export neo4j', () => {
  it('says clearly when Neo4j is down, and when no URL is given (exit 2)', async () => {
    const down = await run('export', 'neo4j', demoClusterDir(), '--uri', 'bolt://127.0.0.1:1');
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^kubepath: cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1: /);
    const none = await run('export', 'neo4j', demoClusterDir());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give --uri bolt://host:7687 or KUBEPATH_NEO4J_URL');
    const dir = join(out, 'csv');
    const csv = await run('export', 'neo4j', demoClusterDir(), '--csv', dir);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toMatch(
      /neo4j-admin database import full neo4j --overwrite-destination=true --nodes=.*nodes-K8sServiceAccount\.csv/,
    );
    expect(existsSync(join(dir, 'relationships-POD_CREATE.csv'))).toBe(true);
  });
});
