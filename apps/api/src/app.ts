/**
 * The kubepath REST API (Express 5): `createApp(deps)` wires the middleware and routes;
 * main.ts listens. Every route but /healthz and /readyz needs a bearer token.
 */
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { AnalysisWorker } from './analysis/analysis-worker.js';
import { requireScope, TokenStore } from './auth.js';
import type { Config } from './config.js';
import { Metrics } from './metrics.js';
import { buildOpenApi, documentedMethods } from './openapi.js';
import { problemHandler, sendProblem } from './problems.js';
import { catalogDocument } from './routes/catalog.js';
import { queryRoutes } from './routes/queries.js';
import { viewerRoutes } from './routes/viewer.js';
import { compromisedRoutes } from './routes/compromised.js';
import { reportRoutes } from './routes/reports.js';
import { ReportStore } from './reports/report-store.js';
import { Scheduler } from './reports/scheduler.js';
import { Neo4jClient } from './fleet/neo4j-client.js';
import { fleetRoutes } from './routes/fleet.js';
import { snapshotRoutes } from './routes/snapshots.js';
import { collectionRoutes } from './routes/collections.js';
import { CollectionJobs } from './collections.js';
import type { SnapshotStore } from './store.js';

export const API_VERSION = '0.1.0';

export interface Deps {
  config: Config;
  store: SnapshotStore;
  tokens: TokenStore;
  /** The worker thread holding the analysed snapshots and answering queries on them. */
  analysis: AnalysisWorker;
  /** Collections from the configured clusters, running and recent. */
  collections: CollectionJobs;
  /** Scheduled reports and their history. */
  reports: ReportStore;
  scheduler: Scheduler;
  /** The fleet's Neo4j (KUBEPATH_NEO4J_URL), connected on first use; undefined without one. */
  neo4j: Neo4jClient | undefined;
  /** The server's address once it listens (for links in deliveries). */
  baseUrl: string;
  metrics: Metrics;
  /** The app's pino logger; none in tests. */
  logger?: Logger;
  /** Where unexpected errors go (never to the client). */
  logError?: (error: unknown) => void;
}

export function createDeps(config: Config, store: SnapshotStore, logger?: Logger): Deps {
  const metrics = new Metrics(() => store.list().length);
  const analysis = new AnalysisWorker(config, {
    onBuild: (seconds) => {
      metrics.graphBuildSeconds.observe(seconds);
      logger?.info({ seconds }, 'graph built');
    },
    onError: (message) => logger?.error({ err: message }, 'analysis worker failed'),
    onNote: (message) => logger?.info(message),
    onPushed: (cluster) => logger?.info({ cluster }, 'graph pushed to Neo4j'),
  });
  const collections = new CollectionJobs(
    config.clusters,
    store,
    (id) => void analysis.warm(id).catch(() => {}),
  );
  const reports = new ReportStore(store.database);
  const deps: Deps = {
    config,
    store,
    tokens: new TokenStore(config.tokens),
    analysis,
    metrics,
    collections,
    reports,
    baseUrl: `http://${config.host}:${config.port}`,
    scheduler: undefined as unknown as Scheduler,
    neo4j: config.neo4j ? new Neo4jClient(config.neo4j) : undefined,
  };
  deps.scheduler = new Scheduler({
    config: config.schedules,
    clusters: config.clusters,
    store: reports,
    metrics,
    env: process.env,
    baseUrl: () => deps.baseUrl,
    retryBaseMs: config.reportRetryMs,
    dataDir: config.dataDir,
    // The run replaced the cluster's scheduled snapshot: forget the old analysis; with Neo4j,
    // analyse the new one now, which pushes it there.
    onSnapshot: (id) =>
      void analysis
        .forget(id)
        .then(() => (config.neo4j ? analysis.warm(id) : undefined))
        .catch(() => {}),
    ...(logger ? { logger } : {}),
  });
  if (logger) {
    deps.logger = logger;
    deps.logError = (error) => logger.error({ err: error }, 'request failed');
  }
  return deps;
}

export function createApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.locals.requestId = req.get('x-request-id')?.slice(0, 64) || randomUUID();
    res.locals.logError = deps.logError;
    res.set('X-Request-Id', res.locals.requestId);
    next();
  });
  // Access lines are info-level: above that, pino-http would build a logger per request for nothing.
  if (deps.logger?.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger: deps.logger,
        genReqId: (_req, res) => res.getHeader('X-Request-Id') as string,
        // Tokens and cookies never reach a log line.
        redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      }),
    );
  }
  app.use(deps.metrics.middleware());
  app.use(helmet());
  if (deps.config.viewerDir) app.use(viewerRoutes(deps.config.viewerDir));
  // Health checks answer before the rate limit: a busy client must not make a probe fail.
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => void res.json({ status: 'ready', snapshots: deps.store.list().length }));
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: deps.config.rateLimitPerMinute,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res) => sendProblem(res, 429, 'too many requests'),
    }),
  );
  if (deps.config.corsOrigins.length) {
    app.use((req, res, next) => {
      const origin = req.get('origin');
      if (origin && deps.config.corsOrigins.includes(origin))
        res.set({
          'Access-Control-Allow-Origin': origin,
          Vary: 'Origin',
          'Access-Control-Allow-Headers': 'authorization, content-type',
        });
      next();
    });
  }
  const openapi = buildOpenApi(API_VERSION);
  const catalog = catalogDocument();
  const documented = documentedMethods(openapi);
  // A documented path asked with a method it does not have: 405 with the ones it has
  // (before any body parsing or auth: nothing of the request matters then).
  app.use((req, res, next) => {
    const path = documented.find((d) => d.pattern.test(req.path));
    if (!path || path.methods.includes(req.method === 'HEAD' ? 'GET' : req.method)) return next();
    const allowed = path.methods.includes('GET') ? [...path.methods, 'HEAD'] : path.methods;
    res.set('Allow', allowed.join(', '));
    sendProblem(res, 405, 'method not allowed', `${req.path} takes ${allowed.join(', ')}`);
  });

  app.get('/api/v1/openapi.json', requireScope(deps.tokens, 'read'), (_req, res) => void res.json(openapi));
  app.get('/metrics', requireScope(deps.tokens, 'read'), async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.get('/api/v1/catalog', requireScope(deps.tokens, 'read'), (_req, res) => void res.json(catalog));
  // JSON bodies only for the small requests (what-if); uploads stream in the snapshot route.
  app.use('/api/v1', snapshotRoutes(deps), compromisedRoutes(deps));
  app.use(
    '/api/v1',
    express.json({ limit: '1mb' }),
    collectionRoutes(deps),
    queryRoutes(deps),
    reportRoutes(deps),
    fleetRoutes(deps),
  );
  app.use((_req, res) => sendProblem(res, 404, 'not found'));
  app.use(problemHandler);
  return app;
}
