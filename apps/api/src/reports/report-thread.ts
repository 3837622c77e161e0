/**
 * One scheduled report, made in a worker thread of its own (run-report.ts starts it): loading
 * and analysing a large cluster takes minutes and must never hold the API's event loop. The
 * thread collects or reads the source, analyses it in the schedule's exploit mode, and hands
 * back the report; the scheduler stores it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GraphIndex, indexForExploits } from '@kubepath/analyzer';
import { collectFromCluster, loadSnapshotFromFiles, locateObjects } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { buildReport } from '@kubepath/report';
import { SnapshotStore } from '../store.js';
import { scheduledSnapshotId, type ReportJob, type ReportOutcome } from './run-report.js';

const job = workerData as ReportJob;

async function run(): Promise<ReportOutcome> {
  const snapshot =
    'files' in job.source
      ? await loadSnapshotFromFiles(job.source.files, { clusterName: job.name })
      : (
          await collectFromCluster({
            ...(job.source.kubeconfig ? { kubeconfig: job.source.kubeconfig } : {}),
            ...(job.source.context ? { context: job.source.context } : {}),
            ...(job.source.inCluster ? { inCluster: true } : {}),
            clusterName: job.name,
          })
        ).snapshot;
  const objects = snapshot.coverage.resources.reduce((n, r) => n + r.count, 0);
  if (objects === 0) {
    const why = snapshot.coverage.skipped[0];
    return { ok: false, reason: `nothing usable in the source${why ? ` (${why.file}: ${why.reason})` : ''}` };
  }
  // Kept as the cluster's newest scheduled snapshot, so a report's paths open in the viewer.
  const store = new SnapshotStore(job.dataDir);
  try {
    const id = scheduledSnapshotId(job.name);
    store.delete(id);
    store.put(id, snapshot, objects);
  } finally {
    store.close();
  }
  const index = indexForExploits(new GraphIndex(buildAttackGraph(snapshot)), job.exploits);
  const yaml = snapshot.coverage.inputs.filter((i) => i.format === 'yaml').map((i) => i.path);
  const report = buildReport({ snapshot, index, exploits: job.exploits, locate: await locateObjects(yaml) });
  return { ok: true, report };
}

run().then(
  (outcome) => parentPort!.postMessage(outcome),
  (error: unknown) =>
    // A live API server's answer or a connection error says what failed; file errors are
    // recorded by the collector as skipped items and never reach here.
    parentPort!.postMessage({
      ok: false,
      reason: error instanceof Error ? error.message.slice(0, 500) : 'the report failed',
    } satisfies ReportOutcome),
);
