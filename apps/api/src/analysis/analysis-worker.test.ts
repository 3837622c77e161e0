import { mkdtempSync } from 'node:fs';
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
