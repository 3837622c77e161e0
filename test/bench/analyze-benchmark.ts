// Analyzer benchmark (issue: analyzer): for a synthetic cluster, the median of several runs of
// load, graph build, index build, `who-can-reach target:etcd`, findings + choke points, and the
// whole `kubepath analyze --json` in a fresh process; plus peak memory.
//
//   pnpm bench:analyze                                   # 150,000 pods, 5,000 nodes, 3 runs
//   pnpm bench:analyze -- --pods 30000 --nodes 1000 --runs 5
import { chokePoints, dijkstra, findings, GraphIndex, whoCanReach } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { benchOptions, cli, ensureCluster, formatMs } from './bench-cluster.js';

const o = benchOptions(3);
ensureCluster(o);
const { dir, runs } = o;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
};
const fmt = (ms: number) => formatMs(ms);

let t = performance.now();
const snapshot = await loadSnapshotFromFiles([dir]);
const loadMs = performance.now() - t;
const build: number[] = [];
const indexing: number[] = [];
const reach: number[] = [];
const search: number[] = [];
const analyse: number[] = [];
const reachAfter: number[] = [];
const capped: number[] = [];
let summary = '';
for (let i = 0; i < runs; i++) {
  const [graph, b] = time(() => buildAttackGraph(snapshot));
  const [index, x] = time(() => new GraphIndex(graph));
  build.push(b);
  indexing.push(x);
  for (let j = 0; j < 3; j++) {
    search.push(time(() => dijkstra(index, [index.numberOf('target:etcd')!], 'reverse'))[1]);
    const [r, ms] = time(() => whoCanReach(index, 'target:etcd'));
    reach.push(ms);
    summary = `${r.sources.length.toLocaleString('en-US')} vertices reach target:etcd`;
  }
  const [f, a] = time(() => {
    const result = findings(index);
    chokePoints(index, result.searches, 10);
    return result;
  });
  analyse.push(a);
  // As the API asks it: after the findings, whose reverse search of each jewel it reuses.
  for (let j = 0; j < 3; j++) reachAfter.push(time(() => whoCanReach(index, 'target:etcd'))[1]);
  capped.push(time(() => whoCanReach(index, 'target:etcd', { maxResults: 10_000 }))[1]);
  summary += `; ${f.findings.length} findings from ${f.entryPoints.toLocaleString('en-US')} entry points; graph ${graph.vertices.size.toLocaleString('en-US')} vertices, ${graph.edges.length.toLocaleString('en-US')} edges`;
}
const inProcessRss = process.resourceUsage().maxRSS * 1024;
const whole: number[] = [];
let wholeRss = 0;
for (let i = 0; i < runs; i++) {
  t = performance.now();
  const r = cli(['analyze', '--json', dir]);
  whole.push(performance.now() - t);
  if (r.status !== 0) throw new Error(`analyze failed: ${r.stderr}`);
  wholeRss = Math.max(wholeRss, JSON.parse(r.stdout).timing.peakRssBytes);
}
console.log(summary);
console.log(
  `load ${fmt(loadMs)} (once) | graph build ${fmt(median(build))} | index ${fmt(median(indexing))} | who-can-reach target:etcd ${fmt(median(reach))} (its search alone ${fmt(median(search))}, the rest builds every source's path) | findings + choke points ${fmt(median(analyse))}   (medians of ${runs}; who-can-reach of ${reach.length})`,
);
console.log(
  `who-can-reach target:etcd after the findings (their search reused): ${fmt(median(reachAfter))}; with the API's default cap of 10,000 sources: ${fmt(median(capped))}`,
);
console.log(
  `whole \`kubepath analyze --json\` in a fresh process: ${fmt(median(whole))} (median of ${runs}), peak RSS ${(wholeRss / 1024 / 1024).toFixed(0)} MiB`,
);
console.log(
  `peak RSS of this benchmark process (snapshot + ${runs} graphs built one after another): ${(inProcessRss / 1024 / 1024).toFixed(0)} MiB`,
);
