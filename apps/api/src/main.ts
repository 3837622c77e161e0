#!/usr/bin/env node
/**
 * `kubepath serve` (also `node apps/api/src/main.ts`): the REST API on 127.0.0.1.
 * With no --input and an empty store it serves the bundled demo cluster. With no token
 * configured (KUBEPATH_TOKENS) it generates an admin token for this run and prints it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { generateToken } from './auth.js';
import { ZodError } from 'zod';
import { INPUT_LIMIT_ENV } from '@kubepath/collector';
import { loadConfig, type Config } from './config.js';
import { startServer, type RunningServer } from './server.js';
import { removeStaleUploads } from './uploads/upload-files.js';

/** Why the API cannot start, in one line: a configuration error names the setting. */
function describeStartError(error: unknown): string {
  if (error instanceof ZodError)
    return error.issues.map((i) => `${settingName(i.path)}: ${i.message}`).join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The setting a config path comes from, as the user wrote it. */
function settingName(path: readonly PropertyKey[]): string {
  const [key] = path;
  const names: Record<string, string> = {
    port: '--port / PORT',
    host: '--host / HOST',
    tokens: 'KUBEPATH_TOKENS / KUBEPATH_TOKEN_FILE (name:scope:token, a token of 16 characters or more)',
    maxBodyBytes: 'KUBEPATH_MAX_BODY_BYTES',
    queryBudgetMs: 'KUBEPATH_QUERY_BUDGET_MS',
    maxResults: 'KUBEPATH_MAX_RESULTS',
    cacheEntries: 'KUBEPATH_CACHE_ENTRIES',
    analysisWorkers: 'KUBEPATH_ANALYSIS_WORKERS',
    analysisWaitMs: 'KUBEPATH_ANALYSIS_WAIT_MS',
    storeAnalyses: 'KUBEPATH_STORE_ANALYSES',
    rateLimitPerMinute: 'KUBEPATH_RATE_LIMIT_PER_MINUTE',
    uploadMemoryMb: 'KUBEPATH_UPLOAD_MEMORY_MB',
    uploadTimeoutMs: 'KUBEPATH_UPLOAD_TIMEOUT_MS',
  };
  return names[String(key)] ?? path.join('.');
}

function fail(error: unknown): never {
  console.error(`kubepath: cannot start the API: ${describeStartError(error)}`);
  process.exit(2);
}

let values: {
  input?: string[];
  data?: string;
  port?: string;
  host?: string;
  schedules?: string;
  neo4j?: string;
  help?: boolean;
};
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      input: { type: 'string', multiple: true },
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      schedules: { type: 'string' },
      neo4j: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(error);
}
if (values.help) {
  console.log(`Usage: kubepath serve [--input FILE_OR_DIR]... [--data DIR] [--port N] [--host ADDR] [--schedules FILE]
       [--neo4j BOLT_URL]

Serves the kubepath REST API (OpenAPI at /api/v1/openapi.json) and the web viewer (at /, from
apps/viewer/dist or KUBEPATH_VIEWER_DIR). Binds 127.0.0.1:8080 by default. The --input
snapshot is loaded and analysed before the server listens.
Tokens: KUBEPATH_TOKENS="name:read|admin:token,..." or KUBEPATH_TOKEN_FILE (one such entry a
line); without any, an admin token is generated for this run and printed, with a link that
opens the viewer signed in. With no --input and an empty store, serves the bundled demo cluster.
Scheduled reports: --schedules FILE, KUBEPATH_SCHEDULES_FILE or KUBEPATH_SCHEDULES (YAML: each
schedule's name, source, cron, timezone, exploits and deliveries; README "Scheduled reports").
Fleet: --neo4j or KUBEPATH_NEO4J_URL (with KUBEPATH_NEO4J_USER, KUBEPATH_NEO4J_PASSWORD or
KUBEPATH_NEO4J_PASSWORD_FILE) pushes each analysed snapshot to Neo4j and answers /api/v1/fleet/*.
Other settings: KUBEPATH_DATA_DIR, KUBEPATH_MAX_BODY_BYTES, KUBEPATH_QUERY_BUDGET_MS,
KUBEPATH_MAX_RESULTS, KUBEPATH_CACHE_ENTRIES, KUBEPATH_ANALYSIS_WORKERS (threads that build
and answer, default 2), KUBEPATH_ANALYSIS_WAIT_MS (then 503 + Retry-After while an analysis
runs, default 5000), KUBEPATH_STORE_ANALYSES (keep each analysis under the data directory's
analyses/ so that a restart reads it back instead of analysing again; default true),
KUBEPATH_RATE_LIMIT_PER_MINUTE,
KUBEPATH_CORS_ORIGINS, KUBEPATH_UPLOAD_MEMORY_MB, KUBEPATH_UPLOAD_TIMEOUT_MS, LOG_LEVEL (info logs
every request). Load limits for uploads: ${Object.values(INPUT_LIMIT_ENV).join(', ')}.
Exit codes: 0 stopped by SIGINT or SIGTERM, 2 cannot start (bad setting, address in use).`);
  process.exit(0);
}

