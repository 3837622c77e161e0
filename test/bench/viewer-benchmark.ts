// Browser benchmark (issue: web viewer): time to first paint of a 2,000-element neighbourhood
// in the viewer, in Debian's headless Chromium, against the API on 127.0.0.1 with a
// `gen --pods 30000` snapshot. "First paint" is from navigation start to the viewer's
// `kubepath:painted` mark (bundle loaded, catalog and graph fetched, laid out, drawn twice).
//
//   pnpm bench:viewer                                 # 30,000 pods / 1,000 nodes, 3 runs
//   pnpm bench:viewer --pods 150000 --nodes 5000 --runs 5
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig, startServer } from '@kubepath/api';
import { repoRoot } from '@kubepath/testkit';
import { benchOptions, ensureCluster } from './bench-cluster.js';

const ELEMENTS = 2000;
// A 30,000-pod cluster unless --pods / --nodes say otherwise.
const options = benchOptions(3, { pods: '30000', nodes: '1000' });
ensureCluster(options);
if (
  spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'build-viewer.mjs')], { stdio: 'inherit' }).status
)
  throw new Error('building the viewer failed');

const token = 'viewer-bench-token-0123456789abcdef';
const config = loadConfig(
  { KUBEPATH_TOKENS: `bench:read:${token}` },
  {
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'kubepath-viewer-bench-')),
    viewerDir: join(repoRoot(), 'apps', 'viewer', 'dist'),
  },
);
console.log(`loading ${options.dir} …`);
const server = await startServer(config, { inputs: [options.dir], snapshotId: 'bench' });
const headers = { authorization: `Bearer ${token}` };

// A vertex whose depth-2 neighbourhood fills the 2,000-element cap: try the busiest hubs first.
type Graph = { elements: { nodes: unknown[]; edges: unknown[] }; truncated: boolean };
async function neighbourhoodSize(vertex: string): Promise<number> {
  const url = `${server.url}/api/v1/snapshots/bench/graph/neighbourhood?vertex=${encodeURIComponent(vertex)}&depth=2&limit=${ELEMENTS}`;
  const g = (await (await fetch(url, { headers })).json()) as Graph;
  return g.elements.nodes.length + g.elements.edges.length;
}
const started = performance.now();
const candidates = (await (
  await fetch(`${server.url}/api/v1/snapshots/bench/search?q=hub&limit=50`, { headers })
).json()) as { matches: { id: string }[] };
console.log(`graph built and searched in ${((performance.now() - started) / 1000).toFixed(1)} s`);
let vertex = '';
let size = 0;
for (const m of candidates.matches) {
  size = await neighbourhoodSize(m.id);
  if (size >= ELEMENTS * 0.95) {
    vertex = m.id;
    break;
  }
}
if (!vertex) throw new Error('no vertex with a 2,000-element neighbourhood among the hubs');
console.log(`neighbourhood of ${vertex}: ${size} elements (depth 2, limit ${ELEMENTS})`);

const browser = await chromium.launch({
  executablePath: process.env.KUBEPATH_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});
// Every main-thread task over 50 ms the page ran (the Long Tasks API), for "the longest block".
const LONG_TASKS = () => {
  const g = globalThis as unknown as {
    kubepathLongTasks: number[];
    PerformanceObserver: typeof PerformanceObserver;
  };
  g.kubepathLongTasks = [];
  new g.PerformanceObserver((list) => {
    for (const e of list.getEntries()) g.kubepathLongTasks.push(e.duration);
  }).observe({ type: 'longtask' as never, buffered: true });
};
const longest = async (page: import('playwright-core').Page) =>
  page.evaluate(() =>
    Math.max(0, ...(globalThis as unknown as { kubepathLongTasks: number[] }).kubepathLongTasks),
  );

