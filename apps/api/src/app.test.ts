// The REST API through supertest (every route: success, validation error, unauthorized,
// forbidden scope, unknown snapshot, oversized body) and once through real HTTP on 127.0.0.1.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { demoClusterDir } from '@kubepath/testkit';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createDeps } from './app.js';
import * as r from './responses.js';
import type { ZodType } from 'zod';
import { loadConfig } from './config.js';
import { startServer } from './server.js';
import { SnapshotStore } from './store.js';

const ADMIN = 'admin-token-0123456789abcdef';
const READER = 'reader-token-0123456789abcdef';
const config = loadConfig(
  { KUBEPATH_TOKENS: `ops:admin:${ADMIN},viewer:read:${READER}` },
  { dataDir: mkdtempSync(join(tmpdir(), 'kubepath-api-')), maxBodyBytes: 200_000 },
);
const store = new SnapshotStore(config.dataDir);
const app = createApp(createDeps(config, store));
const admin = { Authorization: `Bearer ${ADMIN}` };
const reader = { Authorization: `Bearer ${READER}` };
const DEMO_YAML = [
  'ci/ci.yaml',
  'cluster/cluster-roles.yaml',
  'cluster/namespaces.yaml',
  'kube-system/ops-admin.yaml',
  'shop/storefront.yaml',
  'shop/secrets-and-team.yaml',
]
  .map((f) => readFileSync(join(demoClusterDir(), f), 'utf8'))
  .join('\n---\n');
let id: string;

beforeAll(async () => {
  const res = await request(app)
    .post('/api/v1/snapshots')
    .set(admin)
    .set('Content-Type', 'application/yaml')
    .send(DEMO_YAML);
  expect(res.status).toBe(201);
  id = res.body.id;
});
afterAll(() => store.close());

describe('API: config', () => {
  it('reads tokens from the variable and from token-file text, and keeps safe defaults', () => {
    const c = loadConfig({ KUBEPATH_TOKENS: `a:read:${READER}`, KUBEPATH_TOKENS_TEXT: `b:admin:${ADMIN}\n` });
    expect(c.tokens.map((t) => `${t.name}:${t.scope}`)).toEqual(['a:read', 'b:admin']);
    expect(c.host).toBe('127.0.0.1');
    expect(c.corsOrigins).toEqual([]);
    expect(() => loadConfig({ KUBEPATH_TOKENS: 'x:root:short' })).toThrow();
    expect(c.rateLimitPerMinute).toBe(600);
    expect(loadConfig({ KUBEPATH_RATE_LIMIT_PER_MINUTE: '5000' }).rateLimitPerMinute).toBe(5000);
  });
  it('stores analyses unless KUBEPATH_STORE_ANALYSES says no, and refuses a value that is neither', () => {
    expect(loadConfig({}).storeAnalyses).toBe(true);
    for (const no of ['false', '0', 'No', ' off '])
      expect(loadConfig({ KUBEPATH_STORE_ANALYSES: no }).storeAnalyses).toBe(false);
    for (const yes of ['true', '1', 'YES', 'on'])
      expect(loadConfig({ KUBEPATH_STORE_ANALYSES: yes }).storeAnalyses).toBe(true);
    expect(() => loadConfig({ KUBEPATH_STORE_ANALYSES: 'sometimes' })).toThrow(/storeAnalyses|boolean/i);
  });
});

