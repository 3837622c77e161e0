import { existsSync, mkdtempSync, readdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { demoClusterDir } from '@kubepath/testkit';
import { HttpProblem } from '../problems.js';
import { SnapshotStore } from '../store.js';
import { AnalysisWorker } from './analysis-worker.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kubepath-worker-'));
const store = new SnapshotStore(dataDir);
const built: number[] = [];
const worker = new AnalysisWorker(
  { dataDir, cacheEntries: 2, queryBudgetMs: 10_000, maxResults: 1_000 },
  { onBuild: (s) => built.push(s) },
);
afterAll(async () => {
  await worker.close();
  store.close();
});

describe('AnalysisWorker', () => {
  it('analyses a snapshot handed over, reporting each step, then answers queries on it', async () => {
    const phases: string[] = [];
    const seconds = await worker.warm('demo', await loadSnapshotFromFiles([demoClusterDir()]), (p) =>
      phases.push(p),
    );
    expect(seconds).toBeGreaterThan(0);
    expect(phases).toEqual(expect.arrayContaining(['graph workloads', 'index', 'findings']));
    expect(built).toHaveLength(1);
    const reply = await worker.run('who-can-reach', 'demo', { target: 'target:etcd', evidence: false });
    expect(reply.etag).toBeDefined();
    const answer = JSON.parse(Buffer.from(reply.body as Uint8Array).toString()) as {
      sources: { id: string }[];
    };
    expect(answer.sources.map((s) => s.id)).toContain('sa:kube-system/ops-admin');
  });
  it('reads a snapshot it does not hold from the store', async () => {
    const snapshot = await loadSnapshotFromFiles([join(demoClusterDir(), 'ci')]);
    store.put('ci-only', snapshot, 10);
    const reply = await worker.run('search', 'ci-only', { q: 'runner', limit: 5 });
    expect(JSON.parse(String(reply.body)).matches[0].id).toBe('sa:ci/runner');
  });
  it('answers an unknown snapshot or vertex with the problem, not a crash', async () => {
    await expect(worker.run('findings', 'nope', {})).rejects.toMatchObject({
      status: 404,
      title: 'unknown snapshot',
    });
    const error = await worker
      .run('blast-radius', 'demo', { source: 'sa:x/y', evidence: false })
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error).toMatchObject({ status: 404, title: 'unknown vertex' });
  });
  it('says how far along a cold snapshot is while the worker builds it, and idle once done', async () => {
    store.put('cold', await loadSnapshotFromFiles([demoClusterDir()]), 79);
    expect(worker.progress('cold')).toEqual({ state: 'idle', elapsedMs: 0, phases: [] });
    const seen: ReturnType<typeof worker.progress>[] = [];
    let done = false;
    const query = worker.run('findings', 'cold', {}).finally(() => (done = true));
    while (!done) {
      seen.push(worker.progress('cold'));
      await new Promise((r) => setTimeout(r, 2));
    }
    await query;
    expect(seen[0]!.state).toBe('waiting');
    const analysing = seen.filter((p) => p.state === 'analysing');
    expect(analysing.length).toBeGreaterThan(0);
    // Phases arrive in order, the load first, each with its time.
    const last = analysing.at(-1)!.phases.map((p) => p.phase);
    expect(last[0]).toBe('load');
    expect(last).toEqual(expect.arrayContaining(['graph workloads']));
    expect(analysing.every((p) => p.phases.every((x) => x.ms >= 0))).toBe(true);
    expect(worker.progress('cold').state).toBe('idle');
  });
  it('answers requests still waiting when it stops with 503, not silence', async () => {
    // The expectation is attached before close() rejects the request: a rejection nobody
    // handles yet is an unhandled rejection, which fails the test run.
    const answered = expect(worker.run('findings', 'ci-only', {})).rejects.toMatchObject({ status: 503 });
    await worker.close();
    expect(worker.progress('ci-only').state).toBe('idle'); // nothing left open after a stop
    await answered;
  });
  it('starts a new worker after the last one stopped (the analyses are rebuilt from the store)', async () => {
    await worker.close();
    const reply = await worker.run('search', 'ci-only', { q: 'deployer', limit: 5 });
    expect(JSON.parse(String(reply.body)).matches[0].id).toBe('sa:ci/deployer');
    await expect(worker.run('findings', 'demo', {})).rejects.toMatchObject({ status: 404 }); // never stored
  });
});

