// API load test (issue: REST API): a bounded autocannon run against `who-can-reach` on a
// `gen --pods 30000` snapshot served by `kubepath serve` in a child process, 127.0.0.1 only,
// fixed duration; prints requests/s and
// p50/p99 latency and fails on any error or non-2xx answer.
//
//   pnpm bench:api                                   # 30,000 pods, 50 connections, 10 s
//   pnpm bench:api -- --pods 30000 --nodes 1000
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchOptions, ensureCluster } from './bench-cluster.js';
import { serveKubepath } from '@kubepath/testkit';

// A 30,000-pod cluster unless --pods / --nodes say otherwise.
const options = benchOptions(1, { pods: '30000', nodes: '1000' });
ensureCluster(options);

const token = 'load-test-token-0123456789abcdef';
console.log(`starting kubepath serve on ${options.dir} (a child process) …`);
const cpuProfile = process.env.KUBEPATH_BENCH_CPU_PROF;
const dataDir = mkdtempSync(join(tmpdir(), 'kubepath-bench-api-'));
const server = await serveKubepath({
  inputs: [options.dir],
  dataDir,
  env: { KUBEPATH_TOKENS: `bench:read:${token}`, KUBEPATH_RATE_LIMIT_PER_MINUTE: '10000000' },
  nodeArgs: cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfile}`] : [],
});
process.stdout.write(server.output());
const path = '/api/v1/snapshots/default/who-can-reach?target=target:etcd&maxResults=100';
const headers = { authorization: `Bearer ${token}` };
const started = performance.now();
const warm = await fetch(server.url + path, { headers });
console.log(
  `first request (the graph was built at start): ${warm.status} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
// The server stores the analysis on disk after it answers (a slice at a time between
// queries): the load runs once that is done, as it would be on a server up for a while.
const storing = performance.now();
const analyses = join(dataDir, 'analyses');
const stored = () => existsSync(analyses) && readdirSync(analyses).some((f) => f.endsWith('.kpa'));
while (!stored() && performance.now() - storing < 120_000) await new Promise((r) => setTimeout(r, 100));
console.log(
  `analysis stored on disk ${((performance.now() - storing) / 1000).toFixed(1)} s after the first answer`,
);
const result = await autocannon({ url: server.url + path, connections: 50, duration: 10, headers });
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
console.log(
  `who-can-reach target:etcd (maxResults=100), 50 connections, 10 s: ${result.requests.average.toFixed(0)} requests/s, ` +
    `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}`,
);
if (result.errors || result.non2xx || result.timeouts) process.exitCode = 1;
