// Load benchmark (issue: foundation): generate a synthetic cluster, then time `kubepath analyze`
// on it in a fresh process and print load time, throughput and peak memory.
//
//   pnpm bench:load                      # 150,000 pods, 5,000 nodes (about 1 GB of JSON)
//   pnpm bench:load -- --pods 30000 --nodes 1000 --runs 3 --dir /tmp/kp-bench
//
// The generated files are kept in --dir (default: a folder under the OS temp dir) and reused
// when they are already there for the same size and seed.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptions, cli, ensureCluster } from './bench-cluster.js';

const o = benchOptions(1);
ensureCluster(o);
const dir = o.dir;
const values = { pods: o.pods, nodes: o.nodes, runs: String(o.runs) };
const bytes = ['cluster.json', 'pods.json'].reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);

const runs: { loadMs: number; peakRssBytes: number; objects: number }[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  const r = cli(['analyze', '--json', dir]);
  if (r.status !== 0) throw new Error(`analyze failed: ${r.stderr}`);
  const summary = JSON.parse(r.stdout) as {
    timing: { loadMs: number; peakRssBytes: number };
    objects: Record<string, number>;
  };
  const objects = Object.values(summary.objects).reduce((a, b) => a + b, 0);
  runs.push({ ...summary.timing, objects });
}
runs.sort((a, b) => a.loadMs - b.loadMs);
const median = runs[Math.floor(runs.length / 2)]!;
const mib = (n: number) => (n / 1024 / 1024).toFixed(0);
console.log(
  [
    `input: ${mib(bytes)} MiB of kubectl-style JSON, ${median.objects.toLocaleString('en-US')} objects (${values.pods} pods, ${values.nodes} nodes)`,
    `load (median of ${runs.length}): ${(median.loadMs / 1000).toFixed(1)} s, ${(bytes / 1024 / 1024 / (median.loadMs / 1000)).toFixed(0)} MiB/s`,
    `peak memory (RSS): ${mib(median.peakRssBytes)} MiB`,
  ].join('\n'),
);
