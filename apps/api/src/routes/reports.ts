/**
 * Scheduled reports: the clusters (configured for collection, scheduled, or with history),
 * each cluster's runs and trend, one report in any format (md and html with the diff against
 * the run before), and "run now" (admin).
 */
import { Router } from 'express';
import { diffReports, renderReport, REPORT_TYPES, type Report } from '@kubepath/report';
import type { ReportRun } from '../reports/report-store.js';
import type { Deps } from '../app.js';
import { requireScope } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { scheduledSnapshotId } from '../reports/run-report.js';
import { ClusterParams, ReportFormatQuery, ReportIdParams } from '../schemas.js';

export function reportRoutes(deps: Deps): Router {
  const r = Router();
  const read = requireScope(deps.tokens, 'read');
  const known = (cluster: string) =>
    deps.scheduler.schedules.some((s) => s.name === cluster) || deps.reports.clusters().includes(cluster);

  r.get('/clusters', read, (_req, res) => {
    // The configured clusters in their order, then the scheduled and reported ones by name.
    const names = new Set([
      ...deps.collections.configured.map((c) => c.name),
      ...[...deps.scheduler.schedules.map((s) => s.name), ...deps.reports.clusters()].sort(),
    ]);
    res.json({
      clusters: [...names].map((name) => {
        const s = deps.scheduler.schedules.find((x) => x.name === name);
        return {
          name,
          collect: deps.collections.configured.some((c) => c.name === name),
          ...(s ? { schedule: { cron: s.cron, timezone: s.timezone, exploits: s.exploits } } : {}),
          reports: deps.reports.count(name),
        };
      }),
    });
  });

  r.get('/clusters/:cluster/reports', read, (req, res) => {
    const { cluster } = ClusterParams.parse(req.params);
    if (!known(cluster))
      throw new HttpProblem(404, 'unknown cluster', `no schedule or report for ${cluster}`);
    res.json({ cluster, running: deps.scheduler.isRunning(cluster), reports: deps.reports.runs(cluster) });
  });

  r.get('/clusters/:cluster/trend', read, (req, res) => {
    const { cluster } = ClusterParams.parse(req.params);
    if (!known(cluster))
      throw new HttpProblem(404, 'unknown cluster', `no schedule or report for ${cluster}`);
    res.json({ cluster, points: deps.reports.trend(cluster) });
  });

  r.post('/clusters/:cluster/runs', requireScope(deps.tokens, 'admin'), (req, res) => {
    const { cluster } = ClusterParams.parse(req.params);
    const started = deps.scheduler.runNow(cluster);
    if (started === 'unknown') throw new HttpProblem(404, 'unknown cluster', `no schedule named ${cluster}`);
    if (started === 'running')
      throw new HttpProblem(409, 'a run is in progress', `${cluster} is being reported now`);
    started.catch(() => {}); // its outcome is stored; the client follows …/reports
    res.status(202).location(`/api/v1/clusters/${cluster}/reports`).json({ cluster, state: 'started' });
  });

  /** The cluster's ok run before this one, and what changed since it. */
  const sincePrevious = (run: ReportRun, report: Report) => {
    const previous = deps.reports.previousOk(run.cluster, run.startedAt);
    const baseline = previous ? deps.reports.report(previous.id) : undefined;
    return { previous, diff: baseline ? diffReports(baseline, report) : undefined };
  };

  r.get('/reports/:id/diff', read, (req, res) => {
    const { id } = ReportIdParams.parse(req.params);
    const run = deps.reports.run(id);
    const report = run ? deps.reports.report(id) : undefined;
    if (!run || !report) throw new HttpProblem(404, 'unknown report', `no report ${id}`);
    const { previous, diff } = sincePrevious(run, report);
    res.json({
      id,
      cluster: run.cluster,
      baseline: previous?.id ?? null,
      snapshot: scheduledSnapshotId(run.cluster),
      diff: diff ?? null,
    });
  });

  r.get('/reports/:id', read, (req, res) => {
    const { id } = ReportIdParams.parse(req.params);
    const { format } = ReportFormatQuery.parse(req.query);
    const run = deps.reports.run(id);
    if (!run) throw new HttpProblem(404, 'unknown report', `no report ${id}`);
    const report = deps.reports.report(id);
    if (!report)
      throw new HttpProblem(
        404,
        'the run failed',
        `run ${id} made no report: ${run.reason ?? 'no reason recorded'}`,
      );
    const { diff } = sincePrevious(run, report);
    // Only the HTML draws the trend: up to this run, not after it.
    const trend =
      format === 'html'
        ? deps.reports.trend(run.cluster).filter((p) => p.generatedAt <= run.startedAt)
        : undefined;
    const body = renderReport(report, format, { ...(diff ? { diff } : {}), ...(trend ? { trend } : {}) });
    if (format === 'html')
      res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type(REPORT_TYPES[format]).send(body);
  });
  return r;
}
