/**
 * The API's configuration: the only place that reads the environment. `loadConfig(env)` is a
 * pure zod parse, so tests pass a plain object. Safe defaults: loopback only, bounded bodies
 * and queries, CORS off.
 */
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_INPUT_LIMITS, inputLimitsFromEnv, type InputLimits } from '@kubepath/collector';
import { parseSchedules, SchedulesConfigSchema } from './reports/schedule-config.js';

const GiB = 1024 * 1024 * 1024;
/** Uploads are at most maxBodyBytes on the wire; what they may expand to is lower than for the CLI. */
export const API_INPUT_LIMITS: Readonly<InputLimits> = Object.freeze({
  ...DEFAULT_INPUT_LIMITS,
  maxEntryBytes: 1 * GiB,
  maxArchiveBytes: 2 * GiB,
});

const TokenSchema = z.object({
  name: z.string().min(1),
  scope: z.enum(['read', 'admin']),
  token: z.string().min(16),
});
export type TokenEntry = z.infer<typeof TokenSchema>;

const ClusterSchema = z.object({
  /** The name the API and the viewer show (and the snapshot's cluster name). */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  /** A kubeconfig file and optionally a context of it; or the pod's own service account. */
  kubeconfig: z.string().optional(),
  context: z.string().optional(),
  inCluster: z.boolean().optional(),
});
export type ClusterEntry = z.infer<typeof ClusterSchema>;

export const ConfigSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  dataDir: z.string().default(join(homedir(), '.kubepath')),
  /** `name:scope:token` entries, comma-separated (KUBEPATH_TOKENS). */
  tokens: z.array(TokenSchema).default([]),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  queryBudgetMs: z.coerce.number().int().positive().default(10_000),
  maxResults: z.coerce.number().int().positive().default(10_000),
  /** Analysed snapshots kept in memory (each holds its graph and index), all workers together. */
  cacheEntries: z.coerce.number().int().positive().default(4),
  /**
   * Analysis worker threads: a query on one snapshot never waits for another's build. Each
   * snapshot is held by one of them; the memory bounds are shared out, not multiplied.
   */
  analysisWorkers: z.coerce.number().int().min(1).max(16).default(Math.min(2, availableParallelism())),
  /** How long a query waits for its snapshot's analysis before it is answered 503 with Retry-After. */
  analysisWaitMs: z.coerce.number().int().min(0).default(5_000),
  /**
   * Keep each analysis on disk under `<dataDir>/analyses/`, so that after a restart a snapshot
   * is read back instead of analysed again (about 7× the snapshot's gzipped size: 216 MiB at
   * 150,000 pods, docs/performance.md).
   */
  storeAnalyses: z.boolean().default(true),
  rateLimitPerMinute: z.coerce.number().int().positive().default(600),
  corsOrigins: z.array(z.string()).default([]),
  /** The built web viewer (apps/viewer/dist), served at `/`; none: the API only. */
  viewerDir: z.string().optional(),
  /** Load limits for uploads (KUBEPATH_MAX_*, see @kubepath/collector's limits). */
  inputLimits: z.custom<InputLimits>().default({ ...API_INPUT_LIMITS }),
  /** Heap of the thread that reads one upload, in MiB. */
  uploadMemoryMb: z.coerce.number().int().min(64).default(2048),
  /** Time to read and store one upload. */
  uploadTimeoutMs: z.coerce.number().int().positive().default(300_000),
  /** Clusters `POST /api/v1/collections` may collect from (KUBEPATH_CLUSTERS). */
  clusters: z.array(ClusterSchema).default([]),
  /** Scheduled reports (KUBEPATH_SCHEDULES, or the file KUBEPATH_SCHEDULES_FILE names). */
  schedules: SchedulesConfigSchema.default({ schedules: [], retention: { keep: 50, days: 90 } }),
  /**
   * A Neo4j to push each analysed snapshot to, for the fleet routes (KUBEPATH_NEO4J_URL,
   * KUBEPATH_NEO4J_USER, KUBEPATH_NEO4J_PASSWORD or the file KUBEPATH_NEO4J_PASSWORD_FILE).
   */
  neo4j: z
    .object({
      url: z.string().regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//, 'a bolt:// or neo4j:// URL'),
      user: z.string().optional(),
      password: z.string().optional(),
    })
    .optional(),
  /** Milliseconds before a failed scheduled run's first retry (KUBEPATH_REPORT_RETRY_MS). */
  reportRetryMs: z.coerce.number().int().min(10).default(30_000),
});
export type Config = z.infer<typeof ConfigSchema>;

