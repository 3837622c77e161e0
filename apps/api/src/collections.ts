/**
 * Collections from the clusters the API is configured for (KUBEPATH_CLUSTERS): one runs in the
 * background per cluster at a time; its progress (objects and pages per kind) is visible while
 * it runs, and the snapshot it makes is stored and analysed like an upload. Jobs are kept in
 * memory (the last 100): a restart forgets them, never the snapshots they made.
 */
import { randomUUID } from 'node:crypto';
import { collectFromCluster, type CollectResult } from '@kubepath/collector';
import { countObjects, coverageGaps } from '@kubepath/model';
import type { ClusterEntry } from './config.js';
import type { SnapshotStore } from './store.js';

export interface CollectionJob {
  id: string;
  cluster: string;
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt?: string;
  /** Per kind: objects and pages so far, and whether it is done. */
  progress: { kind: string; objects: number; pages: number; done: boolean }[];
  /** The snapshot it made (state done). */
  snapshot?: string;
  /** Figures of a finished collection. */
  figures?: { seconds: number; requests: number; retries: number; objects: number };
  /** Kinds it could not list, whole or in part (as the snapshot's gaps say). */
  unseen?: string[];
  /** Why it failed (state failed): the API server's answer or the connection's error. */
  error?: string;
}

const KEPT = 100;

export class CollectionJobs {
  private readonly jobs = new Map<string, CollectionJob>();

  constructor(
    private readonly clusters: readonly ClusterEntry[],
    private readonly store: SnapshotStore,
    /** Called with a new snapshot's id (the API analyses it at once). */
    private readonly onSnapshot: (id: string) => void,
  ) {}

  get configured(): { name: string }[] {
    return this.clusters.map((c) => ({ name: c.name }));
  }

  list(): CollectionJob[] {
    return [...this.jobs.values()].reverse();
  }

  get(id: string): CollectionJob | undefined {
    return this.jobs.get(id);
  }

  /** Starts a collection; undefined for an unknown cluster; the running job when one runs. */
  start(name: string): { job: CollectionJob; started: boolean } | undefined {
    const cluster = this.clusters.find((c) => c.name === name);
    if (!cluster) return undefined;
    const running = [...this.jobs.values()].find((j) => j.cluster === name && j.state === 'running');
    if (running) return { job: running, started: false };
    const job: CollectionJob = {
      id: randomUUID(),
      cluster: name,
      state: 'running',
      startedAt: new Date().toISOString(),
      progress: [],
    };
    this.jobs.set(job.id, job);
    for (const old of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - KEPT)))
      this.jobs.delete(old);
    void this.run(job, cluster);
    return { job, started: true };
  }

  /** Waits for every running collection (the server's stop). */
  async settled(): Promise<void> {
    while ([...this.jobs.values()].some((j) => j.state === 'running'))
      await new Promise((r) => setTimeout(r, 50));
  }

  private async run(job: CollectionJob, cluster: ClusterEntry): Promise<void> {
    let result: CollectResult;
    try {
      result = await collectFromCluster({
        ...(cluster.kubeconfig ? { kubeconfig: cluster.kubeconfig } : {}),
        ...(cluster.context ? { context: cluster.context } : {}),
        ...(cluster.inCluster ? { inCluster: true } : {}),
        clusterName: cluster.name,
        onProgress: (e) => {
          let row = job.progress.find((p) => p.kind === e.kind);
          if (!row) job.progress.push((row = { kind: e.kind, objects: 0, pages: 0, done: false }));
          Object.assign(row, { objects: e.objects, pages: e.pages, done: e.phase === 'done' });
        },
      });
      const snapshot = randomUUID();
      this.store.put(snapshot, result.snapshot, countObjects(result.snapshot.objects));
      this.onSnapshot(snapshot);
      Object.assign(job, {
        state: 'done',
        snapshot,
        figures: {
          seconds: result.seconds,
          requests: result.requests,
          retries: result.retries,
          objects: countObjects(result.snapshot.objects),
        },
        unseen: coverageGaps(result.snapshot.coverage).map((g) => g.kind),
      });
    } catch (error) {
      Object.assign(job, { state: 'failed', error: error instanceof Error ? error.message : String(error) });
    } finally {
      job.finishedAt = new Date().toISOString();
    }
  }
}