const seconds = (s: number) => (s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`);

// A token file (KUBEPATH_TOKEN_FILE) holds `name:scope:token` lines; it is read once, here.
let config: Config;
try {
  const tokenFile = process.env.KUBEPATH_TOKEN_FILE;
  let tokenText: string | undefined;
  if (tokenFile) {
    try {
      tokenText = readFileSync(tokenFile, 'utf8');
    } catch {
      throw new Error(`KUBEPATH_TOKEN_FILE: cannot read ${tokenFile}`);
    }
  }
  // Schedules from a file (KUBEPATH_SCHEDULES_FILE) are read once, here, like tokens.
  const schedulesFile = values.schedules ?? process.env.KUBEPATH_SCHEDULES_FILE;
  let schedulesText: string | undefined;
  if (schedulesFile) {
    try {
      schedulesText = readFileSync(schedulesFile, 'utf8');
    } catch {
      throw new Error(`KUBEPATH_SCHEDULES_FILE: cannot read ${schedulesFile}`);
    }
  }
  const neo4jPasswordFile = process.env.KUBEPATH_NEO4J_PASSWORD_FILE;
  let neo4jPassword: string | undefined;
  if (neo4jPasswordFile) {
    try {
      neo4jPassword = readFileSync(neo4jPasswordFile, 'utf8').trim();
    } catch {
      throw new Error(`KUBEPATH_NEO4J_PASSWORD_FILE: cannot read ${neo4jPasswordFile}`);
    }
  }
  if (values.port !== undefined && !/^\d{1,5}$/.test(values.port))
    throw new Error(`--port: "${values.port}" is not a port number`);
  config = loadConfig(
    {
      ...process.env,
      KUBEPATH_TOKENS_TEXT: tokenText,
      KUBEPATH_SCHEDULES_TEXT: schedulesText,
      KUBEPATH_NEO4J_PASSWORD_TEXT: neo4jPassword,
      ...(values.neo4j ? { KUBEPATH_NEO4J_URL: values.neo4j } : {}),
    },
    {
      ...(values.data ? { dataDir: values.data } : {}),
      ...(values.port ? { port: Number(values.port) } : {}),
      ...(values.host ? { host: values.host } : {}),
    },
  );
} catch (error) {
  fail(error);
}
// The viewer built beside this app (apps/viewer/dist), unless KUBEPATH_VIEWER_DIR says otherwise.
config.viewerDir ??= join(import.meta.dirname, '..', '..', 'viewer', 'dist');
let printedToken: string | undefined;
if (config.tokens.length === 0) {
  printedToken = generateToken();
  config.tokens.push({ name: 'local-admin', scope: 'admin', token: printedToken });
}
const demo = join(import.meta.dirname, '..', '..', '..', 'examples', 'demo-cluster');
let inputs = values.input ?? [];
let snapshotId: string | undefined;
if (inputs.length === 0 && existsSync(demo)) {
  inputs = [demo];
  snapshotId = 'demo';
}
// Every way out removes what uploads left in the data directory (a raw upload holds values).
process.on('exit', () => removeStaleUploads(config.dataDir));
let server: RunningServer | undefined;
const stop = async () => {
  await server?.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
try {
  const logger = pino({
    level: process.env.LOG_LEVEL ?? 'info',
    redact: ['*.token', '*.password', 'req.headers.authorization'],
  });
  if (inputs.length) console.log(`loading and analysing ${inputs.join(', ')} …`);
  server = await startServer(config, {
    inputs,
    logger,
    ...(snapshotId ? { snapshotId } : {}),
    onProgress: (message) => console.log(`  ${message}`),
  });
  console.log(`kubepath API listening on ${server.url} (data in ${config.dataDir})`);
  if (server.snapshotId)
    console.log(
      `snapshot "${server.snapshotId}" loaded from ${inputs.join(', ')} and analysed in ${seconds(server.analysedSeconds ?? 0)}`,
    );
  const viewerBuilt = existsSync(join(config.viewerDir, 'index.html'));
  if (printedToken && viewerBuilt)
    console.log(`open the viewer: ${server.url}/#token=${encodeURIComponent(printedToken)}`);
  else if (viewerBuilt) console.log(`open the viewer: ${server.url}/ (it asks for a token)`);
  if (printedToken) {
    console.log(`local admin token for this run (set KUBEPATH_TOKENS to choose your own): ${printedToken}`);
    console.log(
      `try: curl -H "Authorization: Bearer ${printedToken}" "${server.url}/api/v1/snapshots/${server.snapshotId ?? '<id>'}/who-can-reach?target=target:etcd"`,
    );
  }
} catch (error) {
  fail(error);
}
