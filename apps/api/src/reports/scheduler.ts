/**
 * Scheduled reports: each schedule's cron fires a run — collect or read the source, analyse,
 * report (in a worker thread), store, diff against the cluster's previous report, deliver.
 *
 * - Runs never overlap for one cluster: a fire, a retry or "run now" while one runs is skipped
 *   (a manual one is told so).
 * - A failed run is stored as failed with its reason and retried with backoff (30 s, 60 s,
 *   120 s by default), unless the next fire comes first.
 * - After a restart, runs that were due while the server was down run once, not once each.
 * - Deliveries run after the report is stored and never hold up the next run.
 */
import { Cron } from 'croner';
import type { Logger } from 'pino';
import { diffReports, withHistory } from '@kubepath/report';
import type { ClusterEntry } from '../config.js';
import type { Metrics } from '../metrics.js';
import { deliver, deliveryTarget } from './deliveries.js';
import type { ReportStore, ReportRun } from './report-store.js';
import { runReport, scheduledSnapshotId, type ReportJob } from './run-report.js';
import type { Schedule, SchedulesConfig } from './schedule-config.js';

export interface SchedulerOptions {
  config: SchedulesConfig;
  clusters: readonly ClusterEntry[];
  store: ReportStore;
  metrics?: Metrics;
  logger?: Logger;
  env: Record<string, string | undefined>;
  /** The server's address, for the links deliveries carry. */
  baseUrl: () => string;
  /** Milliseconds before a failed run's first retry (doubled each time, 3 retries). */
  retryBaseMs?: number;
  /** Milliseconds before a delivery's first retry. */
  deliveryRetryBaseMs?: number;
  /** Longest a report may take. */
  runTimeoutMs?: number;
  /** The snapshot store's folder (each run keeps the cluster's newest snapshot there). */
  dataDir: string;
  /** Called with the id of the snapshot a run replaced (the analysis forgets the old one). */
  onSnapshot?: (id: string) => void;
  now?: () => Date;
}

const RETRIES = 3;

