// Reports of the demo cluster and of variants of it: stable identities (reordered inputs,
// renamed unrelated objects, live pods under new names), the diff against a baseline (a fix
// applied, a new risky binding, a coverage that saw less), and the formats (SARIF validated
// against the OASIS SARIF 2.1.0 schema).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphIndex } from '@kubepath/analyzer';
import { loadSnapshotFromFiles, locateObjects } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { demoClusterDir, yamlFilesUnder, writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { buildReport } from './build.js';
import { diffReports, withHistory } from './diff.js';
import { reportHtml } from './formats/html.js';
import { reportJunit } from './formats/junit.js';
import { reportMarkdown } from './formats/markdown.js';
import { reportSarif } from './formats/sarif.js';
import { parseReport, ReportSchema, type Report } from './model.js';

async function reportOf(inputs: string[], now = new Date('2026-12-01T12:00:00Z')): Promise<Report> {
  const snapshot = await loadSnapshotFromFiles(inputs);
  const index = new GraphIndex(buildAttackGraph(snapshot));
  const locate = await locateObjects(
    snapshot.coverage.inputs.filter((i) => i.format === 'yaml').map((i) => i.path),
  );
  return buildReport({ snapshot, index, exploits: 'assumed', now, locate });
}

/** A copy of the demo cluster with `edit` applied to one of its files. */
function demoVariant(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubepath-demo-variant-'));
  cpSync(demoClusterDir(), dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

const identities = (r: Report) => r.findings.map((f) => f.identity).sort();

describe('report: stable identities', () => {
  it('survive reordering the input files and renaming an unrelated object', async () => {
    const files = yamlFilesUnder(demoClusterDir());
    const base = await reportOf(files);
    expect(base.findings.length).toBeGreaterThan(5);
    expect(ReportSchema.parse(base)).toBeTruthy();
    expect(identities(await reportOf([...files].reverse()))).toEqual(identities(base));
    const bystander = (name: string) =>
      writeTree({
        'extra.yaml': `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: ${name}, namespace: sandbox }\n`,
      });
    const a = await reportOf([...files, bystander('bystander-a')]);
    const b = await reportOf([...files, bystander('renamed-bystander')]);
    expect(identities(a)).toEqual(identities(base));
    expect(identities(b)).toEqual(identities(base));
    // Made of what the problem is: readable, and the same words give the same identity.
    const f = base.findings.find((x) => x.cause === 'binding:ci/runner-build-pods')!;
    expect(f.key).toMatch(/→ binding:ci\/runner-build-pods → target:/);
    expect(f.identity).toMatch(/^kp-[0-9a-f]{16}$/);
  });

  it('name a live pod by its workload: a pod recreated under a new name is the same finding', async () => {
    const live = (pod: string) => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d4b9c8f5
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true }]
spec: { selector: { matchLabels: { app: web } }, template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: app, image: nginx }] } } }
---
apiVersion: v1
kind: Pod
metadata:
  name: ${pod}
  namespace: shop
  labels: { app: web, pod-template-hash: 7d4b9c8f5 }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9c8f5, uid: u2, controller: true }]
spec:
  nodeName: worker-1
  containers: [{ name: app, image: nginx, securityContext: { privileged: true } }]
