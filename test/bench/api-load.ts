// API load test (issue: REST API): a bounded autocannon run against `who-can-reach` on a
// `gen --pods 30000` snapshot served by `kubepath serve` in a child process, 127.0.0.1 only,
// fixed duration; prints requests/s and
// p50/p99 latency and fails on any error or non-2xx answer.
//
//   pnpm bench:api                                   # 30,000 pods, 50 connections, 10 s
//   pnpm bench:api -- --pods 30000 --nodes 1000
import autocannon from 'autocannon';
import { benchOptions, ensureCluster } from './bench-cluster.js';
import { serveKubepath } from '@kubepath/testkit';

// A 30,000-pod cluster unless --pods / --nodes say otherwise.
const options = benchOptions(1, { pods: '30000', nodes: '1000' });
ensureCluster(options);

const token = 'load-test-token-0123456789abcdef';
console.log(`starting kubepath serve on ${options.dir} (a child process) …`);
const cpuProfile = process.env.KUBEPATH_BENCH_CPU_PROF;
const server = await serveKubepath({
  inputs: [options.dir],
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
const result = await autocannon({ url: server.url + path, connections: 50, duration: 10, headers });
await server.stop();
console.log(
  `who-can-reach target:etcd (maxResults=100), 50 connections, 10 s: ${result.requests.average.toFixed(0)} requests/s, ` +
    `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}`,
);
if (result.errors || result.non2xx || result.timeouts) process.exitCode = 1;
