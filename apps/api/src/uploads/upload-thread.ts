/**
 * One upload, read in its own worker thread (read-upload.ts starts it): parsing a large YAML
 * or a hostile archive never holds the API's event loop, and a heap limit on the thread turns
 * an input that needs too much memory into an answer instead of a dead server. The thread
 * stores the snapshot itself, so only a small summary crosses back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { countObjects } from '@kubepath/model';
import { SnapshotStore } from '../store.js';
import type { UploadJob, UploadOutcome } from './read-upload.js';

const job = workerData as UploadJob;

async function readUpload(): Promise<UploadOutcome> {
  const snapshot = await loadSnapshotFromFiles([job.file], {
    ...(job.clusterName ? { clusterName: job.clusterName } : {}),
    limits: job.limits,
  });
  // The upload's temporary file means nothing to the client: name it after the request.
  const rename = (path: string) =>
    path.startsWith(job.file) ? job.label + path.slice(job.file.length) : path;
  snapshot.coverage.skipped = snapshot.coverage.skipped.map((s) => ({ ...s, file: rename(s.file) }));
  snapshot.coverage.inputs = snapshot.coverage.inputs.map((i) => ({ ...i, path: rename(i.path) }));
  const skipped = snapshot.coverage.skipped.map((s) => ({
    where: s.where,
    reason: s.reason,
    ...(s.limit ? { limit: s.limit } : {}),
  }));
  const objects = countObjects(snapshot.objects);
  if (objects === 0) return { ok: false, skipped, skippedTotal: snapshot.coverage.skippedTotal };
  const store = new SnapshotStore(job.dataDir);
  try {
    const info = store.put(job.id, snapshot, objects);
    return { ok: true, info, skipped, skippedTotal: snapshot.coverage.skippedTotal };
  } finally {
    store.close();
  }
}

readUpload().then(
  (outcome) => parentPort!.postMessage(outcome),
  // Never the error's text: it may quote the input. The collector records what it can itself.
  () =>
    parentPort!.postMessage({
      ok: false,
      skipped: [],
      skippedTotal: 0,
      failed: true,
    } satisfies UploadOutcome),
);