/** Opens a view in a fresh signed-in tab; ms from navigation until `ready`, and the longest main-thread block. */
async function measure(hash: string, ready: () => boolean): Promise<{ ms: number; block: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(
    (t) =>
      (
        globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
      ).sessionStorage.setItem('kubepath.token', t),
    token,
  );
  await context.addInitScript(LONG_TASKS);
  const page = await context.newPage();
  await page.goto(`${server.url}/${hash}`);
  await page.waitForFunction(ready, undefined, { timeout: 120_000 });
  const ms = await page.evaluate(() => performance.now());
  await page.waitForTimeout(300); // the tasks that finish the drawing
  const block = await longest(page);
  await context.close();
  return { ms, block };
}
const overviews: number[] = [];
const times: { total: number; draw: number; elements: number; parts: Record<string, number> }[] = [];
for (let run = 0; run < options.runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const hash = `#/s/bench/graph?vertex=${encodeURIComponent(vertex)}&depth=2&limit=${ELEMENTS}`;
  // A signed-in user opening a deep link in a fresh tab: the token is in the tab's session.
  await context.addInitScript(
    (t) =>
      (
        globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
      ).sessionStorage.setItem('kubepath.token', t),
    token,
  );
  await page.goto(`${server.url}/${hash}`);
  await page.waitForFunction(() => performance.getEntriesByName('kubepath:painted').length > 0, undefined, {
    timeout: 60_000,
  });
  const t = await page.evaluate(() => {
    const mark = performance.getEntriesByName('kubepath:painted')[0] as unknown as {
      startTime: number;
      detail: unknown;
    };
    const detail = mark.detail as {
      elements: number;
      ms: number;
      createMs: number;
      layoutMs: number;
      paintMs: number;
    };
    return { total: mark.startTime, draw: detail.ms, elements: detail.elements, parts: detail };
  });
  times.push(t);
  if (process.env.KUBEPATH_BENCH_VERBOSE) {
    const resources = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((r) => `${r.name.slice(-60)} ${r.startTime.toFixed(0)}+${r.duration.toFixed(0)} ms`),
    );
    console.log(resources.join('\n'));
  }
  // The start page too: findings, choke points and the snapshot's summary, rendered.
  const overview = await context.newPage();
  await overview.goto(`${server.url}/#/s/bench/overview`);
  await overview.waitForFunction(
    () =>
      (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
        '[data-testid=findings]',
      ) !== null,
    undefined,
    { timeout: 60_000 },
  );
  const overviewMs = await overview.evaluate(() => performance.now());
  overviews.push(overviewMs);
  await overview.close();
  console.log(`run ${run + 1}: start page rendered ${(overviewMs / 1000).toFixed(2)} s after navigation`);
  console.log(
    `run ${run + 1}: first paint ${(t.total / 1000).toFixed(2)} s after navigation (draw and layout ${(t.draw / 1000).toFixed(2)} s: create ${t.parts.createMs!.toFixed(0)} ms, layout ${t.parts.layoutMs!.toFixed(0)} ms, paint ${t.parts.paintMs!.toFixed(0)} ms; ${t.elements} elements)`,
  );
  await context.close();
}
// The views the issue names, once each on the analysed snapshot: who can reach etcd, and the
// 5 cheapest paths from a service account that reaches it; the neighbourhood's longest block.
const sa = (
  (await (
    await fetch(
      `${server.url}/api/v1/snapshots/bench/who-can-reach?target=target:etcd&kind=sa&maxResults=1`,
      {
        headers,
      },
    )
  ).json()) as { sources: { id: string }[] }
).sources[0]!.id;
// Functions, not strings: the viewer's Content-Security-Policy forbids evaluating strings.
type Doc = { document: { body: { dataset: Record<string, string | undefined> } } };
const READY = () => (globalThis as unknown as Doc).document.body.dataset.state === 'ready';
const PAINTED = () => (globalThis as unknown as Doc).document.body.dataset.graphReady === 'true';
const views = {
  [`neighbourhood of ${vertex} (depth 2)`]: await measure(
    `#/s/bench/graph?vertex=${encodeURIComponent(vertex)}&depth=2&limit=${ELEMENTS}`,
    PAINTED,
  ),
  'who can reach target:etcd': await measure('#/s/bench/reach?target=target%3Aetcd', READY),
  [`5 paths ${sa} → target:etcd`]: await measure(
    `#/s/bench/paths?from=${encodeURIComponent(sa)}&to=target%3Aetcd&k=5`,
    PAINTED,
  ),
  'start page': await measure('#/s/bench/overview', READY),
};
for (const [name, v] of Object.entries(views))
  console.log(
    `${name}: ready ${(v.ms / 1000).toFixed(2)} s after navigation, longest main-thread block ${v.block.toFixed(0)} ms`,
  );
await browser.close();
await server.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `viewer: ${times[0]!.elements}-element neighbourhood, time to first paint median ${(median(times.map((t) => t.total)) / 1000).toFixed(2)} s ` +
    `(draw and layout ${(median(times.map((t) => t.draw)) / 1000).toFixed(2)} s) over ${times.length} runs; aim < 2 s; ` +
    `start page ${(median(overviews) / 1000).toFixed(2)} s`,
);
