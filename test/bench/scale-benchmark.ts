// The scaling curve (performance issue): `kubepath analyze --json` in a fresh process at
// 10k, 30k, 75k and 150k pods (30 pods a node, as at Kubernetes' limit of 150,000 pods on
// 5,000 nodes), beside the parse floor of the same files (parse-floor.ts, in its own process).
// Prints each phase, the total, the peak RSS, the ratio to the floor, and the growth exponent
// between sizes: log(t2 / t1) / log(n2 / n1), 1 for linear; the aim is ≤ 1.1 everywhere.
//
//   pnpm bench:scale                         # 10000,30000,75000,150000
//   pnpm bench:scale --sizes 10000,30000     # a quicker curve
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cli, ensureCluster } from './bench-cluster.js';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,30000,75000,150000' } },
});
const sizes = values.sizes!.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 300)) {
  console.error('--sizes: pod counts of at least 300, comma-separated');
  process.exit(64);
}

interface Row {
  pods: number;
  floorMs: number;
  loadMs: number;
  graphMs: number;
  indexMs: number;
  analyzeMs: number;
  totalMs: number;
  peakRssBytes: number;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function floorOf(dir: string): number {
  const r = spawnSync(
    process.execPath,
    ['--conditions=kubepath-source', '--import', 'tsx', join(import.meta.dirname, 'parse-floor.ts'), dir],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`parse floor failed: ${r.stderr}`);
  const seconds = /in ([\d.]+) s/.exec(r.stdout);
  if (!seconds) throw new Error(`parse floor printed no time: ${r.stdout}`);
  return Number(seconds[1]) * 1000;
}

const rows: Row[] = [];
for (const pods of sizes) {
  const nodes = Math.max(10, Math.round(pods / 30));
  // The same directories as the other benchmarks use for these sizes (bench-cluster.ts).
  const o = {
    pods: String(pods),
    nodes: String(nodes),
    seed: '7',
    runs: 1,
    dir: join(tmpdir(), `kubepath-bench-${pods}-${nodes}-7`),
  };
  ensureCluster(o);
  const floorMs = floorOf(o.dir);
  const started = performance.now();
  const r = cli(['analyze', '--json', o.dir]);
  const totalMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`analyze failed at ${pods} pods: ${r.stderr}`);
  const t = JSON.parse(r.stdout).timing;
  const row: Row = { pods, floorMs, totalMs, ...t };
  rows.push(row);
  console.log(
    `${pods.toLocaleString('en-US')} pods / ${nodes.toLocaleString('en-US')} nodes: load ${fmt(row.loadMs)} · graph ${fmt(row.graphMs)} · index ${fmt(row.indexMs)} · analysis ${fmt(row.analyzeMs)} · total ${fmt(totalMs)} · peak RSS ${mib(row.peakRssBytes)} · parse floor ${fmt(floorMs)} (total ${(totalMs / floorMs).toFixed(2)}× the floor)`,
  );
}

const exponent = (a: number, b: number, na: number, nb: number) => Math.log(b / a) / Math.log(nb / na);
console.log('\ngrowth exponents (1 = linear; aim ≤ 1.1):');
console.log('pods            load  graph  index  analysis  total  peak RSS');
for (let i = 1; i < rows.length; i++) {
  const [a, b] = [rows[i - 1]!, rows[i]!];
  const e = (k: keyof Row) => exponent(a[k], b[k], a.pods, b.pods).toFixed(2).padStart(5);
  console.log(
    `${`${a.pods / 1000}k → ${b.pods / 1000}k`.padEnd(14)} ${e('loadMs')}  ${e('graphMs')}  ${e('indexMs')}     ${e('analyzeMs')}  ${e('totalMs')}     ${e('peakRssBytes')}`,
  );
}
