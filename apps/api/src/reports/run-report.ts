/** Runs one report in its worker thread (report-thread.ts), with a time limit. */
import { Worker } from 'node:worker_threads';
import type { ExploitMode } from '@kubepath/analyzer';
import type { Report } from '@kubepath/report';
import type { ClusterEntry } from '../config.js';

export interface ReportJob {
  name: string;
  /** The snapshot store the run's snapshot is kept in, as `scheduledSnapshotId(name)`. */
  dataDir: string;
  source: { files: string[] } | ClusterEntry;
  exploits: ExploitMode;
}

/** The newest scheduled run's snapshot of a cluster: the viewer opens a report's paths in it. */
export const scheduledSnapshotId = (cluster: string) => `scheduled-${cluster}`;

export type ReportOutcome = { ok: true; report: Report } | { ok: false; reason: string };

export function runReport(job: ReportJob, timeoutMs: number): Promise<ReportOutcome> {
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(
    new URL(fromSource ? './report-entry.mjs' : './report-thread.js', import.meta.url),
    {
      workerData: job,
    },
  );
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: ReportOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => done({ ok: false, reason: `the report took longer than ${Math.round(timeoutMs / 1000)} s` }),
      timeoutMs,
    );
    worker.once('message', (outcome: ReportOutcome) => done(outcome));
    worker.once('error', (error) =>
      done({ ok: false, reason: `the report thread failed: ${error.message.slice(0, 300)}` }),
    );
    worker.once('exit', (code) => done({ ok: false, reason: `the report thread exited (${code})` }));
  });
}