/** A snapshot of the demo with `pods` more copies of one of its pods: slow enough to build. */
async function manyPods(pods: number) {
  const demo = await loadSnapshotFromFiles([demoClusterDir()]);
  const pod = demo.objects.pods[0]!;
  const copies = Array.from({ length: pods }, (_, i) => ({
    ...pod,
    metadata: { ...pod.metadata, name: `${pod.metadata.name}-copy-${i}` },
  }));
  return { ...demo, objects: { ...demo.objects, pods: [...demo.objects.pods, ...copies] } };
}

describe('AnalysisWorker pool (performance issue)', () => {
  const poolDir = mkdtempSync(join(tmpdir(), 'kubepath-pool-'));
  const poolStore = new SnapshotStore(poolDir);
  const settings = { dataDir: poolDir, cacheEntries: 4, queryBudgetMs: 10_000, maxResults: 1_000 };
  const pools: AnalysisWorker[] = [];
  const pool = (more: { analysisWorkers: number; analysisWaitMs?: number }) => {
    const p = new AnalysisWorker({ ...settings, ...more });
    pools.push(p);
    return p;
  };
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 600 && !what(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(what()).toBe(true);
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    poolStore.close();
  });

  it("answers a query on one snapshot while another's analysis runs on the other worker", async () => {
    poolStore.put('big', await manyPods(40_000), 1);
    poolStore.put('small', await loadSnapshotFromFiles([demoClusterDir()]), 1);
    const workers = pool({ analysisWorkers: 2 });
    const building = workers.warm('big');
    await until(() => workers.progress('big').state === 'analysing');
    const reply = await workers.run('search', 'small', { q: 'runner', limit: 5 });
    expect(JSON.parse(String(reply.body)).matches[0].id).toBe('sa:ci/runner');
    // With one worker, the small query would have waited for the whole build.
    expect(workers.progress('big').state).toBe('analysing');
    await building;
  });

  it('answers a repeated who-can-reach without the worker, until the snapshot is forgotten', async () => {
    poolStore.put('big-3', await manyPods(40_000), 1);
    poolStore.put('small-3', await loadSnapshotFromFiles([demoClusterDir()]), 1);
    const workers = pool({ analysisWorkers: 1 });
    const query = { target: 'target:etcd', evidence: false };
    const first = await workers.run('who-can-reach', 'small-3', query);
    expect(first.etag).toBeDefined();
    const building = workers.warm('big-3'); // the only worker is busy from here on
    await until(() => workers.progress('big-3').state === 'analysing');
    expect(await workers.run('who-can-reach', 'small-3', query)).toEqual(first);
    expect(workers.progress('big-3').state).toBe('analysing'); // answered before the build ended
    await building;
    poolStore.delete('small-3');
    await workers.forget('small-3');
    await expect(workers.run('who-can-reach', 'small-3', query)).rejects.toMatchObject({ status: 404 });
  });

  it('answers a query whose snapshot is still being analysed 503 with Retry-After, then the answer', async () => {
    poolStore.put('big-2', await manyPods(40_000), 1);
    const workers = pool({ analysisWorkers: 1, analysisWaitMs: 100 });
    const error = await workers.run('search', 'big-2', { q: 'runner', limit: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error).toMatchObject({ status: 503, title: 'analysis running', headers: { 'Retry-After': '2' } });
    expect(workers.progress('big-2').state).toBe('analysing'); // the build goes on
    await until(() => workers.progress('big-2').state === 'idle');
    const reply = await workers.run('search', 'big-2', { q: 'runner', limit: 5 });
    expect(JSON.parse(String(reply.body)).matches[0].id).toBe('sa:ci/runner');
  });
});

