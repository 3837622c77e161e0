/** Prometheus metrics (prom-client): request latency, graph build time, snapshot count. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';

export class Metrics {
  readonly registry = new Registry();
  readonly requestSeconds = new Histogram({
    name: 'kubepath_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly graphBuildSeconds = new Histogram({
    name: 'kubepath_graph_build_seconds',
    help: 'Time to build and index a snapshot’s attack graph',
    buckets: [0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly uploads = new Counter({
    name: 'kubepath_snapshot_uploads_total',
    help: 'Snapshots uploaded',
    registers: [this.registry],
  });

  readonly reportRuns = new Counter({
    name: 'kubepath_report_runs_total',
    help: 'Scheduled report runs, by cluster and status (ok, failed)',
    labelNames: ['cluster', 'status'],
    registers: [this.registry],
  });
  readonly reportRunSeconds = new Histogram({
    name: 'kubepath_report_run_duration_seconds',
    help: 'Time to collect, analyse and report a cluster',
    labelNames: ['cluster'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly reportFindings = new Gauge({
    name: 'kubepath_report_findings',
    help: "Findings of a cluster's newest report, by severity",
    labelNames: ['cluster', 'severity'],
    registers: [this.registry],
  });
  readonly reportDeliveries = new Counter({
    name: 'kubepath_report_deliveries_total',
    help: 'Report deliveries, by cluster, type (files, webhook, slack) and status',
    labelNames: ['cluster', 'type', 'status'],
    registers: [this.registry],
  });

  constructor(countSnapshots: () => number) {
    new Gauge({
      name: 'kubepath_snapshots',
      help: 'Snapshots in the store',
      registers: [this.registry],
      collect() {
        this.set(countSnapshots());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Times every request, labelled by its route pattern (not its URL: ids would explode the series). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.requestSeconds.startTimer();
      res.on('finish', () =>
        end({
          method: req.method,
          route: (req.route?.path as string | undefined) ?? 'unmatched',
          status: String(res.statusCode),
        }),
      );
      next();
    };
  }
}
