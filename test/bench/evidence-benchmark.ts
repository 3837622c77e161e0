// Vulnerability evidence benchmark: the same synthetic cluster loaded and built without and
// with a trivy-operator VulnerabilityReport for every Deployment (`gen --vulnerability-reports`),
// each phase's time printed (the best of --runs, default 2), and the growth.
//
//   pnpm bench:evidence                                  # 150,000 pods, 5,000 nodes
//   pnpm bench:evidence -- --pods 30000 --nodes 1000
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { benchOptions, cli } from './bench-cluster.js';

const o = benchOptions(2);
const dir = `${o.dir}-with-reports`;
const reports = join(`${dir}-reports`);
if (!existsSync(join(reports, 'vulnerability-reports.json'))) {
  console.log(`generating ${o.pods} pods with vulnerability reports into ${dir} …`);
  const gen = cli([
    'gen',
    '--pods',
    o.pods,
    '--nodes',
    o.nodes,
    '--seed',
    o.seed,
    '--compact',
    '--vulnerability-reports',
    '-o',
    dir,
  ]);
  if (gen.status !== 0) throw new Error(`gen failed: ${gen.stderr}`);
  process.stdout.write(gen.stdout);
  mkdirSync(reports, { recursive: true });
  renameSync(join(dir, 'vulnerability-reports.json'), join(reports, 'vulnerability-reports.json'));
}

async function measure(inputs: string[]) {
  let t = performance.now();
  const snapshot = await loadSnapshotFromFiles(inputs);
  const load = performance.now() - t;
  const phases: Record<string, number> = {};
  t = performance.now();
  buildAttackGraph(snapshot, { onPhase: (phase, ms) => (phases[phase] = ms) });
  return { load, graph: performance.now() - t, phases };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
type Measured = Awaited<ReturnType<typeof measure>>;
/** The faster of two runs, phase by phase. */
const best = (a: Measured | undefined, b: Measured): Measured =>
  !a
    ? b
    : {
        load: Math.min(a.load, b.load),
        graph: Math.min(a.graph, b.graph),
        phases: Object.fromEntries(
          Object.entries(b.phases).map(([k, v]) => [k, Math.min(v, a.phases[k] ?? Infinity)]),
        ),
      };
// Runs alternate (without, with, without, with…) and each side keeps its best: the first run
// pays for the JIT and the file cache, which would otherwise count against whichever ran first.
let without: Measured | undefined;
let withReports: Measured | undefined;
for (let run = 0; run < o.runs; run++) {
  without = best(without, await measure([dir]));
  withReports = best(withReports, await measure([dir, reports]));
}
if (!without || !withReports) throw new Error('--runs must be at least 1');
for (const [name, m] of [
  ['without reports', without],
  ['with reports', withReports],
] as const)
  console.log(
    `${name.padEnd(16)} load ${s(m.load)}, graph ${s(m.graph)} (evidence ${s(m.phases.evidence ?? 0)}, network ${s(m.phases.network ?? 0)})`,
  );
const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(0)}%`;
console.log(
  `growth: load ${pct(without.load, withReports.load)}, graph ${pct(without.graph, withReports.graph)}`,
);
