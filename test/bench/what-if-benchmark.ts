// "What would it close?" at 150,000 pods (performance issue, incremental what-if): the time of
// `whatIf` for the top fix candidates on an analysed snapshot (as the API holds it), against
// the same answer from an index built without the cut edges (what it did before).
//
//   pnpm bench:what-if                        # gen --pods 150000 --nodes 5000
//   pnpm bench:what-if --pods 30000 --nodes 1000
import { findings, fixCandidates, fixEdges, GraphIndex, whatIf } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { benchOptions, ensureCluster, formatMs } from './bench-cluster.js';

const o = benchOptions(3);
ensureCluster(o);
const fmt = (ms: number) => formatMs(ms, 2);

const snapshot = await loadSnapshotFromFiles([o.dir]);
const index = new GraphIndex(buildAttackGraph(snapshot));
const analysed = findings(index);
const candidates = fixCandidates(index, analysed.searches, { limit: o.runs });
console.log(`${candidates.length} fix candidates; each: what-if now, then the index rebuilt without the cut`);
for (const c of candidates) {
  let t = performance.now();
  const answer = whatIf(snapshot, { fix: [c.id] }, {}, { index, findings: analysed });
  const now = performance.now() - t;
  t = performance.now();
  const cut = new Set([...fixEdges(index, [c.id]).edges.values()].flatMap((set) => [...set]));
  const rebuilt = findings(index.without(cut));
  const before = performance.now() - t;
  const same = rebuilt.findings.length === answer.after.findings;
  console.log(
    `${c.id}: closes ${answer.closed.length} pairs (candidate said ${c.closes}); what-if ${fmt(now)}; with a rebuilt index ${fmt(before)}${same ? '' : ' — FINDINGS DIFFER'}`,
  );
}
