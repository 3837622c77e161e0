// Shared by the benchmarks: their command-line options, the kubepath CLI as a child process,
// and a synthetic cluster generated once per (pods, nodes, seed) and reused afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..', '..');

/** Parses the common options (--pods, --nodes, --seed, --runs, --dir); the size defaults to 150,000 pods on 5,000 nodes. */
export function benchOptions(defaultRuns = 1, size = { pods: '150000', nodes: '5000' }) {
  const { values } = parseArgs({
    options: {
      pods: { type: 'string', default: size.pods },
      nodes: { type: 'string', default: size.nodes },
      seed: { type: 'string', default: '7' },
      runs: { type: 'string', default: String(defaultRuns) },
      dir: { type: 'string' },
    },
  });
  const dir = values.dir ?? join(tmpdir(), `kubepath-bench-${values.pods}-${values.nodes}-${values.seed}`);
  return { pods: values.pods!, nodes: values.nodes!, seed: values.seed!, runs: Number(values.runs), dir };
}

/** Runs the kubepath CLI from source in a fresh process, with the flags `pnpm kubepath` gives it. */
export function cli(args: string[]) {
  return spawnSync(
    process.execPath,
    [
      '--max-semi-space-size=64',
      '--conditions=kubepath-source',
      '--import',
      'tsx',
      join(root, 'apps/cli/src/main.ts'),
      ...args,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
}

/** Generates the cluster into `dir` unless the same size and seed is already there. */
export function ensureCluster(o: ReturnType<typeof benchOptions>): void {
  const stamp = join(o.dir, '.generated');
  const wanted = `${o.pods}/${o.nodes}/${o.seed}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  mkdirSync(o.dir, { recursive: true });
  console.log(`generating ${o.pods} pods on ${o.nodes} nodes into ${o.dir} …`);
  const gen = cli(['gen', '--pods', o.pods, '--nodes', o.nodes, '--seed', o.seed, '-o', o.dir]);
  if (gen.status !== 0) throw new Error(`gen failed: ${gen.stderr}`);
  process.stdout.write(gen.stdout);
  writeFileSync(stamp, wanted);
}

/** A duration as the benchmarks print it: milliseconds under a second, else seconds. */
export const formatMs = (ms: number, digits = 1) =>
  ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(digits)} s`;