`;
    const node =
      'apiVersion: v1\nkind: Node\nmetadata: { name: worker-1, labels: { node-role.kubernetes.io/control-plane: "" } }\n---\n';
    const one = await reportOf([writeTree({ 'c.yaml': node + live('web-7d4b9c8f5-x2k9p') })]);
    const two = await reportOf([writeTree({ 'c.yaml': node + live('web-7d4b9c8f5-q8w7e') })]);
    const escape = one.findings.find((f) => f.cause.startsWith('CE_PRIV_MOUNT'))!;
    expect(escape.key).toContain('CE_PRIV_MOUNT Deployment shop/web (pod)/spec/containers/0');
    expect(identities(two)).toEqual(identities(one));
  });
});

describe('report: diff against a baseline', () => {
  it('a fix applied resolves its findings and adds none; a new risky binding is new', async () => {
    const base = await reportOf([demoClusterDir()]);
    const fixed = await reportOf(
      [
        demoVariant('ci/ci.yaml', (t) =>
          t.replace(/kind: RoleBinding\nmetadata: \{ name: runner-build-pods[\s\S]*?---\n/, ''),
        ),
      ],
      new Date('2026-12-02T12:00:00Z'),
    );
    const d1 = diffReports(base, fixed);
    expect(d1.counts.new).toBe(0);
    expect(d1.counts.resolved).toBeGreaterThan(0);
    const resolved = d1.entries.filter((e) => e.change === 'resolved');
    expect(resolved.map((e) => e.finding.cause)).toEqual(resolved.map(() => 'binding:ci/runner-build-pods'));
    expect(d1.counts.unchanged + d1.counts.better + d1.counts.worse).toBe(fixed.findings.length);

    const risky = await reportOf(
      [
        demoVariant(
          'sandbox/sandbox.yaml',
          (t) =>
            `${t}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: sandbox-hello-admin }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }\nsubjects: [{ kind: ServiceAccount, name: hello, namespace: sandbox }]\n`,
        ),
      ],
      new Date('2026-12-02T12:00:00Z'),
    );
    const d2 = diffReports(base, risky);
    const news = d2.entries.filter((e) => e.change === 'new');
    expect(news.length).toBeGreaterThan(0);
    // Each new finding runs through the new binding (interns reach it through the hello pod they may patch).
    const through = (e: (typeof news)[number]) =>
      e.finding.path.some((s) => s.to === 'clusterbinding:sandbox-hello-admin');
    expect(news.filter(through)).toEqual(news);
    expect(news.map((e) => e.finding.cause)).toContain('clusterbinding:sandbox-hello-admin');
    expect(d2.counts.resolved).toBe(0);
    // Interns reached the jewels through an assumed exploit before; now they need none: worse.
    expect(d2.entries.find((e) => e.finding.cause === 'binding:sandbox/interns-admin')).toMatchObject({
      change: 'worse',
      why: 'no longer needs an exploit',
    });
    // First seen carries over; a new finding is first seen now.
    const later = withHistory(risky, base);
    const old = later.findings.find((f) => f.identity === base.findings[0]!.identity)!;
    expect(old.firstSeen).toBe(base.findings[0]!.firstSeen);
    expect(later.findings.find((f) => f.identity === news[0]!.identity)!.firstSeen).toBe(
      '2026-12-02T12:00:00.000Z',
    );
  });

  it('a finding the baseline could not see (its kind was absent there) is incomparable, not new', async () => {
    const base = await reportOf([demoClusterDir()]);
    const blind: Report = {
      ...base,
      findings: [],
      coverage: { ...base.coverage, unseenKinds: ['RoleBinding', 'ClusterRoleBinding'] },
    };
    const d = diffReports(blind, base);
    const bindingCaused = d.entries.filter((e) => e.finding.causeObject?.kind === 'RoleBinding');
    expect(bindingCaused.length).toBeGreaterThan(0);
    expect(
      bindingCaused.every((e) => e.change === 'incomparable' && /could not see .*RoleBinding/.test(e.why!)),
    ).toBe(true);
    // Cost changed: a cheaper path is worse.
    const cheaper: Report = {
      ...base,
      findings: base.findings.map((f, i) => (i === 0 ? { ...f, cost: f.cost + 2 } : f)),
    };
    expect(
      diffReports(cheaper, base).entries.find((e) => e.identity === base.findings[0]!.identity)!.change,
    ).toBe('worse');
  });
});

describe('report: formats', () => {
  it('SARIF 2.1.0: valid by the OASIS schema, a manifest line for each cause, fingerprints from identities', async () => {
    const report = await reportOf([demoClusterDir()]);
    const sarif = reportSarif(report, demoClusterDir());
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    // The SARIF 2.1.0 schema is JSON Schema draft-04, with a pattern that is no `u`-flag regex.
    // ajv-draft-04 is CommonJS: its class is the module itself.
    const AjvDraft04 = require('ajv-draft-04') as new (options: object) => {
      compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
    };
    const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(report.findings.length);
    const runner = results.find((r) => r.message.text.includes('binding:ci/runner-build-pods'))!;
    // The RoleBinding is at line 24 of ci/ci.yaml (its document's first line).
    expect(runner.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'ci/ci.yaml' },
      region: { startLine: 24 },
    });
    expect(new Set(results.map((r) => r.partialFingerprints['kubepathFinding/v1']))).toEqual(
      new Set(identities(report)),
    );
    const rules = sarif.runs[0]!.tool.driver.rules;
    expect(rules.every((r) => Number(r.properties['security-severity']) > 0)).toBe(true);
  });

  it('SARIF of a cluster without manifest files keeps every result, with a logical location', async () => {
    const snapshot = await loadSnapshotFromFiles([demoClusterDir()]);
    const index = new GraphIndex(buildAttackGraph(snapshot));
    const report = buildReport({ snapshot, index, exploits: 'assumed' });
    const results = reportSarif(report).runs[0]!.results;
    expect(results).toHaveLength(report.findings.length);
    expect(
      results.every((r) => !r.locations[0]!.physicalLocation && r.locations[0]!.logicalLocations[0]!.name),
    ).toBe(true);
  });

  it('JUnit, Markdown and HTML: one test case per finding kind, the diff in words, hostile names as text', async () => {
    const hostile = writeTree({
      'x.yaml': `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: "evil-<script>", namespace: sandbox }\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: "x-<img-src=x-onerror=alert(1)>" }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }\nsubjects: [{ kind: ServiceAccount, name: "evil-<script>", namespace: sandbox }]\n`,
    });
    const base = await reportOf([demoClusterDir()]);
    const report = await reportOf([demoClusterDir(), hostile]);
    const junit = reportJunit(report, 'high');
    const kinds = new Set(report.findings.map((f) => f.kind));
    expect(junit.match(/<testcase /g)).toHaveLength(kinds.size);
    expect(junit).not.toMatch(/<script|<img/);
    expect(junit).toContain('&lt;img-src=x-onerror=alert(1)&gt;');
    const md = reportMarkdown(report, diffReports(base, report));
    expect(md).toMatch(/## Since 2026-12-01T12:00:00.000Z\n\n\d+ new, /);
    expect(md).toContain('**new**');
    const html = reportHtml(report, { diff: diffReports(base, report) });
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;img-src=x-onerror=alert(1)&gt;');
    expect(html).toContain('<svg class="path"');
  });

  it('reads a saved report back, and names the file and field of a bad one', async () => {
    const report = await reportOf([demoClusterDir()]);
    expect(parseReport(JSON.parse(JSON.stringify(report)), 'r.json')).toEqual(report);
    expect(() => parseReport({ ...report, findings: 'x' }, 'bad.json')).toThrow(
      /^bad\.json is not a kubepath report .*\/findings/,
    );
    rmSync(join(tmpdir(), 'nothing'), { force: true });
  });
});
