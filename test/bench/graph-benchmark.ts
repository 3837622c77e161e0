// Graph benchmark: load a synthetic cluster, build the attack graph, print each phase's time,
// vertex and edge counts (by edge kind) and peak memory.
//
//   pnpm bench:graph                                  # 150,000 pods, 5,000 nodes
//   pnpm bench:graph -- --pods 30000 --nodes 1000
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { benchOptions, ensureCluster } from './bench-cluster.js';

const o = benchOptions(1);
ensureCluster(o);
const dir = o.dir;

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
let started = performance.now();
const snapshot = await loadSnapshotFromFiles([dir]);
console.log(
  `load: ${((performance.now() - started) / 1000).toFixed(1)} s, heap ${mib(process.memoryUsage().heapUsed)}`,
);
const heapBefore = process.memoryUsage().heapUsed;
started = performance.now();
const graph = buildAttackGraph(snapshot, {
  onPhase: (phase, ms, g) =>
    console.log(
      `  ${phase.padEnd(11)} ${(ms / 1000).toFixed(2).padStart(6)} s   ${g.vertices.toLocaleString('en-US').padStart(9)} vertices ${g.edges.toLocaleString('en-US').padStart(10)} edges`,
    ),
});
const ms = performance.now() - started;
const byKind = new Map<string, number>();
for (const e of graph.edges) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
console.log(
  `graph: ${(ms / 1000).toFixed(2)} s, ${graph.vertices.size.toLocaleString('en-US')} vertices, ${graph.edges.length.toLocaleString('en-US')} edges`,
);
console.log(
  `graph heap: +${mib(process.memoryUsage().heapUsed - heapBefore)}; peak RSS of the process: ${mib(process.resourceUsage().maxRSS * 1024)}`,
);
console.log(
  'edges by kind:',
  [...byKind]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', '),
);
