/**
 * Scheduled reports in the snapshot store's SQLite file: each run, ok (with its report,
 * gzipped) or failed (with its reason), so that the history says what ran and what did not.
 * Retention keeps the newest N and nothing older than D days, per cluster.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { parseReport, type Report } from '@kubepath/report';

export interface ReportRun {
  id: string;
  cluster: string;
  status: 'ok' | 'failed';
  reason?: string;
  /** What started it: cron, missed (a run due while the server was down), retry, manual. */
  trigger: string;
  /** The cron time it ran for (absent for a manual run). */
  scheduledFor?: string;
  startedAt: string;
  finishedAt: string;
  /** Findings by severity (ok runs). */
  counts?: Record<string, number>;
}

type Row = {
  id: string;
  cluster: string;
  status: 'ok' | 'failed';
  reason: string | null;
  trigger: string;
  scheduled_for: string | null;
  started_at: string;
  finished_at: string;
  counts: string | null;
};
const COLUMNS = 'id, cluster, status, reason, trigger, scheduled_for, started_at, finished_at, counts';
const toRun = (r: Row): ReportRun => ({
  id: r.id,
  cluster: r.cluster,
  status: r.status,
  ...(r.reason ? { reason: r.reason } : {}),
  trigger: r.trigger,
  ...(r.scheduled_for ? { scheduledFor: r.scheduled_for } : {}),
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  ...(r.counts ? { counts: JSON.parse(r.counts) as Record<string, number> } : {}),
});

export class ReportStore {
  constructor(private readonly db: Database.Database) {}

  /** Records a run; returns it with its new id. */
  add(run: Omit<ReportRun, 'id' | 'counts'>, report?: Report): ReportRun {
    const id = randomUUID();
    const counts = report ? JSON.stringify(report.counts.bySeverity) : null;
    this.db
      .prepare(
        `INSERT INTO reports (${COLUMNS}, data) VALUES (@id, @cluster, @status, @reason, @trigger, @scheduledFor, @startedAt, @finishedAt, @counts, @data)`,
      )
      .run({
        id,
        cluster: run.cluster,
        status: run.status,
        reason: run.reason ?? null,
        trigger: run.trigger,
        scheduledFor: run.scheduledFor ?? null,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        counts,
        data: report ? gzipSync(JSON.stringify(report)) : null,
      });
    return { ...run, id, ...(report ? { counts: report.counts.bySeverity } : {}) };
  }

  /** A cluster's runs, newest first. */
  runs(cluster: string, limit = 100): ReportRun[] {
    return (
      this.db
        .prepare(
          `SELECT ${COLUMNS} FROM reports WHERE cluster = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`,
        )
        .all(cluster, limit) as Row[]
    ).map(toRun);
  }

  /** How many runs of a cluster the history keeps. */
  count(cluster: string): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM reports WHERE cluster = ?').get(cluster) as { n: number }
    ).n;
  }

  run(id: string): ReportRun | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM reports WHERE id = ?`).get(id) as Row | undefined;
    return row ? toRun(row) : undefined;
  }

  report(id: string): Report | undefined {
    const row = this.db.prepare('SELECT data FROM reports WHERE id = ?').get(id) as
      { data: Buffer | null } | undefined;
    if (!row?.data) return undefined;
    return parseReport(JSON.parse(gunzipSync(row.data).toString('utf8')), `report ${id}`);
  }

  /** The newest ok run of a cluster before `before` (the baseline a new report is diffed with). */
  previousOk(cluster: string, before?: string): ReportRun | undefined {
    const row = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM reports WHERE cluster = ? AND status = 'ok' AND (? IS NULL OR started_at < ?) ORDER BY started_at DESC, rowid DESC LIMIT 1`,
      )
      .get(cluster, before ?? null, before ?? null) as Row | undefined;
    return row ? toRun(row) : undefined;
  }

  /** The cron time of a cluster's newest scheduled run (to tell a missed one after a restart). */
  lastScheduledFor(cluster: string): string | undefined {
    const row = this.db
      .prepare('SELECT MAX(scheduled_for) AS at FROM reports WHERE cluster = ? AND scheduled_for IS NOT NULL')
      .get(cluster) as { at: string | null };
    return row.at ?? undefined;
  }

  /** Counts by severity of a cluster's ok runs, oldest first. */
  trend(
    cluster: string,
    limit = 500,
  ): { id: string; generatedAt: string; bySeverity: Record<string, number> }[] {
    return (
      this.db
        .prepare(
          "SELECT id, started_at, counts FROM reports WHERE cluster = ? AND status = 'ok' ORDER BY started_at DESC, rowid DESC LIMIT ?",
        )
        .all(cluster, limit) as { id: string; started_at: string; counts: string }[]
    )
      .reverse()
      .map((r) => ({
        id: r.id,
        generatedAt: r.started_at,
        bySeverity: JSON.parse(r.counts) as Record<string, number>,
      }));
  }

  /** Clusters with any run. */
  clusters(): string[] {
    return (
      this.db.prepare('SELECT DISTINCT cluster FROM reports ORDER BY cluster').all() as { cluster: string }[]
    ).map((r) => r.cluster);
  }

  /** Keeps a cluster's newest `keep` runs and none older than `days`; returns how many went. */
  prune(cluster: string, keep: number, days: number, now = new Date()): number {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return this.db
      .prepare(
        `DELETE FROM reports WHERE cluster = @cluster AND (started_at < @cutoff OR id NOT IN (
           SELECT id FROM reports WHERE cluster = @cluster ORDER BY started_at DESC, rowid DESC LIMIT @keep))`,
      )
      .run({ cluster, cutoff, keep }).changes;
  }
}
