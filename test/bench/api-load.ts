// API load test (issue: REST API): a bounded autocannon run against `who-can-reach` on a
// `gen --pods 30000` snapshot, 127.0.0.1 only, fixed duration; prints requests/s and
// p50/p99 latency and fails on any error or non-2xx answer.
//
//   pnpm bench:api                                   # 30,000 pods, 50 connections, 10 s
//   pnpm bench:api -- --pods 30000 --nodes 1000
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig, startServer } from '@kubepath/api';
import { benchOptions, ensureCluster } from './bench-cluster.js';

// A 30,000-pod cluster unless --pods / --nodes say otherwise.
const options = benchOptions(1, { pods: '30000', nodes: '1000' });
ensureCluster(options);

const token = 'load-test-token-0123456789abcdef';
const config = loadConfig(
  { KUBEPATH_TOKENS: `bench:read:${token}` },
  { port: 0, dataDir: mkdtempSync(join(tmpdir(), 'kubepath-api-bench-')), rateLimitPerMinute: 10_000_000 },
);
console.log(`loading ${options.dir} …`);
const server = await startServer(config, { inputs: [options.dir], snapshotId: 'bench' });
const path = '/api/v1/snapshots/bench/who-can-reach?target=target:etcd&maxResults=100';
const headers = { authorization: `Bearer ${token}` };
const started = performance.now();
const warm = await fetch(server.url + path, { headers });
console.log(
  `first request (builds the graph): ${warm.status} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
const result = await autocannon({ url: server.url + path, connections: 50, duration: 10, headers });
await server.close();
console.log(
  `who-can-reach target:etcd (maxResults=100), 50 connections, 10 s: ${result.requests.average.toFixed(0)} requests/s, ` +
    `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}`,
);
if (result.errors || result.non2xx || result.timeouts) process.exitCode = 1;