/** `reader:read:0123…,ops:admin:abcd…` (or one entry a line, for a token file) → token entries. */
export function parseTokens(text: string | undefined): unknown[] {
  if (!text) return [];
  return text
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, scope, ...rest] = entry.split(':');
      return { name, scope, token: rest.join(':') };
    });
}

/**
 * `prod=/etc/kubepath/kubeconfig#prod-context,self=in-cluster` → clusters to collect from: a
 * name, then a kubeconfig file with an optional `#context`, or `in-cluster`.
 */
export function parseClusters(text: string | undefined): unknown[] {
  if (!text) return [];
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, where = ''] = entry.split(/=(.*)/s);
      if (where === 'in-cluster') return { name, inCluster: true };
      const [kubeconfig, context] = where.split('#');
      return { name, ...(kubeconfig ? { kubeconfig } : {}), ...(context ? { context } : {}) };
    });
}

/** Builds the config from environment variables (KUBEPATH_*, PORT, HOST) and overrides. */
export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  return ConfigSchema.parse({
    host: env.HOST,
    port: env.PORT,
    dataDir: env.KUBEPATH_DATA_DIR,
    tokens: [...parseTokens(env.KUBEPATH_TOKENS), ...parseTokens(env.KUBEPATH_TOKENS_TEXT)],
    maxBodyBytes: env.KUBEPATH_MAX_BODY_BYTES,
    queryBudgetMs: env.KUBEPATH_QUERY_BUDGET_MS,
    maxResults: env.KUBEPATH_MAX_RESULTS,
    cacheEntries: env.KUBEPATH_CACHE_ENTRIES,
    analysisWorkers: env.KUBEPATH_ANALYSIS_WORKERS,
    analysisWaitMs: env.KUBEPATH_ANALYSIS_WAIT_MS,
    storeAnalyses: booleanSetting(env.KUBEPATH_STORE_ANALYSES),
    rateLimitPerMinute: env.KUBEPATH_RATE_LIMIT_PER_MINUTE,
    corsOrigins: env.KUBEPATH_CORS_ORIGINS ? env.KUBEPATH_CORS_ORIGINS.split(',') : undefined,
    viewerDir: env.KUBEPATH_VIEWER_DIR,
    inputLimits: inputLimitsFromEnv(env, API_INPUT_LIMITS),
    uploadMemoryMb: env.KUBEPATH_UPLOAD_MEMORY_MB,
    uploadTimeoutMs: env.KUBEPATH_UPLOAD_TIMEOUT_MS,
    clusters: parseClusters(env.KUBEPATH_CLUSTERS),
    schedules: parseSchedules(
      env.KUBEPATH_SCHEDULES_TEXT ?? env.KUBEPATH_SCHEDULES,
      env.KUBEPATH_SCHEDULES_TEXT !== undefined ? 'KUBEPATH_SCHEDULES_FILE' : 'KUBEPATH_SCHEDULES',
    ),
    reportRetryMs: env.KUBEPATH_REPORT_RETRY_MS,
    neo4j: env.KUBEPATH_NEO4J_URL
      ? {
          url: env.KUBEPATH_NEO4J_URL,
          ...(env.KUBEPATH_NEO4J_USER ? { user: env.KUBEPATH_NEO4J_USER } : {}),
          ...((env.KUBEPATH_NEO4J_PASSWORD_TEXT ?? env.KUBEPATH_NEO4J_PASSWORD)
            ? { password: env.KUBEPATH_NEO4J_PASSWORD_TEXT ?? env.KUBEPATH_NEO4J_PASSWORD }
            : {}),
        }
      : undefined,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  });
}

/** An on/off setting: true, false, 1, 0, yes, no (any case); absent: the default. */
function booleanSetting(value: string | undefined): boolean | string | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value; // not a boolean: the schema names the setting in its error
}
