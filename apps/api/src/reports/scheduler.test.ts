// Scheduled reports in a real `kubepath serve` process: a schedule every 3 seconds over the
// demo cluster runs three times, the webhook receiver on 127.0.0.1 gets three posts with good
// signatures, the history has the three reports (the API lists them, serves each in every
// format, and gives the trend), and a restart neither loses nor duplicates a run: the one due
// while the server was down runs once, marked "missed".
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoClusterDir, serveKubepath, type ServedKubepath } from '@kubepath/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as r from '../responses.js';
import { SIGNATURE_HEADER } from './deliveries.js';

const TOKEN = 'schedule-admin-token-0123456789';
const SECRET = 'schedule-webhook-secret-987654';
const dataDir = mkdtempSync(join(tmpdir(), 'kubepath-schedules-'));
const filesDir = mkdtempSync(join(tmpdir(), 'kubepath-schedule-files-'));
const posts: { body: string; signature: string | undefined }[] = [];
let receiver: Server;
let hook: string;
let server: ServedKubepath | undefined;

const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
const get = async (path: string) => {
  const res = await fetch(`${server!.url}${path}`, auth);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};
const json = async (path: string) => JSON.parse((await get(path)).text);

async function start(): Promise<ServedKubepath> {
  const schedules = JSON.stringify({
    schedules: [
      {
        name: 'demo-every-3s',
        source: { files: [demoClusterDir()] },
        cron: '*/3 * * * * *',
        deliver: [
          {
            type: 'webhook',
            url: hook,
            secretEnv: 'KUBEPATH_TEST_WEBHOOK_SECRET',
            timeoutMs: 5000,
            retries: 1,
          },
          { type: 'files', dir: filesDir, formats: ['json', 'md'] },
        ],
      },
    ],
  });
  return serveKubepath({
    dataDir,
    env: {
      KUBEPATH_TOKENS: `t:admin:${TOKEN}`,
      KUBEPATH_SCHEDULES: schedules,
      KUBEPATH_TEST_WEBHOOK_SECRET: SECRET,
    },
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      posts.push({ body, signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((res) => receiver.listen(0, '127.0.0.1', () => res()));
  hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/kubepath`;
  server = await start();
}, 300_000);
afterAll(async () => {
  await server?.stop();
  receiver?.close();
});

type Run = { id: string; status: string; trigger: string; scheduledFor?: string };

describe('scheduled reports in a running server', () => {
  it('runs three times, delivering three signed posts and keeping three reports', async () => {
    const runs = await until('three reports', async () => {
      const body = await json('/api/v1/clusters/demo-every-3s/reports');
      return body.reports.length >= 3 && posts.length >= 3 ? (body.reports as Run[]) : undefined;
    });
    expect(runs.slice(0, 3).every((x) => x.status === 'ok' && x.trigger === 'cron')).toBe(true);
    for (const p of posts.slice(0, 3))
      expect(p.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(p.body).digest('hex')}`);
    // Runs never overlap and each fire runs once: distinct scheduled times.
    const times = runs.map((x) => x.scheduledFor);
    expect(new Set(times).size).toBe(times.length);
    // The second and later posts carry the diff against the one before: nothing changed.
    expect(JSON.parse(posts[1]!.body).changes).toMatchObject({ new: 0, resolved: 0 });
    expect(r.ReportRuns.parse(await json('/api/v1/clusters/demo-every-3s/reports')).running).toBeTypeOf(
      'boolean',
    );
  });

  it('serves each report in every format, the trend, and the cluster list', async () => {
    const [newest] = (await json('/api/v1/clusters/demo-every-3s/reports')).reports as Run[];
    const types = {
      json: 'application/json',
      md: 'text/markdown',
      html: 'text/html',
      sarif: 'application/sarif+json',
      junit: 'application/xml',
    };
    for (const [format, type] of Object.entries(types)) {
      const res = await get(`/api/v1/reports/${newest!.id}?format=${format}`);
      expect(res.status, format).toBe(200);
      expect(res.type).toContain(type);
    }
    expect(JSON.parse((await get(`/api/v1/reports/${newest!.id}`)).text).apiVersion).toBe(
      'kubepath.dev/report/v1',
    );
    expect((await get(`/api/v1/reports/${newest!.id}?format=html`)).text).toContain('<svg class="trend"');
    const trend = r.Trend.parse(await json('/api/v1/clusters/demo-every-3s/trend'));
    expect(trend.points.length).toBeGreaterThanOrEqual(3);
    expect(r.ClusterList.parse(await json('/api/v1/clusters')).clusters).toContainEqual(
      expect.objectContaining({
        name: 'demo-every-3s',
        schedule: { cron: '*/3 * * * * *', timezone: 'UTC', exploits: 'assumed' },
      }),
    );
    expect((await get('/api/v1/clusters/nothing-here/reports')).status).toBe(404);
    // /metrics counts the runs, their durations and the newest findings by severity, per cluster.
    const metrics = (await get('/metrics')).text;
    expect(metrics).toMatch(/kubepath_report_runs_total\{cluster="demo-every-3s",status="ok"\} [3-9]/);
    expect(metrics).toMatch(/kubepath_report_run_duration_seconds_count\{cluster="demo-every-3s"\} [3-9]/);
    expect(metrics).toMatch(/kubepath_report_findings\{cluster="demo-every-3s",severity="critical"\} [1-9]/);
    expect(metrics).toMatch(
      /kubepath_report_deliveries_total\{cluster="demo-every-3s",type="webhook",status="ok"\} [3-9]/,
    );
    // The files delivery wrote one folder a run.
    expect(readdirSync(join(filesDir, 'demo-every-3s')).length).toBeGreaterThanOrEqual(3);
    const [folder] = readdirSync(join(filesDir, 'demo-every-3s'));
    expect(existsSync(join(filesDir, 'demo-every-3s', folder!, 'report.md'))).toBe(true);
  });

  it('runs a missed fire once after a restart, and never twice', async () => {
    await server!.stop();
    const before = (
      (await (async () => {
        server = await start();
        return json('/api/v1/clusters/demo-every-3s/reports');
      })()) as { reports: Run[] }
    ).reports;
    // The server was down for more than one fire (start-up alone takes longer than 3 s).
    const missed = await until('the missed run', async () => {
      const runs = (await json('/api/v1/clusters/demo-every-3s/reports')).reports as Run[];
      const m = runs.filter((x) => x.trigger === 'missed');
      return m.length ? { runs, m } : undefined;
    });
    expect(missed.m).toHaveLength(1);
    // Nothing stored before the restart was lost.
    const ids = new Set(missed.runs.map((x) => x.id));
    expect(before.filter((x) => x.trigger === 'cron').every((x) => ids.has(x.id))).toBe(true);
    // "Run now" while idle starts one; the admin route answers 202.
    const res = await fetch(`${server!.url}/api/v1/clusters/demo-every-3s/runs`, { method: 'POST', ...auth });
    expect([202, 409]).toContain(res.status);
  });
});