describe('API: health and auth', () => {
  it('answers health checks without a token', async () => {
    expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(app).get('/readyz')).status).toBe(200);
  });
  it('refuses a missing or wrong token with problem+json and a request id', async () => {
    const res = await request(app)
      .get('/api/v1/snapshots')
      .set('Authorization', 'Bearer nope-nope-nope-nope');
    expect(res.status).toBe(401);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect((await request(app).get('/api/v1/snapshots')).status).toBe(401);
  });
  it('keeps admin routes from read tokens', async () => {
    const res = await request(app)
      .post('/api/v1/snapshots')
      .set(reader)
      .set('Content-Type', 'application/yaml')
      .send('kind: Namespace\n');
    expect(res.status).toBe(403);
    expect((await request(app).delete(`/api/v1/snapshots/${id}`).set(reader)).status).toBe(403);
  });
  it('serves the OpenAPI 3.1 document', async () => {
    const res = await request(app).get('/api/v1/openapi.json').set(reader);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/snapshots/{id}/who-can-reach');
  });
  it('serves Prometheus metrics to a token holder', async () => {
    await request(app).get('/healthz');
    expect((await request(app).get('/metrics')).status).toBe(401);
    const res = await request(app).get('/metrics').set(reader);
    expect(res.text).toMatch(/kubepath_http_request_duration_seconds_bucket\{.*route="\/healthz"/);
    expect(res.text).toMatch(/kubepath_snapshots \d+/);
  });
  it('sets security headers', async () => {
    const res = await request(app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('API: snapshots', () => {
  it('lists and describes the upload, with no secret value in it', async () => {
    const list = await request(app).get('/api/v1/snapshots').set(reader);
    expect(list.body.snapshots.map((s: { id: string }) => s.id)).toContain(id);
    const one = await request(app).get(`/api/v1/snapshots/${id}`).set(reader);
    expect(one.status).toBe(200);
    expect(one.body.objects).toBeGreaterThan(10);
    expect(JSON.stringify(one.body)).not.toMatch(/fake-demo/);
  });
  it('says what a collected snapshot could not see (gaps), and nothing for files', async () => {
    expect((await request(app).get(`/api/v1/snapshots/${id}`).set(reader)).body.gaps).toEqual([]);
    const snapshot = await loadSnapshotFromFiles([demoClusterDir()]);
    const collected = {
      ...snapshot,
      cluster: { ...snapshot.cluster, source: 'live' },
      coverage: {
        ...snapshot.coverage,
        resources: snapshot.coverage.resources.map((r) =>
          r.kind === 'Secret'
            ? { ...r, status: 'forbidden', count: 0, reason: 'this identity may not list it' }
            : r,
        ),
      },
    };
    const up = await request(app)
      .post('/api/v1/snapshots')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(collected));
    expect(up.status).toBe(201);
    const info = await request(app).get(`/api/v1/snapshots/${up.body.id}`).set(reader);
    expect(info.body.gaps).toEqual([
      expect.objectContaining({
        kind: 'Secret',
        status: 'forbidden',
        summary: expect.stringMatching(/^Secret \(forbidden\)/),
      }),
    ]);
  });
  it('progress: answered at once, idle when nothing runs, 404 for an unknown snapshot', async () => {
    const res = await request(app).get(`/api/v1/snapshots/${id}/progress`).set(reader);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ state: 'idle', elapsedMs: 0, phases: [] });
    expect((await request(app).get('/api/v1/snapshots/nope/progress').set(reader)).status).toBe(404);
    expect((await request(app).get(`/api/v1/snapshots/${id}/progress`)).status).toBe(401);
  });
  it('answers 404 for an unknown snapshot and 400 for a malformed id', async () => {
    expect((await request(app).get('/api/v1/snapshots/no-such-thing').set(reader)).status).toBe(404);
    expect((await request(app).get('/api/v1/snapshots/NOT_VALID!').set(reader)).status).toBe(400);
  });
  it('refuses an oversized body with 413', async () => {
    const res = await request(app)
      .post('/api/v1/snapshots')
      .set(admin)
      .set('Content-Type', 'application/yaml')
      .send('x'.repeat(300_000));
    expect(res.status).toBe(413);
  });
  it('findings say what vulnerability evidence an upload had, and list the vulnerable images within reach', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { demoClusterDir, repoRoot } = await import('@kubepath/testkit');
    const yaml = [
      readFileSync(join(demoClusterDir(), 'shop', 'storefront.yaml'), 'utf8'),
      readFileSync(
        join(repoRoot(), 'examples', 'demo-evidence', 'storefront-vulnerabilityreport.yaml'),
        'utf8',
      ),
      readFileSync(
        join(repoRoot(), 'examples', 'demo-evidence', 'known_exploited_vulnerabilities.json'),
        'utf8',
      ),
    ].join('\n---\n');
    const up = await request(app)
      .post('/api/v1/snapshots')
      .set(admin)
      .set('Content-Type', 'application/yaml')
      .send(yaml);
    expect(up.status).toBe(201);
    expect(up.body.skippedTotal).toBe(0);
    const res = await request(app)
      .get(`/api/v1/snapshots/${up.body.id}/findings`)
      .query({ exploits: 'known' })
      .set(reader);
    expect(res.status).toBe(200);
    expect(res.body.evidence).toMatchObject({
      scans: 1,
      containersWithReport: 1,
      knownExploitable: 1,
      kev: { ids: 3 },
    });
    expect(res.body.vulnerableExposures).toEqual([
      expect.objectContaining({
        container: 'container:shop/Deployment.storefront/web',
        cost: 3,
        fromInternet: true,
      }),
    ]);
    const plain = await request(app).get(`/api/v1/snapshots/${id}/findings`).set(reader);
    expect(plain.body.evidence).toBeNull();
  });
  it('keeps the good part of a partly bad upload and names what it skipped, not its temporary file', async () => {
    const res = await request(app)
      .post('/api/v1/snapshots')
      .set(admin)
      .set('Content-Type', 'application/yaml')
      .send(
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: ok, namespace: a }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: bad, namespace: a }\nspec: 42\n',
      );
    expect(res.status).toBe(201);
    expect(res.body.skippedTotal).toBe(1);
    expect(res.body.skipped[0].where).toContain('Pod a/bad');
    const info = await request(app).get(`/api/v1/snapshots/${res.body.id}`).set(reader);
    expect(info.body.coverage.skipped[0].file).toBe('upload (yaml)');
    expect(info.body.coverage.inputs.map((i: { path: string }) => i.path)).toEqual(['upload (yaml)']);
    expect(JSON.stringify(info.body)).not.toContain(tmpdir());
  });
  it('refuses an upload with nothing usable (422), naming why', async () => {
    const res = await request(app)
      .post('/api/v1/snapshots')
      .set(admin)
      .set('Content-Type', 'application/yaml')
      .send('kind: [broken\n');
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/invalid YAML/);
  });
  it('takes a KubeHound-style dump archive as application/gzip', async () => {
    const { makeTarGz } = await import('@kubepath/testkit');
    const archive = await makeTarGz([
      {
        name: 'metadata.json',
        content: JSON.stringify({ cluster: { name: 'kind-test', version_major: '1', version_minor: '31' } }),
      },
      { name: 'nodes.json', content: JSON.stringify({ items: [{ metadata: { name: 'n1' } }] }) },
    ]);
    const res = await request(app)
      .post('/api/v1/snapshots')
      .set(admin)
      .set('Content-Type', 'application/gzip')
      .send(archive);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ cluster: 'kind-test', objects: 1 });
  });
  it('refuses an oversized JSON body on what-if with 413', async () => {
    const removals = Array.from({ length: 20_000 }, (_, i) => ({
      kind: 'RoleBinding',
      namespace: 'x',
      name: `n${i}-${'y'.repeat(40)}`,
    }));
    const res = await request(app).post(`/api/v1/snapshots/${id}/what-if`).set(reader).send({ removals });
    expect(res.status).toBe(413);
    expect(res.type).toBe('application/problem+json');
  });
  it('deletes a snapshot', async () => {
    const up = await request(app)
      .post('/api/v1/snapshots')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }));
    expect(up.status).toBe(201);
    expect((await request(app).delete(`/api/v1/snapshots/${up.body.id}`).set(admin)).status).toBe(204);
    expect((await request(app).get(`/api/v1/snapshots/${up.body.id}`).set(reader)).status).toBe(404);
  });
});

