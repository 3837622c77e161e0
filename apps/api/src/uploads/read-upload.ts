/**
 * Reading an uploaded file into a stored snapshot, off the main thread (upload-thread.ts),
 * with a heap limit and a time limit. The answer says what was stored and what was skipped;
 * an upload that breaches a load limit with nothing usable left is 413, one with nothing
 * usable for another reason 422.
 */
import { Worker } from 'node:worker_threads';
import type { InputLimits } from '@kubepath/collector';
import type { SnapshotInfo } from '../store.js';
import { HttpProblem } from '../problems.js';

/** What the upload thread is given. */
export interface UploadJob {
  file: string;
  /** How the file is named in what the client sees ("upload (yaml)"). */
  label: string;
  id: string;
  dataDir: string;
  clusterName?: string;
  limits: InputLimits;
}

/** A document skipped from the upload, as the client sees it. */
export interface UploadSkipped {
  where: string;
  reason: string;
  limit?: string;
}

/** What the upload thread answers. */
export type UploadOutcome =
  | { ok: true; info: SnapshotInfo; skipped: UploadSkipped[]; skippedTotal: number }
  | { ok: false; skipped: UploadSkipped[]; skippedTotal: number; failed?: true };

/** The limits of one upload's thread. */
export interface UploadThreadLimits {
  /** Heap of the thread, in MiB (KUBEPATH_UPLOAD_MEMORY_MB). */
  memoryMb: number;
  /** Time to read and store it (KUBEPATH_UPLOAD_TIMEOUT_MS). */
  timeoutMs: number;
}

/** Reads and stores an uploaded file; resolves with what was stored, or throws the problem. */
export async function readUpload(
  job: UploadJob,
  limits: UploadThreadLimits,
): Promise<Extract<UploadOutcome, { ok: true }>> {
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(
    new URL(fromSource ? './upload-entry.mjs' : './upload-thread.js', import.meta.url),
    {
      workerData: job,
      execArgv: fromSource ? ['--conditions=kubepath-source'] : [],
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    },
  );
  const outcome = await new Promise<UploadOutcome | 'out of memory' | 'timeout' | 'crashed'>((resolve) => {
    const timer = setTimeout(() => {
      resolve('timeout');
      void worker.terminate();
    }, limits.timeoutMs);
    worker.once('message', (m: UploadOutcome) => resolve(m));
    worker.once('error', (e: Error & { code?: string }) =>
      resolve(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory' : 'crashed'),
    );
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve('crashed'); // only if nothing was resolved before
    });
  });
  void worker.terminate();
  if (outcome === 'out of memory')
    throw new HttpProblem(
      413,
      'upload too large to read',
      `reading it needs more than ${limits.memoryMb} MiB (KUBEPATH_UPLOAD_MEMORY_MB)`,
    );
  if (outcome === 'timeout')
    throw new HttpProblem(
      413,
      'upload too large to read',
      `reading it takes longer than ${limits.timeoutMs} ms (KUBEPATH_UPLOAD_TIMEOUT_MS)`,
    );
  if (outcome === 'crashed' || (!outcome.ok && outcome.failed))
    throw new HttpProblem(422, 'upload unreadable', 'the upload could not be read');
  if (outcome.ok) return outcome;
  const summary = outcome.skipped
    .slice(0, 5)
    .map((s) => `${s.where}: ${s.reason}`)
    .join('; ');
  if (outcome.skipped.some((s) => s.limit))
    throw new HttpProblem(413, 'upload over a load limit', summary, { skipped: outcome.skipped });
  throw new HttpProblem(422, 'nothing usable in the upload', summary || 'no Kubernetes objects', {
    skipped: outcome.skipped,
  });
}
