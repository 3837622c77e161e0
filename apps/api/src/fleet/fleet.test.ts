// The fleet routes with a real Neo4j (scripts/neo4j.mjs): two uploads of two clusters are
// pushed there by the analysis worker, and GET /fleet/reach answers both with the engine's
// cheapest cost from the internet to etcd; an identity from the IdP is one across clusters;
// with Neo4j stopped the route is a 503 problem within seconds; with none configured, a 404.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { demoClusterDir, yamlFilesUnder } from '@kubepath/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../../../scripts/neo4j.mjs';
import { createApp, createDeps } from '../app.js';
import { loadConfig } from '../config.js';
import * as r from '../responses.js';
import { SnapshotStore } from '../store.js';

const TOKEN = 'fleet-admin-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
let neo: Awaited<ReturnType<typeof start>>;
let app: ReturnType<typeof createApp>;
let store: SnapshotStore;

const DEMO = yamlFilesUnder(demoClusterDir())
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n---\n');

beforeAll(async () => {
  neo = await start();
  const config = loadConfig(
    { KUBEPATH_TOKENS: `t:admin:${TOKEN}`, KUBEPATH_NEO4J_URL: neo.url },
    { dataDir: mkdtempSync(join(tmpdir(), 'kubepath-fleet-')) },
  );
  store = new SnapshotStore(config.dataDir);
  app = createApp(createDeps(config, store));
  for (const cluster of ['alpha', 'beta']) {
    const up = await request(app)
      .post(`/api/v1/snapshots?cluster=${cluster}`)
      .set(auth)
      .set('Content-Type', 'application/yaml')
      .send(DEMO);
    expect(up.status).toBe(201);
  }
}, 240_000);
afterAll(async () => {
  store?.close();
  await neo?.stop();
}, 60_000);

describe('fleet routes over Neo4j', () => {
  it('answers the clusters where the internet reaches etcd, with the cost', async () => {
    const deadline = Date.now() + 120_000;
    let body: { clusters: { cluster: string; cost: number }[] } = { clusters: [] };
    while (body.clusters.length < 2 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 500));
      const res = await request(app)
        .get('/api/v1/fleet/reach')
        .query({ from: 'external:internet', to: 'target:etcd' })
        .set(auth);
      expect(res.status).toBe(200);
      body = res.body;
    }
    expect(() => r.FleetReach.parse(body)).not.toThrow();
    expect(body.clusters.map((c) => c.cluster).sort()).toEqual(['alpha', 'beta']);
    // The engine's answer for the same snapshot and question.
    const id = (await request(app).get('/api/v1/snapshots').set(auth)).body.snapshots[0].id as string;
    const engine = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can-reach`)
      .query({ target: 'target:etcd' })
      .set(auth);
    const internet = engine.body.sources.find((s: { id: string }) => s.id === 'external:internet');
    expect(body.clusters.every((c) => c.cost === internet.cost)).toBe(true);
  }, 180_000);

  it("gives an IdP group's reach in every cluster", async () => {
    const res = await request(app).get('/api/v1/fleet/identity').query({ id: 'group:interns' }).set(auth);
    expect(res.status).toBe(200);
    expect(() => r.FleetIdentity.parse(res.body)).not.toThrow();
    expect(res.body.clusters.map((c: { cluster: string }) => c.cluster)).toEqual(['alpha', 'beta']);
    expect(res.body.clusters[0].jewels.map((j: { id: string }) => j.id)).toContain('target:cluster-admin');
  });

  it('is a 503 problem when Neo4j is down, and a 404 when none is configured', async () => {
    await neo.stop();
    const started = Date.now();
    const down = await request(app).get('/api/v1/fleet/reach').set(auth);
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.body.title).toBe('Neo4j is unavailable');
    expect(Date.now() - started).toBeLessThan(30_000);
    const plain = createApp(
      createDeps(
        loadConfig(
          { KUBEPATH_TOKENS: `t:admin:${TOKEN}` },
          { dataDir: mkdtempSync(join(tmpdir(), 'kubepath-nofleet-')) },
        ),
        store,
      ),
    );
    const none = await request(plain).get('/api/v1/fleet/identity').query({ id: 'group:x' }).set(auth);
    expect(none.status).toBe(404);
    expect(none.body.detail).toContain('KUBEPATH_NEO4J_URL');
  }, 60_000);
});