describe('stored analyses (performance issue: re-open without rebuilding)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubepath-stored-'));
  const stored = new SnapshotStore(dir);
  const workers: AnalysisWorker[] = [];
  const notes: string[] = [];
  const start = (more: { storeAnalyses?: boolean } = {}) => {
    const w = new AnalysisWorker(
      { dataDir: dir, cacheEntries: 2, queryBudgetMs: 10_000, maxResults: 1_000, ...more },
      { onNote: (m) => notes.push(m) },
    );
    workers.push(w);
    return w;
  };
  const analysesDir = join(dir, 'analyses');
  const files = () => (existsSync(analysesDir) ? readdirSync(analysesDir) : []);
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(what()).toBe(true);
  };
  const text = (r: { body: Uint8Array | string }) => Buffer.from(r.body).toString();
  const phasesOf = async (w: AnalysisWorker, id: string) => {
    const phases: string[] = [];
    await w.warm(id, undefined, (p) => phases.push(p));
    return phases;
  };
  /** Findings, who-can-reach, fix candidates and the what-if of the first one, as text. */
  const answers = async (w: AnalysisWorker) => {
    const exploits = 'assumed';
    const findings = text(await w.run('findings', 'demo', { exploits }));
    const reach = text(
      await w.run('who-can-reach', 'demo', { target: 'target:etcd', evidence: true, exploits }),
    );
    const chokes = text(await w.run('choke-points', 'demo', { top: 5, exploits }));
    const fix = (JSON.parse(chokes) as { chokePoints: { id: string }[] }).chokePoints[0]!.id;
    const whatIf = text(await w.run('what-if', 'demo', { removals: [], fixes: [fix], exploits }));
    return [findings, reach, chokes, whatIf];
  };
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    stored.close();
  });

  it('writes an analysis once built, and a restarted worker reads it back: no load, no graph, the same answers', async () => {
    stored.put('demo', await loadSnapshotFromFiles([demoClusterDir()]), 79);
    const first = start();
    const before = await answers(first);
    await until(() => files().length === 1 && notes.some((n) => n.startsWith('analysis of demo stored')));
    await first.close();

    const second = start();
    expect(await phasesOf(second, 'demo')).toEqual(['restore']);
    expect(notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^analysis of demo read back from disk/)]),
    );
    const after = await answers(second);
    expect(after).toEqual(before);
    expect(JSON.parse(after[0]!).findings.length).toBeGreaterThan(0);
    // What needs the snapshot itself reads it on first use.
    const object = await second.run('object', 'demo', { kind: 'ClusterRoleBinding', name: 'ops-admin' });
    expect(JSON.parse(text(object))).toMatchObject({ kind: 'ClusterRoleBinding' });
    const info = await second.info('demo');
    expect(info.clusterInfo).toMatchObject({ name: expect.any(String) });
  });

  it('analyses again when the id now names other content, or the file is damaged', async () => {
    // The same id, other content (a scheduled collection replaces its cluster's snapshot).
    stored.delete('demo');
    stored.put('demo', await loadSnapshotFromFiles([join(demoClusterDir(), 'ci')]), 10);
    const third = start();
    expect(await phasesOf(third, 'demo')).toEqual(expect.arrayContaining(['load', 'graph workloads']));
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /stored analysis of demo not used \(the snapshot stored under this id has changed\)/,
        ),
      ]),
    );
    const search = JSON.parse(text(await third.run('search', 'demo', { q: 'ops-admin', limit: 5 })));
    expect(search.matches).toEqual([]); // the ci folder has no ops-admin: the old analysis is gone
    await until(() => notes.filter((n) => n.startsWith('analysis of demo stored')).length === 2);
    await third.close();

    const [file] = files();
    truncateSync(join(analysesDir, file!), 1000);
    const fourth = start();
    expect(await phasesOf(fourth, 'demo')).toEqual(expect.arrayContaining(['load', 'index']));
    expect(
      JSON.parse(text(await fourth.run('search', 'demo', { q: 'runner', limit: 5 }))).matches[0].id,
    ).toBe('sa:ci/runner');
  });

  it('removes the file when the snapshot is forgotten, and writes none when told not to', async () => {
    await until(() => files().length === 1);
    const w = workers.at(-1)!;
    await w.forget('demo');
    expect(files()).toEqual([]);
    stored.put('off', await loadSnapshotFromFiles([join(demoClusterDir(), 'ci')]), 10);
    const off = start({ storeAnalyses: false });
    await off.run('findings', 'off', {});
    await new Promise((r) => setTimeout(r, 300));
    expect(files()).toEqual([]);
  });
});
