// Re-opening a stored snapshot after a restart (performance issue, item 3): the API's analysis
// worker analyses a 150,000-pod snapshot once and stores the analysis beside it; a new worker
// (a restarted server) then reads it back. Prints the stored size, the time to write it, and
// for the restarted worker the time until the snapshot is ready and its first queries.
//
//   pnpm bench:reopen                        # gen --pods 150000 --nodes 5000
//   pnpm bench:reopen --pods 30000 --nodes 1000
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisWorker, SnapshotStore } from '@kubepath/api';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { countObjects } from '@kubepath/model';
import { benchOptions, ensureCluster, formatMs } from './bench-cluster.js';

const o = benchOptions(2);
ensureCluster(o);
const fmt = (ms: number) => formatMs(ms, 2);
const dataDir = mkdtempSync(join(tmpdir(), 'kubepath-reopen-'));
const settings = { dataDir, cacheEntries: 2, queryBudgetMs: 30_000, maxResults: 10_000, analysisWorkers: 1 };
const notes: string[] = [];
const hooks = { onNote: (m: string) => notes.push(m), onError: (m: string) => console.error(m) };
try {
  const store = new SnapshotStore(dataDir);
  const snapshot = await loadSnapshotFromFiles([o.dir]);
  store.put('big', snapshot, countObjects(snapshot.objects));
  const stored = ['kubepath.sqlite', 'kubepath.sqlite-wal']
    .map((f) => join(dataDir, f))
    .reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);

  let t = performance.now();
  const first = new AnalysisWorker(settings, hooks);
  await first.warm('big');
  console.log(
    `${o.pods} pods: first analysis (load from the store, graph, index, findings) ${fmt(performance.now() - t)}`,
  );
  t = performance.now();
  while (!notes.some((n) => n.startsWith('analysis of big stored')))
    await new Promise((r) => setTimeout(r, 100));
  const file = readdirSync(join(dataDir, 'analyses'))[0]!;
  const size = statSync(join(dataDir, 'analyses', file)).size;
  console.log(
    `  ${notes.at(-1)}; the store's snapshot is ${(stored / 2 ** 20).toFixed(0)} MiB; analysis file ${(size / 2 ** 20).toFixed(0)} MiB`,
  );
  await first.close();

  for (let run = 1; run <= o.runs; run++) {
    const restarted = new AnalysisWorker(settings, hooks);
    t = performance.now();
    const phases: string[] = [];
    await restarted.warm('big', undefined, (p, ms) => phases.push(`${p} ${fmt(ms)}`));
    const ready = performance.now() - t;
    t = performance.now();
    await restarted.run('who-can-reach', 'big', {
      target: 'target:etcd',
      evidence: false,
      exploits: 'assumed',
    });
    const reach = performance.now() - t;
    t = performance.now();
    await restarted.run('findings', 'big', { exploits: 'assumed', limit: 50 });
    const listed = performance.now() - t;
    console.log(
      `restart ${run}: ready in ${fmt(ready)} (${phases.join(', ')}); who-can-reach target:etcd ${fmt(reach)}; findings ${fmt(listed)}`,
    );
    await restarted.close();
  }
  store.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
