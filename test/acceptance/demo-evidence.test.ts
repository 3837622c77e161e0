// The demo cluster with the vulnerability evidence of examples/demo-evidence (a trivy-operator
// report for the storefront, a Grype scan of grafana, a small KEV catalog): the paths that
// appear only with it (examples/demo-evidence/README.md).
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { GraphIndex, findings, indexForExploits, vulnerableExposures, whoCanReach } from '@kubepath/analyzer';
import { buildAttackGraph } from '@kubepath/graph';
import { demoClusterDir, repoRoot } from '@kubepath/testkit';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../apps/cli/src/program.js';

const evidenceDir = () => join(repoRoot(), 'examples', 'demo-evidence');
let withEvidence: GraphIndex;
let without: GraphIndex;
beforeAll(async () => {
  withEvidence = new GraphIndex(
    buildAttackGraph(await loadSnapshotFromFiles([demoClusterDir(), evidenceDir()])),
  );
  without = new GraphIndex(buildAttackGraph(await loadSnapshotFromFiles([demoClusterDir()])));
});

const reachers = (index: GraphIndex, target: string) =>
  whoCanReach(index, target)
    .sources.map((s) => s.id)
    .sort();

describe('demo cluster with its vulnerability evidence', () => {
  it('--exploits known: the internet reaches etcd through the storefront’s KEV-listed log4j, and through nothing assumed', () => {
    const known = indexForExploits(withEvidence, 'known');
    const internet = whoCanReach(known, 'target:etcd').sources.find((s) => s.id === 'external:internet');
    expect(internet?.cost).toBe(5);
    const exploits = internet!.path.filter((s) => s.kind === 'ENDPOINT_EXPLOIT');
    expect(exploits).toEqual([
      {
        from: 'service:shop/storefront',
        kind: 'ENDPOINT_EXPLOIT',
        to: 'container:shop/Deployment.storefront/web',
        knownExploit: true,
      },
    ]);
    // No step anywhere in known mode assumes an exploit.
    const all = findings(known).findings;
    expect(all.some((f) => f.assumesExploit)).toBe(false);
    expect(all.flatMap((f) => f.path).some((s) => s.assumesExploit)).toBe(false);
    // Grafana's scan lists only a medium CVE: no known exploit, so no path through it.
    expect(
      known.attributes[known.numberOf('container:monitoring/Deployment.grafana/grafana')!]!.vulnerabilities,
    ).toBeDefined();
    expect(
      known.attributes[known.numberOf('container:monitoring/Deployment.grafana/grafana')!]!.knownExploitable,
    ).toBeUndefined();
  });

  it('the finding from the internet is critical with a known exploit (high while it was assumed)', () => {
    const fromInternet = (index: GraphIndex) =>
      findings(index).findings.find(
        (f) =>
          f.entries.some((e) => e.id === 'external:internet') && f.jewels.some((j) => j.id === 'target:etcd'),
      )!;
    expect(fromInternet(withEvidence)).toMatchObject({
      cause: 'clusterbinding:storefront-legacy-ops',
      severity: 'critical',
    });
    expect(fromInternet(withEvidence).assumesExploit).toBeUndefined();
    expect(fromInternet(without)).toMatchObject({ severity: 'high', assumesExploit: true });
  });

  it('lists the storefront as a vulnerable image reachable from the internet, with the fixed version', () => {
    const { exposures } = vulnerableExposures(withEvidence);
    expect(exposures).toHaveLength(1);
    expect(exposures[0]).toMatchObject({
      container: 'container:shop/Deployment.storefront/web',
      cost: 3,
      fromInternet: true,
      exploit: expect.stringMatching(/^CVE-2021-44228.*in CISA KEV/),
      remediation: expect.stringMatching(/upgrade org\.apache\.logging\.log4j:log4j-core 2\.15\.0/),
    });
    expect(exposures[0]!.fromContainers).toBeGreaterThan(0);
    expect(vulnerableExposures(without).exposures).toEqual([]);
  });

  it('without reports, --exploits known equals --exploits none', () => {
    expect(reachers(indexForExploits(without, 'known'), 'target:etcd')).toEqual(
      reachers(indexForExploits(without, 'none'), 'target:etcd'),
    );
    expect(reachers(indexForExploits(withEvidence, 'known'), 'target:etcd')).not.toEqual(
      reachers(indexForExploits(withEvidence, 'none'), 'target:etcd'),
    );
  });

  it('analyze says which evidence it had, and that none given means every exploit is assumed', async () => {
    const run = async (...args: string[]) => {
      let stdout = '';
      const code = await runCli(args, {
        stdout: (t) => void (stdout += t),
        stderr: () => {},
        isInteractive: false,
      });
      return { code, stdout };
    };
    const none = await run('analyze', demoClusterDir());
    expect(none.stdout).toMatch(
      /Vulnerability evidence: none given .* --exploits known equals --exploits none/,
    );
    const some = await run('analyze', demoClusterDir(), evidenceDir());
    expect(some.stdout).toMatch(/Vulnerability evidence: 2 scan\(s\); 2 of \d+ containers have a report/);
    expect(some.stdout).toMatch(/1 with a known remotely exploitable vulnerability/);
    expect(some.stdout).toMatch(/KEV catalog: version 2026\.11\.30, 3 CVEs/);
    expect(some.stdout).toMatch(
      /CIS node checks \(kube-bench\): 1 file\(s\), for cp-1; API server anonymous auth off .*\n {2}4 failed check\(s\):\n.*cp-1 {2}1\.2\.15/,
    );
    expect(some.stdout).toMatch(/cp-1 {2}4\.2\.2 .* → opens KUBELET_OPEN/);
    expect(none.stdout).toMatch(/CIS node checks: none given \(kube-bench JSON\)/);
    const json = JSON.parse((await run('analyze', demoClusterDir(), '--json')).stdout);
    expect(json.evidence).toBeNull();
    // --kev names a file that must be the catalog.
    const kev = await run(
      'who-can-reach',
      'target:etcd',
      demoClusterDir(),
      '--exploits',
      'known',
      '--kev',
      join(evidenceDir(), 'known_exploited_vulnerabilities.json'),
      '--json',
    );
    expect(kev.code).toBe(0);
    const notKev = await runCli(
      ['analyze', demoClusterDir(), '--kev', join(evidenceDir(), 'grafana-grype.json')],
      { stdout: () => {}, stderr: () => {}, isInteractive: false },
    );
    expect(notKev).toBe(2);
  });

  it('kube-bench on cp-1: its AlwaysAllow kubelet opens etcd to pods whose egress reaches 10.0.0.10:10250, not to payments (default-deny egress)', () => {
    const none = indexForExploits(withEvidence, 'none');
    const viaKubelet = (id: string) =>
      whoCanReach(none, 'target:etcd')
        .sources.find((s) => s.id === id)
        ?.path.some((s) => s.kind === 'KUBELET_OPEN');
    expect(viaKubelet('container:sandbox/Deployment.hello/hello')).toBe(true);
    expect(viaKubelet('container:shop/Deployment.checkout/checkout')).toBe(true);
    expect(viaKubelet('node:worker-1')).toBe(true); // host traffic: no NetworkPolicy selects it
    expect(viaKubelet('container:payments/StatefulSet.ledger/ledger')).toBeFalsy();
    expect(reachers(indexForExploits(without, 'none'), 'target:etcd')).not.toContain(
      'container:sandbox/Deployment.hello/hello',
    );
    // 1.2.1 passed on cp-1: the API server takes no anonymous request, so the assumed step is gone.
    const anonymousApi = (index: GraphIndex) =>
      index.graph.edges.filter((e) => e.kind === 'ANONYMOUS_API').length;
    expect(anonymousApi(withEvidence)).toBe(0);
    expect(anonymousApi(without)).toBe(1);
  });

  it('--compromised: the grafana pod Falco names leads, with what it reaches; the alert on a pod not in the input is listed', async () => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: (t: string) => void (stdout += t),
      stderr: (t: string) => void (stderr += t),
      isInteractive: false,
    };
    const falco = join(evidenceDir(), 'falco-alerts.jsonl');
    expect(await runCli(['analyze', demoClusterDir(), '--compromised', falco], io)).toBe(0);
    expect(stdout).toMatch(
      /Known compromised \(Falco alerts in .*falco-alerts\.jsonl\): 1\n {2}container:monitoring\/Deployment\.grafana\/grafana — 1 alert\(s\): Terminal shell in container\n {4}reaches target:cluster-admin at cost 3/,
    );
    expect(stdout).toMatch(
      /not in the input: line 2 \(Read sensitive file untrusted\) names pod finance\/payroll-6b5c4d3e2-q8w7e/,
    );
    expect(stdout.indexOf('Known compromised')).toBeLessThan(stdout.indexOf('Findings:'));
    // Falco's output text quotes command lines: never echoed.
    expect(stdout).not.toContain('/etc/shadow');
    const json = JSON.parse(
      await (async () => {
        let out = '';
        await runCli(['analyze', demoClusterDir(), '--compromised', falco, '--json'], {
          ...io,
          stdout: (t) => void (out += t),
        });
        return out;
      })(),
    );
    expect(json.knownCompromised.compromised[0].id).toBe('container:monitoring/Deployment.grafana/grafana');
    expect(
      await runCli(['analyze', demoClusterDir(), '--compromised', join(evidenceDir(), 'missing.jsonl')], io),
    ).toBe(2);
    expect(stderr).toMatch(/--compromised .*missing\.jsonl: no such file/);
  });
});
