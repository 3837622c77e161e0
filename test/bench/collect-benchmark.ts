// Collect benchmark (issue: live clusters): a real kube-apiserver (scripts/test-cluster.mjs)
// holding a generated cluster of 10,000 pods and the objects around them, then
// `kubepath collect` timed in a fresh process: seconds, requests and peak memory.
//
//   pnpm bench:collect                     # 10,000 pods, 200 nodes, 3 runs
//   pnpm bench:collect -- --pods 2000 --runs 1
//
// A cluster the benchmark started is stopped at the end; a running one is reused (and the
// objects are applied again, which replaces them).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyObjects, readManifests, runKubepathMeasured, testCluster } from '@kubepath/testkit';
import { runningCluster, start, stop } from '../../scripts/test-cluster.mjs';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '10000' },
    nodes: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
  },
});
const startedHere = !runningCluster();
if (startedHere) await start();
try {
  const state = testCluster();
  const dir = mkdtempSync(join(tmpdir(), 'kubepath-bench-collect-'));
  const gen = await runKubepathMeasured(['gen', '--pods', values.pods!, '--nodes', values.nodes!, '-o', dir]);
  if (gen.code !== 0) throw new Error(`gen failed: ${gen.stderr}`);
  let t = performance.now();
  const { created, refused } = await applyObjects(state, readManifests(dir));
  const pods = created.filter((o) => o.kind === 'Pod').length;
  console.log(
    `applied ${created.length.toLocaleString('en-US')} objects (${pods.toLocaleString('en-US')} pods; ${refused.length} refused by admission) in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );
  const out = join(dir, 'snapshot.json');
  const runs: { seconds: number; maxRssMiB: number; requests: number; objects: number }[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    t = performance.now();
    const r = await runKubepathMeasured(
      ['collect', '--kubeconfig', state.kubeconfigs.admin, '-o', out, '--json'],
      {
        timeoutMs: 600_000,
      },
    );
    if (r.code !== 0) throw new Error(`collect failed: ${r.stderr}`);
    const figures = JSON.parse(r.stdout) as { requests: number; kinds: { objects: number }[] };
    runs.push({
      seconds: (performance.now() - t) / 1000,
      maxRssMiB: r.maxRssMiB,
      requests: figures.requests,
      objects: figures.kinds.reduce((n, k) => n + k.objects, 0),
    });
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  const median = runs[Math.floor(runs.length / 2)]!;
  console.log(
    [
      `collect (median of ${runs.length}, whole process): ${median.seconds.toFixed(1)} s for ${median.objects.toLocaleString('en-US')} objects, ${median.requests} requests`,
      `peak memory (RSS): ${median.maxRssMiB.toFixed(0)} MiB`,
      `all runs: ${runs.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')}`,
    ].join('\n'),
  );
} finally {
  if (startedHere) await stop();
}
