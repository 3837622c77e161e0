// Deliveries against real HTTP receivers on 127.0.0.1: the webhook's HMAC-SHA256 signature
// checked by the receiver, a receiver that fails twice then succeeds, one that hangs (the
// timeout ends it), the Slack payload's order, and files; schedule configs that are wrong are
// refused naming the field.
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphIndex } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { buildReport, type Report } from '@kubepath/report';
import { demoClusterDir } from '@kubepath/testkit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliver, deliveryTarget, SIGNATURE_HEADER, type DeliveryContext } from './deliveries.js';
import { parseSchedules } from './schedule-config.js';

const SECRET = 'webhook-secret-0123456789';
let report: Report;
beforeAll(async () => {
  const snapshot = await loadSnapshotFromFiles([demoClusterDir()]);
  report = buildReport({ snapshot, index: new GraphIndex(buildAttackGraph(snapshot)), exploits: 'assumed' });
});

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});
/** A receiver on 127.0.0.1: `answer` decides each request's fate (status, or 'hang'). */
async function receiver(answer: (n: number) => number | 'hang'): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      got.push({ body, headers: req.headers });
      const a = answer(got.length);
      if (a === 'hang') return; // never answers
      res.writeHead(a).end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/hook?token=query-secret`, got };
}
const ctx = (extra: Partial<DeliveryContext> = {}): DeliveryContext => ({
  report,
  runId: 'run-1',
  baseUrl: 'http://127.0.0.1:8080',
  env: { KUBEPATH_WEBHOOK_SECRET: SECRET, SLACK_URL: '' },
  retryBaseMs: 10,
  ...extra,
});

describe('report deliveries', () => {
  it('signs the webhook body with HMAC-SHA256, and the receiver can check it', async () => {
    const r = await receiver(() => 200);
    const attempts = await deliver(
      { type: 'webhook', url: r.url, secretEnv: 'KUBEPATH_WEBHOOK_SECRET', timeoutMs: 2000, retries: 3 },
      ctx(),
    );
    expect(attempts).toBe(1);
    const [post] = r.got;
    const expected = `sha256=${createHmac('sha256', SECRET).update(post!.body).digest('hex')}`;
    expect(post!.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(expected);
    const payload = JSON.parse(post!.body);
    expect(payload).toMatchObject({ event: 'kubepath.report', cluster: 'demo-cluster', reportId: 'run-1' });
    expect(payload.links.html).toBe('http://127.0.0.1:8080/api/v1/reports/run-1?format=html');
    expect(post!.body).not.toContain(SECRET);
  });

  it('retries a receiver that fails twice, then succeeds; gives up on one that hangs', async () => {
    const flaky = await receiver((n) => (n <= 2 ? 503 : 200));
    const webhook = { type: 'webhook' as const, url: '', timeoutMs: 2000, retries: 3 };
    expect(await deliver({ ...webhook, url: flaky.url }, ctx())).toBe(3);
    expect(flaky.got).toHaveLength(3);
    const hanging = await receiver(() => 'hang');
    const started = performance.now();
    await expect(
      deliver({ ...webhook, url: hanging.url, timeoutMs: 200, retries: 1 }, ctx()),
    ).rejects.toThrow('no answer within 200 ms');
    expect(hanging.got).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(5000);
    // A 4xx will not change on a retry.
    const refusing = await receiver(() => 404);
    await expect(deliver({ ...webhook, url: refusing.url }, ctx())).rejects.toThrow('answered 404');
    expect(refusing.got).toHaveLength(1);
  });

  it('posts to Slack the critical findings first, from a URL in the environment, named nowhere', async () => {
    const r = await receiver(() => 200);
    await deliver(
      { type: 'slack', urlEnv: 'SLACK_URL', timeoutMs: 2000, retries: 0 },
      ctx({ env: { SLACK_URL: r.url } }),
    );
    const text = JSON.parse(r.got[0]!.body).text as string;
    expect(text).toMatch(/^\*kubepath: demo-cluster\* — \d+ critical/);
    expect(text.split('\n')[1]).toMatch(/^• critical: /);
    expect(deliveryTarget({ type: 'slack', urlEnv: 'SLACK_URL', timeoutMs: 1, retries: 0 })).toBe('slack');
    expect(deliveryTarget({ type: 'webhook', url: r.url, timeoutMs: 1, retries: 0 })).not.toContain(
      'query-secret',
    );
    await expect(
      deliver({ type: 'slack', urlEnv: 'NOT_SET', timeoutMs: 2000, retries: 0 }, ctx({ env: {} })),
    ).rejects.toThrow('the environment variable NOT_SET is not set');
  });

  it('writes one file per format into the cluster’s folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubepath-deliver-'));
    await deliver({ type: 'files', dir, formats: ['json', 'md', 'html', 'sarif', 'junit'] }, ctx());
    const [folder] = readdirSync(join(dir, 'demo-cluster'));
    expect(readdirSync(join(dir, 'demo-cluster', folder!)).sort()).toEqual([
      'report.html',
      'report.json',
      'report.junit.xml',
      'report.md',
      'report.sarif',
    ]);
    expect(existsSync(join(dir, 'demo-cluster', folder!, 'diff.json'))).toBe(false);
  });
});

describe('schedule configuration', () => {
  const one = (s: string) => `schedules:\n  - { name: demo, source: { files: [x] }, ${s} }\n`;
  it('takes a valid schedule with its defaults', () => {
    const c = parseSchedules(one('cron: "*/5 * * * *"'), 'KUBEPATH_SCHEDULES');
    expect(c.schedules[0]).toMatchObject({ name: 'demo', timezone: 'UTC', exploits: 'assumed', deliver: [] });
    expect(c.retention).toEqual({ keep: 50, days: 90 });
    expect(parseSchedules(undefined, 'x').schedules).toEqual([]);
  });
  it.each([
    ['cron: "every minute"', /schedules\.0\.cron: not a cron expression/],
    ['cron: "* * * * *", timezone: Mars/Olympus', /timezone: not an IANA time zone/],
    ['cron: "* * * * *", deliver: [{ type: slack }]', /give urlEnv or urlFile/],
    [
      'cron: "* * * * *", deliver: [{ type: webhook, url: "http://x", secretEnv: "lower" }]',
      /an environment variable name/,
    ],
  ])('refuses %s', (s, why) => {
    expect(() => parseSchedules(one(s), 'KUBEPATH_SCHEDULES')).toThrow(why);
  });
  it('refuses two schedules of one name, and text that is not YAML', () => {
    const twice = `schedules:\n  - { name: a, source: { files: [x] }, cron: "* * * * *" }\n  - { name: a, source: { files: [y] }, cron: "* * * * *" }\n`;
    expect(() => parseSchedules(twice, 'F')).toThrow('F: two schedules are named a');
    expect(() => parseSchedules('schedules: [', 'F')).toThrow('F: not YAML or JSON');
    const long = `schedules:\n  - { name: ${'a'.repeat(55)}, source: { files: [x] }, cron: "* * * * *" }\n`;
    expect(() => parseSchedules(long, 'F')).toThrow(/at most 54 characters/);
  });
});
