// POST /api/v1/collections against the real test cluster (scripts/test-cluster.mjs, started by
// the global setup): a configured cluster collected in the background, its progress visible,
// the snapshot stored and queryable; who may start one, and what a failure says.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { testCluster } from '@kubepath/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, createDeps } from './app.js';
import { loadConfig, parseClusters } from './config.js';
import { SnapshotStore } from './store.js';

const ADMIN = 'admin-token-0123456789abcdef';
const READER = 'reader-token-0123456789abcdef';
const state = testCluster();
const config = loadConfig(
  {
    KUBEPATH_TOKENS: `ops:admin:${ADMIN},viewer:read:${READER}`,
    KUBEPATH_CLUSTERS: `test=${state.kubeconfigs.admin},gone=/nowhere/kubeconfig`,
  },
  { dataDir: mkdtempSync(join(tmpdir(), 'kubepath-api-collect-')) },
);
const store = new SnapshotStore(config.dataDir);
const deps = createDeps(config, store);
const app = createApp(deps);
const admin = { Authorization: `Bearer ${ADMIN}` };
const reader = { Authorization: `Bearer ${READER}` };
afterAll(async () => {
  await deps.collections.settled();
  store.close();
});

/** Polls the collection until it is no longer running. */
async function finished(location: string) {
  for (let i = 0; i < 600; i++) {
    const job = await request(app).get(location).set(reader);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${location} still running after 60 s`);
}

describe('API: collections from configured clusters', () => {
  it('reads KUBEPATH_CLUSTERS: a kubeconfig with an optional #context, or in-cluster', () => {
    expect(parseClusters('a=/k/config#ctx,b=in-cluster,c=/k/other')).toEqual([
      { name: 'a', kubeconfig: '/k/config', context: 'ctx' },
      { name: 'b', inCluster: true },
      { name: 'c', kubeconfig: '/k/other' },
    ]);
  });
  it('lists the configured clusters by name only (no kubeconfig path)', async () => {
    const res = await request(app).get('/api/v1/clusters').set(reader);
    expect(res.body).toEqual({
      clusters: [
        { name: 'test', collect: true, reports: 0 },
        { name: 'gone', collect: true, reports: 0 },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('kubeconfig');
  });
  it('collects in the background, shows progress per kind, and stores a snapshot one can query', async () => {
    const started = await request(app).post('/api/v1/collections').set(admin).send({ cluster: 'test' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ cluster: 'test', state: 'running' });
    const job = await finished(started.headers.location!);
    expect(job.state, job.error).toBe('done');
    expect(job.progress.find((p: { kind: string }) => p.kind === 'ClusterRole')).toMatchObject({
      done: true,
    });
    expect(job.figures.objects).toBeGreaterThan(50);
    const snapshot = await request(app).get(`/api/v1/snapshots/${job.snapshot}`).set(reader);
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.clusterInfo).toMatchObject({
      name: 'test',
      source: 'live',
      serverVersion: 'v1.34.4',
    });
    const who = await request(app)
      .get(`/api/v1/snapshots/${job.snapshot}/who-can-reach`)
      .query({ target: 'target:cluster-admin' })
      .set(reader);
    expect(who.status).toBe(200);
    expect((await request(app).get('/api/v1/collections').set(reader)).body.collections[0].id).toBe(job.id);
  });
  it('lets only an admin start one, and only for a configured cluster', async () => {
    expect(
      (await request(app).post('/api/v1/collections').set(reader).send({ cluster: 'test' })).status,
    ).toBe(403);
    const unknown = await request(app).post('/api/v1/collections').set(admin).send({ cluster: 'elsewhere' });
    expect(unknown.status).toBe(404);
    expect((await request(app).get(`/api/v1/collections/${crypto.randomUUID()}`).set(reader)).status).toBe(
      404,
    );
  });
  it('says why a collection failed, and stores nothing', async () => {
    const before = store.list().length;
    const started = await request(app).post('/api/v1/collections').set(admin).send({ cluster: 'gone' });
    const job = await finished(started.headers.location!);
    expect(job).toMatchObject({ state: 'failed' });
    expect(job.error).toMatch(/kubeconfig \/nowhere\/kubeconfig does not exist/);
    expect(store.list().length).toBe(before);
  });
});
