// kube-bench JSON among the inputs: both shapes kube-bench writes (github.com/aquasecurity/
// kube-bench check/controls.go: Controls{id, version, text, node_type, tests[]}, Group{section,
// desc, results[]}, Check{test_number, test_desc, status, remediation, audit, actual_value…};
// cmd/util.go wraps them as {Controls, Totals} since v0.6), the node from the file name or
// --node, a malformed file named with the cluster still loaded, and nothing of audit or
// actual_value kept.
import { BENCH, CANARY, demoClusterDir, kubeBenchJson, writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';
import { loadSnapshotFromFiles } from '../load-files.js';
import { nodeNamedByFile } from './kube-bench.js';

const NODES = ['worker-1', 'worker-10']
  .map(
    (name) => `apiVersion: v1
kind: Node
metadata: { name: ${name} }
status: { addresses: [{ type: InternalIP, address: 10.0.1.${name.length} }] }
---
`,
  )
  .join('');

const CHECKS = [BENCH.kubeletAnonymous('FAIL'), BENCH.kubeletAuthz('PASS'), BENCH.other('FAIL')];

describe('kube-bench results among the inputs', () => {
  it.each(['wrapped', 'array'] as const)(
    'reads the %s form: every check with its status and target',
    async (form) => {
      const dir = writeTree({ 'nodes.yaml': NODES, 'kube-bench-worker-1.json': kubeBenchJson(CHECKS, form) });
      const snapshot = await loadSnapshotFromFiles([dir]);
      expect(snapshot.coverage.skipped).toEqual([]);
      const [result, ...rest] = snapshot.evidence!.cisResults!;
      expect(rest).toEqual([]);
      expect(result!.node).toBe('worker-1');
      expect(result!.benchmark).toBe('cis-1.9');
      expect(result!.checks.map((c) => [c.id, c.status, c.target])).toEqual([
        ['4.2.1', 'FAIL', 'node'],
        ['4.2.2', 'PASS', 'node'],
        ['4.2.6', 'FAIL', 'node'],
      ]);
      // A remediation is kept for a failure only.
      expect(result!.checks.map((c) => c.remediation)).toEqual([
        'Fix 4.2.1 and restart the component.',
        undefined,
        'Fix 4.2.6 and restart the component.',
      ]);
      expect(snapshot.objects.nodes).toHaveLength(2);
    },
  );

  it('names the node by the longest node name the file name holds between separators', () => {
    const nodes = ['worker-1', 'worker-10', 'node'];
    expect(nodeNamedByFile('/r/kube-bench-worker-1.json', nodes)).toBe('worker-1');
    expect(nodeNamedByFile('/r/worker-10.kube-bench.json', nodes)).toBe('worker-10');
    expect(nodeNamedByFile('/r/kube-bench-worker-100.json', nodes)).toBeUndefined();
    expect(nodeNamedByFile('C:\\r\\bench_worker-1.json', nodes)).toBe('worker-1');
    expect(nodeNamedByFile('/worker-1/results.json', nodes)).toBeUndefined(); // the base name only
  });

  it('gives the --node to results whose file name names no node, and keeps a named node over it', async () => {
    const dir = writeTree({
      'nodes.yaml': NODES,
      'master.json': kubeBenchJson([BENCH.apiAnonymous('FAIL')]),
      'kube-bench-worker-10.json': kubeBenchJson(CHECKS),
    });
    const bare = await loadSnapshotFromFiles([dir]);
    const byFile = (s: typeof bare) =>
      Object.fromEntries(s.evidence!.cisResults!.map((r) => [r.file.split('/').pop(), r.node]));
    expect(byFile(bare)).toEqual({ 'master.json': undefined, 'kube-bench-worker-10.json': 'worker-10' });
    const withNode = await loadSnapshotFromFiles([dir], { cisNode: 'worker-1' });
    expect(byFile(withNode)).toEqual({ 'master.json': 'worker-1', 'kube-bench-worker-10.json': 'worker-10' });
  });

  it('skips a malformed result naming the file and the field, and still loads the cluster', async () => {
    const broken = JSON.parse(kubeBenchJson(CHECKS)) as { Controls: { tests: { results: object[] }[] }[] };
    broken.Controls[0]!.tests[0]!.results[1] = { test_desc: 'no number', status: 'FAIL' };
    const dir = writeTree({ 'kube-bench-worker-1.json': JSON.stringify(broken) });
    const snapshot = await loadSnapshotFromFiles([demoClusterDir(), dir]);
    expect(snapshot.evidence?.cisResults).toBeUndefined();
    expect(snapshot.coverage.skipped).toEqual([
      {
        file: `${dir}/kube-bench-worker-1.json`,
        where: 'document',
        reason: 'kube-bench result: Controls[0].tests[0].results[1] has no test_number',
      },
    ]);
    expect(snapshot.objects.nodes.length).toBeGreaterThan(0);
  });

  it('keeps neither the audit command nor the actual value (a command line can hold a token)', async () => {
    const checks = [{ ...BENCH.kubeletAnonymous('FAIL'), actual: `--token=${CANARY}` }];
    const dir = writeTree({ 'kube-bench-worker-1.json': kubeBenchJson(checks) });
    const snapshot = await loadSnapshotFromFiles([dir]);
    expect(snapshot.evidence!.cisResults![0]!.checks).toHaveLength(1);
    expect(JSON.stringify(snapshot)).not.toContain(CANARY);
  });
});