export class Scheduler {
  private readonly jobs = new Map<string, Cron>();
  private readonly running = new Map<string, Promise<ReportRun | undefined>>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private readonly deliveries = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly o: SchedulerOptions) {}

  get schedules(): readonly Schedule[] {
    return this.o.config.schedules;
  }

  /** Starts every schedule, and runs once those that were due while the server was down. */
  start(): void {
    const now = this.now();
    for (const s of this.schedules) {
      const cron = new Cron(s.cron, { timezone: s.timezone, protect: true }, () => {
        void this.run(s, 'cron', cron.currentRun() ?? this.now());
      });
      this.jobs.set(s.name, cron);
      const last = this.o.store.lastScheduledFor(s.name);
      const due = cron.previousRuns(1, now)[0];
      if (last && due && due.getTime() > new Date(last).getTime()) void this.run(s, 'missed', due);
    }
  }

  /** "Run now": the run; `running` when one of that cluster runs already, `unknown` for no such schedule. */
  runNow(name: string): Promise<ReportRun | undefined> | 'unknown' | 'running' {
    const s = this.schedules.find((x) => x.name === name);
    if (!s) return 'unknown';
    if (this.running.has(name)) return 'running';
    return this.run(s, 'manual');
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /**
   * Stops the schedules, and waits for the runs and deliveries in flight — at most `graceMs`:
   * a run cut short stores nothing, and the next start runs it once as missed.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    for (const cron of this.jobs.values()) cron.stop();
    for (const t of this.retries.values()) clearTimeout(t);
    const grace = new Promise((r) => setTimeout(r, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.running.values(), ...this.deliveries]), grace]);
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private run(
    s: Schedule,
    trigger: string,
    scheduledFor?: Date,
    attempt = 0,
  ): Promise<ReportRun | undefined> {
    const inFlight = this.running.get(s.name);
    if (inFlight || this.stopped) return inFlight ?? Promise.resolve(undefined);
    const pending = this.runOnce(s, trigger, scheduledFor, attempt).finally(() =>
      this.running.delete(s.name),
    );
    this.running.set(s.name, pending);
    return pending;
  }

  private async runOnce(
    s: Schedule,
    trigger: string,
    scheduledFor: Date | undefined,
    attempt: number,
  ): Promise<ReportRun> {
    const startedAt = this.now().toISOString();
    const ended = this.o.metrics?.reportRunSeconds.startTimer({ cluster: s.name });
    const job = this.jobOf(s);
    const outcome = job
      ? await runReport(job, this.o.runTimeoutMs ?? 30 * 60_000)
      : ({
          ok: false,
          reason: `no cluster ${(s.source as { cluster: string }).cluster} in KUBEPATH_CLUSTERS`,
        } as const);
    ended?.();
    const base = {
      cluster: s.name,
      trigger,
      ...(scheduledFor ? { scheduledFor: scheduledFor.toISOString() } : {}),
      startedAt,
      finishedAt: this.now().toISOString(),
    };
    if (!outcome.ok) {
      const run = this.o.store.add({ ...base, status: 'failed', reason: outcome.reason });
      this.o.metrics?.reportRuns.inc({ cluster: s.name, status: 'failed' });
      this.o.logger?.warn({ cluster: s.name, reason: outcome.reason, attempt }, 'scheduled report failed');
      this.retryLater(s, scheduledFor, attempt);
      return run;
    }
    this.o.onSnapshot?.(scheduledSnapshotId(s.name));
    const previous = this.o.store.previousOk(s.name);
    const baseline = previous ? this.o.store.report(previous.id) : undefined;
    const report = withHistory(outcome.report, baseline);
    const run = this.o.store.add({ ...base, status: 'ok' }, report);
    this.o.store.prune(s.name, this.o.config.retention.keep, this.o.config.retention.days, this.now());
    this.o.metrics?.reportRuns.inc({ cluster: s.name, status: 'ok' });
    for (const [severity, n] of Object.entries(report.counts.bySeverity))
      this.o.metrics?.reportFindings.set({ cluster: s.name, severity }, n);
    this.o.logger?.info(
      { cluster: s.name, trigger, findings: report.counts.findings },
      'scheduled report stored',
    );
    const diff = baseline ? diffReports(baseline, report) : undefined;
    for (const d of s.deliver) {
      const target = deliveryTarget(d);
      const delivery = deliver(d, {
        report,
        ...(diff ? { diff } : {}),
        runId: run.id,
        baseUrl: this.o.baseUrl(),
        env: this.o.env,
        retryBaseMs: this.o.deliveryRetryBaseMs ?? 1000,
      }).then(
        () => void this.o.metrics?.reportDeliveries.inc({ cluster: s.name, type: d.type, status: 'ok' }),
        (error: unknown) => {
          this.o.metrics?.reportDeliveries.inc({ cluster: s.name, type: d.type, status: 'failed' });
          this.o.logger?.warn(
            { cluster: s.name, target, reason: (error as Error).message },
            'report delivery failed',
          );
        },
      );
      this.deliveries.add(delivery);
      void delivery.finally(() => this.deliveries.delete(delivery));
    }
    return run;
  }

  private jobOf(s: Schedule): ReportJob | undefined {
    const common = { name: s.name, dataDir: this.o.dataDir, exploits: s.exploits };
    if ('files' in s.source) return { ...common, source: { files: s.source.files } };
    const name = s.source.cluster;
    const cluster = this.o.clusters.find((c) => c.name === name);
    return cluster ? { ...common, source: cluster } : undefined;
  }

  /** A failed run tries again after 1, 2, 4 × the base, unless the schedule fires first. */
  private retryLater(s: Schedule, scheduledFor: Date | undefined, attempt: number): void {
    if (attempt >= RETRIES || this.stopped) return;
    const delay = (this.o.retryBaseMs ?? 30_000) * 2 ** attempt;
    const next = this.jobs.get(s.name)?.msToNext();
    if (next !== null && next !== undefined && next <= delay) return;
    const timer = setTimeout(() => {
      this.retries.delete(s.name);
      void this.run(s, 'retry', scheduledFor, attempt + 1);
    }, delay);
    timer.unref();
    this.retries.set(s.name, timer);
  }
}
