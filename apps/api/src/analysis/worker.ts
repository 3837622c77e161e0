/**
 * The analysis worker (a worker thread): holds the analysed snapshots and answers queries on
 * them, so that building a large cluster's graph (tens of seconds) never holds the API's
 * event loop. It reads snapshots from the same SQLite store as the API, or takes one handed
 * over. Messages: see AnalysisRequest and AnalysisMessage in analysis-worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { coverageGaps, UsageError, type Snapshot } from '@kubepath/model';
import type { GraphIndex } from '@kubepath/analyzer';
import type { AttackGraph } from '@kubepath/graph';
import { connectNeo4j, exportGraph, jewelCosts } from '@kubepath/neo4j';
import { AnalysisCache, type Analysed } from '../analysis-cache.js';
import { HttpProblem } from '../problems.js';
import { SnapshotStore } from '../store.js';
import type { AnalysisMessage, AnalysisRequest, WorkerSettings } from './analysis-worker.js';
import { operations } from './operations.js';
import { StoredAnalyses } from './stored-analyses.js';

const settings = workerData as WorkerSettings;
const port = parentPort!;
const post = (m: AnalysisMessage) => port.postMessage(m);
const store = new SnapshotStore(settings.dataDir);
const pushed = new WeakSet<object>();
const files = settings.storeAnalyses === false ? null : new StoredAnalyses(settings.dataDir);
files?.prune(store.ids());

/**
 * Each analysed snapshot goes to Neo4j too, when one is configured: its cluster's graph is
 * replaced there (export.ts), in the background — queries here never wait on it.
 */
function push(a: { info: { cluster: Snapshot['cluster'] }; graph: AttackGraph; index: GraphIndex }): void {
  if (!settings.neo4j || pushed.has(a.graph)) return;
  pushed.add(a.graph);
  const neo = settings.neo4j;
  void (async () => {
    const driver = await connectNeo4j(neo.url, {
      ...(neo.user ? { user: neo.user } : {}),
      ...(neo.password ? { password: neo.password } : {}),
    });
    try {
      await exportGraph(driver, a.graph, {
        cluster: a.info.cluster.name,
        snapshotAt: a.info.cluster.collectedAt,
        costs: jewelCosts(a.index),
      });
      post({ event: 'pushed', cluster: a.info.cluster.name });
    } finally {
      await driver.close();
    }
  })().catch((error: unknown) =>
    post({
      event: 'error',
      message: `pushing ${a.info.cluster.name} to Neo4j failed: ${(error as Error).message}`,
    }),
  );
}
const cache = new AnalysisCache(
  settings.cacheEntries,
  (seconds) => post({ event: 'built', seconds }),
  settings.maxEdges,
);

/** The snapshot's analysis; when it had to be built, the main thread hears when it is done. */
function analysed(id: string, seq: number, handed?: Snapshot) {
  let built = false;
  const a = cache.get(
    id,
    () => handed ?? store.get(id),
    (phase, ms) => {
      built = true;
      post({ event: 'phase', seq, phase, ms });
    },
    files ? () => restore(id) : undefined,
  );
  if (built) post({ event: 'analysed', seq });
  if (!a) throw new HttpProblem(404, 'unknown snapshot', `no snapshot ${id}`);
  if (a.built && files) {
    a.built = false;
    // After the answer has gone, and a slice at a time (keep).
    setImmediate(() => keep(id, a));
  }
  return a;
}

/** The stored analysis of a snapshot, when one was written for its content by this code. */
function restore(id: string) {
  const digest = store.digest(id);
  if (!digest) return null;
  const started = performance.now();
  const stored = files!.read(id, digest, (why) =>
    post({ event: 'note', message: `stored analysis of ${id} not used (${why}): analysing it again` }),
  );
  if (!stored) return null;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  post({ event: 'note', message: `analysis of ${id} read back from disk in ${seconds} s` });
  return stored;
}

/** Milliseconds of storing an analysis between two looks at the queries waiting. */
const STORE_SLICE_MS = 15;

/**
 * Writes an analysis built here to disk, for the next start, a slice at a time: queries that
 * arrive meanwhile are answered between slices. A failure costs only the file.
 */
function keep(id: string, a: Analysed): void {
  const digest = store.digest(id);
  if (!digest) return;
  const steps = files!.writeSteps(id, digest, a, a.info);
  const started = performance.now();
  const slice = () => {
    try {
      // Replaced or forgotten meanwhile: stop, and the partial file goes (writeSteps' finally).
      if (cache.peek(id) !== a) return void steps.return(0);
      const until = performance.now() + STORE_SLICE_MS;
      for (;;) {
        const next = steps.next();
        if (next.done) {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          const size =
            next.value < 2 ** 20
              ? `${Math.ceil(next.value / 1024)} KiB`
              : `${(next.value / 2 ** 20).toFixed(0)} MiB`;
          return post({ event: 'note', message: `analysis of ${id} stored (${size} in ${seconds} s)` });
        }
        if (performance.now() >= until) return void setImmediate(slice);
      }
    } catch (error) {
      post({ event: 'error', message: `storing the analysis of ${id} failed: ${(error as Error).message}` });
    }
  };
  slice();
}

function answer(m: AnalysisRequest): unknown {
  switch (m.op) {
    case 'warm': {
      const started = performance.now();
      const a = analysed(m.snapshot, m.seq, m.handed);
      push(a);
      return { seconds: (performance.now() - started) / 1000 };
    }
    case 'info': {
      // An analysed snapshot is at hand; reading a large one back from the store takes seconds.
      const info = cache.peek(m.snapshot)?.info ?? store.get(m.snapshot);
      if (!info) throw new HttpProblem(404, 'unknown snapshot', `no snapshot ${m.snapshot}`);
      return {
        clusterInfo: info.cluster,
        coverage: info.coverage,
        gaps: coverageGaps(info.coverage),
      };
    }
    case 'forget':
      cache.forget(m.snapshot);
      files?.remove(m.snapshot);
      return {};
    default: {
      const run = operations[m.op] as (a: unknown, q: unknown, c: WorkerSettings) => unknown;
      // A query on a snapshot not yet analysed builds it: its phases go to the main thread,
      // which answers "how far along" while this thread is busy.
      const a = analysed(m.snapshot, m.seq);
      return run(a, m.query, settings);
    }
  }
}

port.on('message', (m: AnalysisRequest) => {
  try {
    const value = answer(m);
    if (value && typeof value === 'object' && 'etag' in value && 'body' in value)
      post({ seq: m.seq, ok: true, body: value.body as Uint8Array, etag: value.etag as string });
    else post({ seq: m.seq, ok: true, body: JSON.stringify(value) });
  } catch (error) {
    if (error instanceof HttpProblem)
      post({ seq: m.seq, ok: false, status: error.status, title: error.title, detail: error.detail });
    else if (error instanceof UsageError)
      // A request the analysis cannot take as asked (an unknown resource): the client's to fix.
      post({ seq: m.seq, ok: false, status: 400, title: 'invalid request', detail: error.message });
    else {
      post({
        event: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      post({ seq: m.seq, ok: false, status: 500, title: 'internal error' });
    }
  }
});