describe('API: queries', () => {
  // As the CLI: scope from the built-in APIs, and an unknown resource answered with a warning.
  it('who-can: a cluster-scoped resource carries no namespace; an unknown one is a warning', async () => {
    const scoped = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can`)
      .query({ verb: 'list', resource: 'csinodes', namespace: 'ci' })
      .set(reader);
    expect(scoped.status).toBe(200);
    expect(scoped.body.request).toEqual({ verb: 'list', apiGroup: 'storage.k8s.io', resource: 'csinodes' });
    expect(scoped.body.warnings).toEqual(['csinodes is cluster-scoped: namespace ci ignored']);
    const unknown = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can`)
      .query({ verb: 'get', resource: 'widgets' })
      .set(reader);
    expect(unknown.status).toBe(200);
    expect(unknown.body.warnings[0]).toMatch(/does not know the resource "widgets"/);
  });

  it('who-can-reach: the CLI JSON shape', async () => {
    const res = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can-reach`)
      .query({ target: 'target:cluster-admin' })
      .set(reader);
    expect(res.status).toBe(200);
    expect(res.body.target).toBe('target:cluster-admin');
    expect(res.body.sources.find((s: { id: string }) => s.id === 'sa:ci/runner')?.cost).toBe(2);
  });
  it("who-can-reach and paths with evidence=true add each step's evidence and remediation", async () => {
    const res = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can-reach`)
      .query({ target: 'target:cluster-admin', evidence: 'true' })
      .set(reader);
    const runner = res.body.sources.find((x: { id: string }) => x.id === 'sa:ci/runner');
    expect(runner.path[1]).toMatchObject({
      kind: 'POD_CREATE',
      cost: 1,
      evidence: [
        { kind: 'RoleBinding', namespace: 'ci', name: 'runner-build-pods', path: '/roleRef' },
        { kind: 'Role', namespace: 'ci', name: 'build-pods', path: '/rules/0' },
      ],
    });
    expect(runner.path[1].remediation.length).toBeGreaterThan(10);
    const p = await request(app)
      .get(`/api/v1/snapshots/${id}/paths`)
      .query({ from: 'sa:ci/runner', to: 'target:cluster-admin', k: 1, evidence: 'true' })
      .set(reader);
    expect(p.body.paths[0].path[0].evidence[0].kind).toBe('RoleBinding');
    expect(
      (
        await request(app)
          .get(`/api/v1/snapshots/${id}/paths`)
          .query({ from: 'sa:ci/runner', to: 'target:etcd', evidence: 'maybe' })
          .set(reader)
      ).status,
    ).toBe(400);
  });
  it('who-can-reach: a repeat with the ETag it was given is 304 Not Modified', async () => {
    const q = { target: 'target:cluster-admin', maxResults: 7 };
    const first = await request(app).get(`/api/v1/snapshots/${id}/who-can-reach`).query(q).set(reader);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    const again = await request(app).get(`/api/v1/snapshots/${id}/who-can-reach`).query(q).set(reader);
    expect(again.text).toBe(first.text);
    const cached = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can-reach`)
      .query(q)
      .set(reader)
      .set('If-None-Match', first.headers.etag!);
    expect(cached.status).toBe(304);
    const other = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can-reach`)
      .query({ ...q, maxResults: 3 })
      .set(reader)
      .set('If-None-Match', first.headers.etag!);
    expect(other.status).toBe(200);
  });
  it('who-can-reach: a missing target is a 400; an unknown snapshot a 404', async () => {
    expect((await request(app).get(`/api/v1/snapshots/${id}/who-can-reach`).set(reader)).status).toBe(400);
    expect(
      (await request(app).get('/api/v1/snapshots/nope/who-can-reach').query({ target: 'x' }).set(reader))
        .status,
    ).toBe(404);
  });
  it('paths, blast-radius, findings, choke-points, who-can, netpol, what-if', async () => {
    const p = await request(app)
      .get(`/api/v1/snapshots/${id}/paths`)
      .query({ from: 'sa:ci/runner', to: 'target:cluster-admin', k: 2 })
      .set(reader);
    expect(p.body.paths[0].path[0].from).toBe('sa:ci/runner');
    const b = await request(app)
      .get(`/api/v1/snapshots/${id}/blast-radius`)
      .query({ source: 'sa:ci/runner' })
      .set(reader);
    expect(b.body.reached.map((r: { id: string }) => r.id)).toContain('target:cluster-admin');
    const f = await request(app).get(`/api/v1/snapshots/${id}/findings`).set(reader);
    expect(f.body.findings.length).toBeGreaterThan(0);
    const c = await request(app).get(`/api/v1/snapshots/${id}/choke-points`).query({ top: 3 }).set(reader);
    expect(c.body.chokePoints.length).toBeLessThanOrEqual(3);
    const w = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can`)
      .query({ verb: 'create', resource: 'pods', namespace: 'ci' })
      .set(reader);
    expect(w.body.subjects.map((s: { id: string }) => s.id)).toContain('sa:ci/runner');
    const n = await request(app).get(`/api/v1/snapshots/${id}/netpol`).set(reader);
    expect(Array.isArray(n.body.connections)).toBe(true);
    const wi = await request(app)
      .post(`/api/v1/snapshots/${id}/what-if`)
      .set(reader)
      .send({ removals: [{ kind: 'RoleBinding', namespace: 'ci', name: 'runner-build-pods' }] });
    expect(wi.body.closed.map((x: { entry: string; jewel: string }) => `${x.entry} ${x.jewel}`)).toContain(
      'sa:ci/runner target:cluster-admin',
    );
  });
  it('graph: a bounded neighbourhood and the elements of paths, Cytoscape-ready', async () => {
    const n = await request(app)
      .get(`/api/v1/snapshots/${id}/graph`)
      .query({ vertex: 'sa:ci/runner', depth: 2, limit: 40 })
      .set(reader);
    expect(n.status).toBe(200);
    expect(n.body.elements.nodes.length + n.body.elements.edges.length).toBeLessThanOrEqual(80);
    expect(n.body.elements.nodes.map((x: { data: { id: string } }) => x.data.id)).toContain(
      'binding:ci/runner-build-pods',
    );
    const ids = new Set(n.body.elements.nodes.map((x: { data: { id: string } }) => x.data.id));
    for (const e of n.body.elements.edges)
      expect(ids.has(e.data.source) && ids.has(e.data.target)).toBe(true);
    const p = await request(app)
      .get(`/api/v1/snapshots/${id}/graph`)
      .query({ from: 'sa:ci/runner', to: 'target:cluster-admin', k: 1 })
      .set(reader);
    expect(p.body.elements.edges.map((e: { data: { kind: string } }) => e.data.kind)).toContain(
      'POD_CREATE_AS_SA',
    );
    expect((await request(app).get(`/api/v1/snapshots/${id}/graph`).set(reader)).status).toBe(400);
  });
  it('graph what-if: removing the binding or cutting its edge closes the path; both are reported', async () => {
    const q = { from: 'sa:ci/runner', to: 'target:cluster-admin', k: 3 };
    const before = await request(app).get(`/api/v1/snapshots/${id}/graph`).query(q).set(reader);
    expect(before.body.paths.length).toBeGreaterThan(0);
    const first = before.body.paths[0].path[0];
    const removed = await request(app)
      .get(`/api/v1/snapshots/${id}/graph`)
      .query({
        ...q,
        without: JSON.stringify([
          { kind: 'RoleBinding', namespace: 'ci', name: 'runner-build-pods' },
          { kind: 'RoleBinding', namespace: 'ci', name: 'no-such-binding' },
        ]),
      })
      .set(reader);
    expect(removed.status).toBe(200);
    expect(removed.body.unmatched).toEqual([
      { kind: 'RoleBinding', namespace: 'ci', name: 'no-such-binding' },
    ]);
    const viaBinding = (body: { elements: { nodes: { data: { id: string } }[] } }) =>
      body.elements.nodes.some((n) => n.data.id === 'binding:ci/runner-build-pods');
    expect(viaBinding(before.body)).toBe(true);
    expect(viaBinding(removed.body)).toBe(false);
    const cut = await request(app)
      .get(`/api/v1/snapshots/${id}/graph`)
      .query({ ...q, cut: JSON.stringify([first, { from: 'sa:x/y', kind: 'POD_EXEC', to: 'node:z' }]) })
      .set(reader);
    expect(cut.body.uncut).toEqual([{ from: 'sa:x/y', kind: 'POD_EXEC', to: 'node:z' }]);
    for (const p of cut.body.paths)
      expect(p.path.some((step: object) => JSON.stringify(step) === JSON.stringify(first))).toBe(false);
    // Removing the source itself (the workload of a container): no path, not an unknown vertex.
    const web = { from: 'container:shop/Deployment.storefront/web', to: 'target:cluster-admin' };
    expect((await request(app).get(`/api/v1/snapshots/${id}/graph`).query(web).set(reader)).status).toBe(200);
    const gone = await request(app)
      .get(`/api/v1/snapshots/${id}/graph`)
      .query({
        ...web,
        without: JSON.stringify([{ kind: 'Deployment', namespace: 'shop', name: 'storefront' }]),
      })
      .set(reader);
    expect(gone.status).toBe(200);
    expect(gone.body.paths).toEqual([]);
    expect(gone.body.unmatched).toEqual([]);
    const bad = await request(app)
      .get(`/api/v1/snapshots/${id}/graph`)
      .query({ ...q, without: '[{"kind":' })
      .set(reader);
    expect(bad.status).toBe(400);
  });
  it('graph paths with exclude: the search runs again without those edge kinds, and says so', async () => {
    const url = `/api/v1/snapshots/${id}/graph/paths`;
    const ask = (exclude?: string) =>
      request(app)
        .get(url)
        .query({ from: 'sa:ci/runner', to: 'target:cluster-admin', k: 5, ...(exclude ? { exclude } : {}) })
        .set(reader);
    const all = await ask();
    const kinds = (r: typeof all) =>
      new Set((r.body.paths as { path: { kind: string }[] }[]).flatMap((p) => p.path.map((s) => s.kind)));
    expect(kinds(all).has('POD_CREATE')).toBe(true);
    const without = await ask('POD_CREATE');
    expect(without.status).toBe(200);
    expect(without.body.excluded).toEqual(['POD_CREATE']);
    expect(kinds(without).has('POD_CREATE')).toBe(false);
    // Not hidden: searched again (sa:ci/runner holds nothing but create pods, so no path is left).
    expect(without.body.paths).toEqual([]);
    // Excluding a kind no path uses changes nothing.
    expect((await ask('NODE_PROXY')).body.paths).toEqual(all.body.paths);
    expect((await ask('pod_create')).status).toBe(400);
  });
  it('search: vertices by words of their id or label, best first', async () => {
    const res = await request(app).get(`/api/v1/snapshots/${id}/search`).query({ q: 'runner' }).set(reader);
    expect(res.status).toBe(200);
    expect(res.body.matches[0]).toMatchObject({ id: 'sa:ci/runner', kind: 'sa', namespace: 'ci' });
    expect((await request(app).get(`/api/v1/snapshots/${id}/search`).set(reader)).status).toBe(400);
    expect((await request(app).get(`/api/v1/snapshots/${id}/search`).query({ q: 'runner' })).status).toBe(
      401,
    );
  });
  it('object: the YAML of an evidence object with the lines at its pointer; 404 and 400 said plainly', async () => {
    const url = `/api/v1/snapshots/${id}/object`;
    const res = await request(app)
      .get(url)
      .query({ kind: 'Role', namespace: 'ci', name: 'build-pods', path: '/rules/0' })
      .set(reader);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'Role', namespace: 'ci', name: 'build-pods' });
    expect(res.body.pointer).toMatchObject({ path: '/rules/0', found: true });
    expect(res.body.pointer.lines.from).toBeLessThanOrEqual(res.body.pointer.lines.to);
    const missing = await request(app)
      .get(url)
      .query({ kind: 'Role', namespace: 'ci', name: 'nope' })
      .set(reader);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Role ci/nope is not in the snapshot');
    expect((await request(app).get(url).query({ kind: 'Role/../x', name: 'a' }).set(reader)).status).toBe(
      400,
    );
    expect(
      (await request(app).get(url).query({ kind: 'Role', name: 'a', path: 'rules' }).set(reader)).status,
    ).toBe(400);
    for (const secret of ['ops-admin-token', 'runner-token'])
      expect(
        JSON.stringify(
          (
            await request(app)
              .get(url)
              .query({ kind: 'Secret', namespace: 'kube-system', name: secret })
              .set(reader)
          ).body,
        ),
      ).not.toMatch(/fake-demo/);
  });
  it('catalog: every edge kind with its remediation and, but for structural steps, its MITRE technique', async () => {
    const res = await request(app).get('/api/v1/catalog').set(reader);
    const exec = res.body.edges.find((e: { kind: string }) => e.kind === 'POD_EXEC');
    expect(exec.mitre.id).toMatch(/^T\d{4}/);
    expect(exec.remediation.length).toBeGreaterThan(10);
    // A hub standing for its members is the graph's own step, no attacker's technique.
    const hub = res.body.edges.find((e: { kind: string }) => e.kind === 'HUB_MEMBER');
    expect(hub).toBeDefined();
    expect(hub.mitre).toBeUndefined();
    expect(res.body.vertices.map((v: { kind: string }) => v.kind)).toContain('sa');
  });
  it('findings: counts by severity cover all; limit and entries trim the lists', async () => {
    const all = (await request(app).get(`/api/v1/snapshots/${id}/findings`).set(reader)).body;
    expect(all.total).toBe(all.findings.length);
    const counted = Object.values(all.bySeverity as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBe(all.total);
    // A finding lists every jewel it opens: each jewel counts the findings that reach it.
    for (const [jewel, n] of Object.entries(all.byJewel as Record<string, number>))
      expect(n).toBe(
        all.findings.filter((f: { jewels: { id: string }[] }) => f.jewels.some((j) => j.id === jewel)).length,
      );
    const many = all.findings.find((f: { entries: unknown[] }) => f.entries.length > 1);
    expect(many).toBeDefined();
    const top = (
      await request(app).get(`/api/v1/snapshots/${id}/findings`).query({ limit: 2, entries: 1 }).set(reader)
    ).body;
    expect(top.findings).toHaveLength(2);
    expect(top.findings).toEqual(
      all.findings
        .slice(0, 2)
        .map((f: { entries: unknown[] }) =>
          f.entries.length > 1 ? { ...f, entries: f.entries.slice(0, 1), entriesTotal: f.entries.length } : f,
        ),
    );
    expect(top.bySeverity).toEqual(all.bySeverity);
    expect(top.total).toBe(all.total);
    expect(
      (await request(app).get(`/api/v1/snapshots/${id}/findings`).query({ limit: 0 }).set(reader)).status,
    ).toBe(400);
  });
  it('validates query parameters (400) and unknown vertices (404)', async () => {
    expect(
      (
        await request(app)
          .get(`/api/v1/snapshots/${id}/paths`)
          .query({ from: 'sa:ci/runner', to: 'target:etcd', k: 0 })
          .set(reader)
      ).status,
    ).toBe(400);
    expect(
      (
        await request(app)
          .get(`/api/v1/snapshots/${id}/blast-radius`)
          .query({ source: 'sa:none/none' })
          .set(reader)
      ).status,
    ).toBe(404);
    expect(
      (await request(app).post(`/api/v1/snapshots/${id}/what-if`).set(reader).send({ removals: 'x' })).status,
    ).toBe(400);
    expect(
      (
        await request(app)
          .post(`/api/v1/snapshots/${id}/what-if`)
          .set(reader)
          .send({ fixes: ['no-kind'] })
      ).status,
    ).toBe(400);
  });
  it("what-if of a fix candidate's id closes what choke-points says it closes", async () => {
    const { body } = await request(app)
      .get(`/api/v1/snapshots/${id}/choke-points`)
      .query({ top: 5 })
      .set(reader);
    const top = body.chokePoints[0] as { id: string; closes: number };
    expect(top.closes).toBeGreaterThan(0);
    const r = await request(app)
      .post(`/api/v1/snapshots/${id}/what-if`)
      .set(reader)
      .send({ fixes: [top.id] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ fixed: [top.id], unmatchedFixes: [] });
    expect(r.body.closed).toHaveLength(top.closes);
    const unknown = await request(app)
      .post(`/api/v1/snapshots/${id}/what-if`)
      .set(reader)
      .send({ fixes: ['Deployment/nowhere/nothing#/spec'] });
    expect(unknown.body).toMatchObject({ unmatchedFixes: ['Deployment/nowhere/nothing#/spec'], closed: [] });
  });
});

describe('API: the viewer static files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubepath-viewer-'));
  const viewerApp = () => createApp(createDeps({ ...config, viewerDir: dir }, store));
  it('answers 503 with a hint while the viewer is not built', async () => {
    const res = await request(viewerApp()).get('/');
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/viewer build/);
  });
  it('serves index.html without a token and hashed assets with long caching', async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kubepath</title>');
    writeFileSync(join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
    const index = await request(viewerApp()).get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('<title>kubepath</title>');
    const asset = await request(viewerApp()).get('/assets/main-abc123.js');
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    expect((await request(viewerApp()).get('/assets/missing.js')).status).toBe(404);
    // The API behind it still wants its token.
    expect((await request(viewerApp()).get('/api/v1/snapshots')).status).toBe(401);
  });
});

describe('API logs', () => {
  it('log requests without the bearer token or any secret value', async () => {
    const { pino } = await import('pino');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const logged = createApp(createDeps(config, store, logger));
    await request(logged).get(`/api/v1/snapshots/${id}/findings`).set(reader);
    await request(logged).get('/api/v1/snapshots').set('Authorization', 'Bearer wrong-token-abcdefghijkl');
    const text = lines.join('');
    expect(text).toMatch(/"statusCode":200/);
    expect(text).not.toContain(READER);
    expect(text).not.toContain('wrong-token-abcdefghijkl');
    expect(text).not.toMatch(/fake-demo/);
  });
});

describe('API: malformed requests are 400, never 500, and never logged as errors', () => {
  it.each([
    ['a resource that is no name', (sid: string) => `/api/v1/snapshots/${sid}/who-can?verb=get&resource=00`],
    [
      'a resource with two slashes',
      (sid: string) => `/api/v1/snapshots/${sid}/who-can?verb=get&resource=x/y/z`,
    ],
    ['bad percent-encoding in the path', () => '/api/v1/snapshots/%E0%A4%A'],
    [
      'an id too long to be one',
      (sid: string) => `/api/v1/snapshots/${sid}/who-can-reach?target=${'x'.repeat(2000)}`,
    ],
    ['a netpol cursor that is not one', (sid: string) => `/api/v1/snapshots/${sid}/netpol?cursor=abc`],
  ])('%s', async (_what, url) => {
    const { pino } = await import('pino');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const logged = createApp(createDeps(config, store, logger));
    const res = await request(logged).get(url(id)).set(reader);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(lines.join('')).not.toMatch(/"level":50/); // nothing at error level
    expect(lines.join('')).not.toMatch(/\bat .*:\d+:\d+/); // no stack trace
  });
  it('answers a glob that would make a regex backtrack at once', async () => {
    const res = await request(app)
      .get(`/api/v1/snapshots/${id}/who-can-reach`)
      .query({ target: `${'*'.repeat(60)}X` })
      .set(reader);
    expect(res.status).toBe(200);
    expect(res.body.sources).toEqual([]);
  });
  it('takes the exploit mode: exploits=none answers without any path that assumes an exploit', async () => {
    const get = (mode: string) =>
      request(app)
        .get(`/api/v1/snapshots/${id}/who-can-reach`)
        .query({ target: 'target:etcd', exploits: mode })
        .set(reader);
    const assumed = (await get('assumed')).body.sources as { assumesExploit?: true }[];
    const none = (await get('none')).body.sources as { assumesExploit?: true }[];
    expect(assumed.some((x) => x.assumesExploit)).toBe(true);
    expect(none.some((x) => x.assumesExploit)).toBe(false);
    expect((await get('sometimes')).status).toBe(400);
    const f = await request(app)
      .get(`/api/v1/snapshots/${id}/findings`)
      .query({ exploits: 'none' })
      .set(reader);
    expect(f.body.exploits).toBe('none');
    expect(f.body.findings.some((x: { assumesExploit?: true }) => x.assumesExploit)).toBe(false);
  });
  it('answers netpol a page at a time, with a cursor to the next', async () => {
    const first = await request(app).get(`/api/v1/snapshots/${id}/netpol?limit=2`).set(reader);
    expect(first.status).toBe(200);
    expect(first.body.connections).toHaveLength(2);
    expect(first.body.truncated).toEqual({ reason: 'result-cap', limit: 2 });
    const next = await request(app)
      .get(`/api/v1/snapshots/${id}/netpol?limit=2&cursor=${first.body.next}`)
      .set(reader);
    expect(next.body.connections[0]).not.toEqual(first.body.connections[0]);
  });
});

describe('API: every answer has the shape the OpenAPI document gives it', () => {
  const q = (path: string): string => `/api/v1/snapshots/${id}/${path}`;
  const cases: [string, () => string, ZodType][] = [
    ['list', () => '/api/v1/snapshots', r.SnapshotList],
    ['one snapshot', () => `/api/v1/snapshots/${id}`, r.SnapshotDetail],
    ['who-can-reach', () => q('who-can-reach?target=target:etcd'), r.WhoCanReachAnswer],
    [
      'who-can-reach with evidence',
      () => q('who-can-reach?target=target:etcd&evidence=true'),
      r.WhoCanReachAnswer,
    ],
    ['paths', () => q('paths?from=sa:ci/runner&to=target:cluster-admin&evidence=true'), r.PathsAnswer],
    ['blast-radius', () => q('blast-radius?source=sa:ci/runner'), r.BlastRadiusAnswer],
    ['findings', () => q('findings?limit=3&entries=1'), r.FindingsAnswer],
    ['choke-points', () => q('choke-points'), r.ChokePointsAnswer],
    ['who-can', () => q('who-can?verb=create&resource=pods&namespace=ci'), r.WhoCanAnswer],
    ['who-can a URL', () => q('who-can?verb=get&resource=/metrics'), r.WhoCanAnswer],
    ['netpol', () => q('netpol?limit=5'), r.NetpolAnswer],
    ['search', () => q('search?q=runner'), r.SearchAnswer],
    ['neighbourhood', () => q('graph/neighbourhood?vertex=sa:ci/runner'), r.GraphAnswer],
    ['graph paths', () => q('graph/paths?from=sa:ci/runner&to=target:cluster-admin'), r.GraphAnswer],
    ['catalog', () => '/api/v1/catalog', r.CatalogAnswer],
  ];
  it.each(cases)('%s', async (_name, url, schema) => {
    const res = await request(app).get(url()).set(reader);
    expect(res.status).toBe(200);
    expect(() => schema.parse(res.body)).not.toThrow();
  });
  it('what-if', async () => {
    const res = await request(app)
      .post(`/api/v1/snapshots/${id}/what-if`)
      .set(reader)
      .send({ removals: [{ kind: 'RoleBinding', namespace: 'ci', name: 'runner-build-pods' }] });
    expect(() => r.WhatIfAnswer.parse(res.body)).not.toThrow();
  });
  it('answers a documented path asked with another method 405, with the methods it takes', async () => {
    const res = await request(app).patch(`/api/v1/snapshots/${id}`).set(reader);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, DELETE, HEAD');
  });
});

describe('API over real HTTP on 127.0.0.1', () => {
  it('serves who-can-reach for a snapshot loaded at start', async () => {
    const server = await startServer(
      { ...config, port: 0, dataDir: mkdtempSync(join(tmpdir(), 'kubepath-api-http-')) },
      { inputs: [demoClusterDir()], snapshotId: 'demo' },
    );
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/api/v1/snapshots/demo/who-can-reach?target=target:etcd`, {
        headers: reader,
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { sources: { id: string }[] };
      expect(body.sources.map((s) => s.id)).toContain('external:internet');
    } finally {
      await server.close();
    }
  });
});
