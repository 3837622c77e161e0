/**
 * kube-bench JSON for tests, in the shapes kube-bench writes (check/controls.go, cmd/util.go):
 * Controls `{id, version, text, node_type, tests: [{section, desc, results: [Check]}]}` with
 * Checks `{test_number, test_desc, audit, type, remediation, test_info, status, actual_value,
 * scored, IsMultiple, expected_result}`; since v0.6 wrapped as `{Controls, Totals}`.
 */

/** One check: `target` is the node_type of the controls it belongs to. */
export interface BenchCheck {
  id: string;
  text: string;
  status: 'PASS' | 'FAIL' | 'WARN' | 'INFO';
  target: 'master' | 'node' | 'etcd' | 'controlplane' | 'policies';
  /** Put in `actual_value` and `audit`, which kubepath must never keep. */
  actual?: string;
}

/** The CIS 1.9 checks that open or close paths, by their cis-1.x numbers. */
export const BENCH = {
  apiAnonymous: (status: BenchCheck['status']): BenchCheck => ({
    id: '1.2.1',
    text: 'Ensure that the --anonymous-auth argument is set to false (Manual)',
    status,
    target: 'master',
  }),
  kubeletAnonymous: (status: BenchCheck['status']): BenchCheck => ({
    id: '4.2.1',
    text: 'Ensure that the --anonymous-auth argument is set to false (Automated)',
    status,
    target: 'node',
  }),
  kubeletAuthz: (status: BenchCheck['status']): BenchCheck => ({
    id: '4.2.2',
    text: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow (Automated)',
    status,
    target: 'node',
  }),
  etcdClientCert: (status: BenchCheck['status']): BenchCheck => ({
    id: '2.2',
    text: 'Ensure that the --client-cert-auth argument is set to true (Automated)',
    status,
    target: 'etcd',
  }),
  other: (status: BenchCheck['status']): BenchCheck => ({
    id: '4.2.6',
    text: 'Ensure that the --make-iptables-util-chains argument is set to true (Automated)',
    status,
    target: 'node',
  }),
};

function controls(target: string, checks: BenchCheck[]) {
  return {
    id: { master: '1', etcd: '2', controlplane: '3', node: '4', policies: '5' }[target] ?? '0',
    version: 'cis-1.9',
    detected_version: '1.31',
    text: `${target} checks`,
    node_type: target,
    tests: [
      {
        section: checks[0]!.id.split('.').slice(0, 2).join('.'),
        type: '',
        pass: checks.filter((c) => c.status === 'PASS').length,
        fail: checks.filter((c) => c.status === 'FAIL').length,
        warn: 0,
        info: 0,
        desc: `${target} section`,
        results: checks.map((c) => ({
          test_number: c.id,
          test_desc: c.text,
          audit: `/bin/ps -ef | grep ${c.actual ?? 'kubelet'}`,
          AuditEnv: '',
          AuditConfig: '',
          type: '',
          remediation: `Fix ${c.id} and restart the component.`,
          test_info: [`Fix ${c.id} and restart the component.`],
          status: c.status,
          actual_value: c.actual ?? '',
          scored: true,
          IsMultiple: false,
          expected_result: "'--x' is equal to 'false'",
        })),
      },
    ],
    total_pass: checks.filter((c) => c.status === 'PASS').length,
    total_fail: checks.filter((c) => c.status === 'FAIL').length,
    total_warn: 0,
    total_info: 0,
  };
}

/** A kube-bench JSON file: `wrapped` (v0.6+) or `array` (older), controls grouped by target. */
export function kubeBenchJson(checks: BenchCheck[], form: 'wrapped' | 'array' = 'wrapped'): string {
  const targets = [...new Set(checks.map((c) => c.target))];
  const all = targets.map((t) =>
    controls(
      t,
      checks.filter((c) => c.target === t),
    ),
  );
  if (form === 'array') return JSON.stringify(all, null, 2);
  const total = (s: string) => checks.filter((c) => c.status === s).length;
  return JSON.stringify(
    {
      Controls: all,
      Totals: {
        total_pass: total('PASS'),
        total_fail: total('FAIL'),
        total_warn: total('WARN'),
        total_info: total('INFO'),
      },
    },
    null,
    2,
  );
}
