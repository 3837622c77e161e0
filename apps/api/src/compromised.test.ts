// Known compromised through the API: Falco alerts uploaded beside a snapshot, vertices marked
// as owned (the viewer's "mark as owned"), and what each already reaches — stored in the
// snapshot store, so a restart keeps them; never an alert's output text in any answer.
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CANARY, demoClusterDir, yamlFilesUnder, repoRoot } from '@kubepath/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createDeps } from './app.js';
import { loadConfig } from './config.js';
import * as r from './responses.js';
import { SnapshotStore } from './store.js';

const ADMIN = 'admin-token-0123456789abcdef';
const READER = 'reader-token-0123456789abcdef';
const admin = { Authorization: `Bearer ${ADMIN}` };
const reader = { Authorization: `Bearer ${READER}` };
const config = loadConfig(
  { KUBEPATH_TOKENS: `ops:admin:${ADMIN},viewer:read:${READER}` },
  { dataDir: mkdtempSync(join(tmpdir(), 'kubepath-compromised-')) },
);
let store = new SnapshotStore(config.dataDir);
let app = createApp(createDeps(config, store));
const FALCO = readFileSync(join(repoRoot(), 'examples', 'demo-evidence', 'falco-alerts.jsonl'), 'utf8');
const GRAFANA = 'container:monitoring/Deployment.grafana/grafana';

let id: string;
beforeAll(async () => {
  const yaml = yamlFilesUnder(demoClusterDir())
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n---\n');
  const res = await request(app)
    .post('/api/v1/snapshots')
    .set(admin)
    .set('Content-Type', 'application/yaml')
    .send(yaml);
  expect(res.status).toBe(201);
  id = res.body.id;
});
afterAll(() => store.close());

const compromised = (query: Record<string, string> = {}) =>
  request(app).get(`/api/v1/snapshots/${id}/compromised`).query(query).set(reader);

describe('API: known compromised', () => {
  it('takes Falco alerts and leads with the container they name, with what it reaches; the unknown pod is listed', async () => {
    expect((await compromised()).body).toEqual({ compromised: [], unmatched: [], owned: [] });
    const up = await request(app)
      .post(`/api/v1/snapshots/${id}/compromised`)
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(FALCO);
    expect(up.status).toBe(201);
    expect(up.body).toEqual({ added: 2, alerts: 2, skipped: [], skippedTotal: 0 });
    expect(() => r.AlertsAdded.parse(up.body)).not.toThrow();
    const res = await compromised();
    expect(res.status).toBe(200);
    expect(() => r.CompromisedAnswer.parse(res.body)).not.toThrow();
    expect(res.body.compromised[0]).toMatchObject({
      id: GRAFANA,
      alerts: [{ rule: 'Terminal shell in container', priority: 'Notice' }],
      jewels: expect.arrayContaining([expect.objectContaining({ id: 'target:cluster-admin', cost: 3 })]),
    });
    expect(res.body.unmatched).toEqual([
      {
        line: 2,
        rule: 'Read sensitive file untrusted',
        names: 'pod finance/payroll-6b5c4d3e2-q8w7e container payroll',
      },
    ]);
    // Falco's output text quotes command lines: neither kept nor answered.
    expect(JSON.stringify(res.body)).not.toContain('/etc/shadow');
    // The exploit mode applies: with none, no path assumes an exploit.
    const none = await compromised({ exploits: 'none' });
    expect(JSON.stringify(none.body)).not.toContain('"assumesExploit"');
  });

  it('marks a vertex owned and takes the mark back; a mark on a vertex the graph lacks is listed as unmatched', async () => {
    const hello = 'container:sandbox/Deployment.hello/hello';
    const mark = await request(app).post(`/api/v1/snapshots/${id}/owned`).set(admin).send({ id: hello });
    expect(mark.status).toBe(201);
    expect(mark.body).toEqual({ owned: [hello] });
    await request(app).post(`/api/v1/snapshots/${id}/owned`).set(admin).send({ id: hello }); // twice: once
    await request(app).post(`/api/v1/snapshots/${id}/owned`).set(admin).send({ id: 'pod:nowhere/ghost' });
    const res = await compromised();
    expect(res.body.owned).toEqual([hello, 'pod:nowhere/ghost']);
    expect(res.body.compromised.find((c: { id: string }) => c.id === hello)).toMatchObject({
      alerts: [{ rule: 'marked as owned' }],
      alertCount: 1,
    });
    expect(res.body.unmatched).toContainEqual({
      line: 0,
      rule: 'marked as owned',
      names: 'pod:nowhere/ghost',
    });
    const unmark = await request(app).delete(`/api/v1/snapshots/${id}/owned`).query({ id: hello }).set(admin);
    expect(unmark.status).toBe(200);
    expect(unmark.body).toEqual({ owned: ['pod:nowhere/ghost'] });
    expect(
      (await request(app).delete(`/api/v1/snapshots/${id}/owned`).query({ id: hello }).set(admin)).status,
    ).toBe(404);
  });

  it('keeps alerts and marks across a restart (they live in the snapshot store)', async () => {
    store.close();
    store = new SnapshotStore(config.dataDir);
    app = createApp(createDeps(config, store));
    const res = await compromised();
    expect(res.body.compromised[0].id).toBe(GRAFANA);
    expect(res.body.owned).toEqual(['pod:nowhere/ghost']);
  });

  it('refuses a body with no alert (422, never echoing it), a read token (403), an unknown snapshot (404)', async () => {
    const bad = await request(app)
      .post(`/api/v1/snapshots/${id}/compromised`)
      .set(admin)
      .set('Content-Type', 'text/plain')
      .send(`{"rule": "x", "output": "${CANARY}"}\nnot json ${CANARY}\n`);
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toMatch(/line 1: no rule or output_fields/);
    expect(JSON.stringify(bad.body)).not.toContain(CANARY);
    const empty = await request(app).post(`/api/v1/snapshots/${id}/compromised`).set(admin).send('');
    expect(empty.status).toBe(422);
    const asReader = await request(app).post(`/api/v1/snapshots/${id}/compromised`).set(reader).send(FALCO);
    expect(asReader.status).toBe(403);
    expect(
      (await request(app).post(`/api/v1/snapshots/${id}/owned`).set(reader).send({ id: GRAFANA })).status,
    ).toBe(403);
    const unknown = await request(app)
      .post('/api/v1/snapshots/no-such-snapshot/compromised')
      .set(admin)
      .send(FALCO);
    expect(unknown.status).toBe(404);
    expect(
      (await request(app).get('/api/v1/snapshots/no-such-snapshot/compromised').set(reader)).status,
    ).toBe(404);
    expect((await request(app).post(`/api/v1/snapshots/${id}/owned`).set(admin).send({})).status).toBe(400);
  });

  it('forgets them with the snapshot, and on DELETE …/compromised', async () => {
    expect((await request(app).delete(`/api/v1/snapshots/${id}/compromised`).set(admin)).status).toBe(204);
    expect((await compromised()).body).toEqual({ compromised: [], unmatched: [], owned: [] });
    await request(app).post(`/api/v1/snapshots/${id}/owned`).set(admin).send({ id: GRAFANA });
    expect((await request(app).delete(`/api/v1/snapshots/${id}`).set(admin)).status).toBe(204);
    expect(store.compromised(id)).toEqual({ alerts: [], owned: [] });
  });
});
