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
import { loadConfig } from './config.js';
import { startServer } from './server.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    input: { type: 'string', multiple: true },
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`Usage: kubepath serve [--input FILE_OR_DIR]... [--data DIR] [--port N] [--host ADDR]

Serves the kubepath REST API (OpenAPI at /api/v1/openapi.json) and the web viewer (at /, from
apps/viewer/dist or KUBEPATH_VIEWER_DIR). Binds 127.0.0.1:8080 by default. The --input
snapshot is loaded and analysed before the server listens.
Tokens: KUBEPATH_TOKENS="name:read|admin:token,..." or KUBEPATH_TOKEN_FILE (one such entry a
line); without any, an admin token is generated for this run and printed, with a link that
opens the viewer signed in. With no --input and an empty store, serves the bundled demo cluster.
Other settings: KUBEPATH_DATA_DIR, KUBEPATH_MAX_BODY_BYTES, KUBEPATH_QUERY_BUDGET_MS,
KUBEPATH_MAX_RESULTS, KUBEPATH_CACHE_ENTRIES, KUBEPATH_RATE_LIMIT_PER_MINUTE,
KUBEPATH_CORS_ORIGINS, LOG_LEVEL (info logs every request).`);
  process.exit(0);
}

const seconds = (s: number) => (s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`);

// A token file (KUBEPATH_TOKEN_FILE) holds `name:scope:token` lines; it is read once, here.
const tokenFile = process.env.KUBEPATH_TOKEN_FILE;
const config = loadConfig(
  { ...process.env, KUBEPATH_TOKENS_TEXT: tokenFile ? readFileSync(tokenFile, 'utf8') : undefined },
  {
    ...(values.data ? { dataDir: values.data } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
  },
);
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
try {
  const logger = pino({
    level: process.env.LOG_LEVEL ?? 'info',
    redact: ['*.token', '*.password', 'req.headers.authorization'],
  });
  if (inputs.length) console.log(`loading and analysing ${inputs.join(', ')} …`);
  const server = await startServer(config, {
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
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`kubepath: cannot start the API: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
