// The collector's retries and rate limit, against a real HTTP server on 127.0.0.1 that answers
// as a busy API server does: 429 with Retry-After (API Priority and Fairness), 503, then 200.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './api-client.js';
import { openConnection } from './connection.js';

let server: Server;
let kubeconfig: string;
/** What the server answers next, per path: a list of statuses, then 200. */
const script = new Map<string, { status: number; retryAfter?: string }[]>();
const seen: { path: string; at: number; auth?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({
      path: req.url!,
      at: Date.now(),
      ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
    });
    const next = script.get(req.url!)?.shift();
    if (next) {
      res.writeHead(next.status, {
        'Content-Type': 'application/json',
        ...(next.retryAfter ? { 'Retry-After': next.retryAfter } : {}),
      });
      return res.end(JSON.stringify({ kind: 'Status', message: `status ${next.status}`, code: next.status }));
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubepath-client-')), 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: test-token-123 } }]
contexts: [{ name: ctx, context: { cluster: c, user: u } }]
current-context: ctx
`,
  );
});
afterAll(() => new Promise((r) => server.close(r)));

describe('ApiClient', () => {
  it('fails at once, naming the context, when its settings cannot work (no retry helps)', async () => {
    const plain = join(mkdtempSync(join(tmpdir(), 'kubepath-client-')), 'config');
    writeFileSync(plain, readFileSync(kubeconfig, 'utf8').replace(', insecure-skip-tls-verify: true', ''));
    const client = new ApiClient(await openConnection({ kubeconfig: plain }), { backoffMs: 1000 });
    const t0 = Date.now();
    await expect(client.get('/x')).rejects.toThrow(/context "ctx": HTTP protocol is not allowed/);
    expect(Date.now() - t0).toBeLessThan(900);
  });
  it('retries 429 after the Retry-After the server names, then 5xx with backoff, with the token each time', async () => {
    script.set('/busy', [{ status: 429, retryAfter: '1' }, { status: 503 }, { status: 500 }]);
    const client = new ApiClient(await openConnection({ kubeconfig }), { backoffMs: 50 });
    const started = Date.now();
    expect(await client.get('/busy')).toEqual({ ok: '/busy' });
    const tries = seen.filter((s) => s.path === '/busy');
    expect(tries).toHaveLength(4);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950); // Retry-After: 1
    expect(tries.every((t) => t.auth === 'Bearer test-token-123')).toBe(true);
    expect(client.counts).toEqual({ requests: 4, retries: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
  it('gives up after its attempts, and answers 403 at once (a forbidden list is information)', async () => {
    script.set(
      '/down',
      Array.from({ length: 10 }, () => ({ status: 503 })),
    );
    script.set('/no', [{ status: 403 }]);
    const client = new ApiClient(await openConnection({ kubeconfig }), { attempts: 3, backoffMs: 10 });
    await expect(client.get('/down')).rejects.toMatchObject({ status: 503 });
    await expect(client.get('/no')).rejects.toBeInstanceOf(ApiError);
    expect(seen.filter((s) => s.path === '/no')).toHaveLength(1);
  });
  it('keeps to a client-side QPS limit when one is set (none by default)', async () => {
    const limited = new ApiClient(await openConnection({ kubeconfig }), { qps: 10 });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => limited.get(`/q${i}`)));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450); // 6 requests at 10/s: the last at 500 ms
    const free = new ApiClient(await openConnection({ kubeconfig }));
    const t1 = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => free.get(`/f${i}`)));
    expect(Date.now() - t1).toBeLessThan(450);
  });
});
