// Equivalence of answers across a change of representation (performance issue): the answers
// of the code before a change are recorded, then the code after is checked against them.
//
//   git stash / checkout the old code;  pnpm bench:equivalence --record
//   back to the new code;               pnpm bench:equivalence          # exits 1 on a difference
//
// On `gen --pods 30000 --nodes 1000` (or --pods/--nodes): `analyze --json` (findings, fix
// candidates, exposures, graph counts by edge kind) in each exploit mode, and `who-can-reach
// target:etcd` uncapped. Timings and the collection time are left out; everything else must be
// byte-identical.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cli, ensureCluster } from './bench-cluster.js';

const { values } = parseArgs({
  options: {
    record: { type: 'boolean', default: false },
    pods: { type: 'string', default: '30000' },
    nodes: { type: 'string', default: '1000' },
  },
});
const o = {
  pods: values.pods!,
  nodes: values.nodes!,
  seed: '7',
  runs: 1,
  dir: join(tmpdir(), `kubepath-bench-${values.pods}-${values.nodes}-7`),
};
ensureCluster(o);
const store = join(tmpdir(), 'kubepath-equivalence');
mkdirSync(store, { recursive: true });

/** An answer without what changes from run to run (times, memory, when it was read). */
function stable(stdout: string): unknown {
  const answer = JSON.parse(stdout);
  delete answer.timing;
  if (answer.graph) delete answer.graph.buildMs;
  if (answer.cluster) delete answer.cluster.collectedAt;
  return answer;
}

const commands: Record<string, string[]> = {
  'analyze-assumed': ['analyze', '--json', o.dir],
  'analyze-none': ['analyze', '--json', '--exploits', 'none', o.dir],
  'who-can-reach-etcd': ['who-can-reach', 'target:etcd', '--json', '--max-results', '1000000', o.dir],
};

let differ = 0;
for (const [name, args] of Object.entries(commands)) {
  const started = performance.now();
  const r = cli(args);
  if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  const text = JSON.stringify(stable(r.stdout), null, 1);
  const file = join(store, `${o.pods}-${o.nodes}-${name}.json`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (values.record) {
    writeFileSync(file, text);
    console.log(`${name}: recorded (${(text.length / 2 ** 20).toFixed(1)} MiB, ${seconds} s) in ${file}`);
    continue;
  }
  if (!existsSync(file))
    throw new Error(`${name}: nothing recorded in ${file}: run with --record on the old code`);
  const old = readFileSync(file, 'utf8');
  if (old === text) {
    console.log(`${name}: identical (${seconds} s)`);
    continue;
  }
  differ++;
  const a = old.split('\n');
  const b = text.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  writeFileSync(`${file}.new`, text);
  console.log(
    `${name}: DIFFERS from line ${at + 1}: was ${a[at]?.slice(0, 200)} now ${b[at]?.slice(0, 200)} (new answer in ${file}.new)`,
  );
}
process.exit(differ > 0 ? 1 : 0);
