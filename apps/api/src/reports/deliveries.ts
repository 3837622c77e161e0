/**
 * Delivering a stored report where the team looks: files (one per format), a generic webhook
 * (a JSON summary and a link, signed with HMAC-SHA256 over the body), and a Slack incoming
 * webhook (new critical and high findings first, then the top fixes). Each delivery has a
 * timeout and retries with backoff; none blocks a run, and a failed one is logged and counted,
 * never with its secret or the Slack URL.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport, REPORT_FILES, type Report, type ReportDiff } from '@kubepath/report';
import type { Delivery } from './schedule-config.js';

/** The header the webhook's signature is in: `sha256=<hex HMAC-SHA256 of the body>`. */
export const SIGNATURE_HEADER = 'X-Kubepath-Signature-256';

export interface DeliveryContext {
  report: Report;
  diff?: ReportDiff;
  runId: string;
  /** The server's address for links (`http://127.0.0.1:8080`). */
  baseUrl: string;
  env: Record<string, string | undefined>;
  /** Milliseconds before the first retry; doubled each time. */
  retryBaseMs: number;
}

/** A secret from the environment or a file; an error names where it should have been. */
function secretOf(
  env: DeliveryContext['env'],
  name: string | undefined,
  file: string | undefined,
): string | undefined {
  if (name) {
    const value = env[name];
    if (!value) throw new Error(`the environment variable ${name} is not set`);
    return value;
  }
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      throw new Error(`cannot read ${file}`);
    }
  }
  return undefined;
}

/** The webhook's JSON: counts, what changed, and where the report is. */
export function webhookPayload(ctx: DeliveryContext): object {
  const { report, diff } = ctx;
  const changed = (diff?.entries ?? []).filter((e) => e.change === 'new' || e.change === 'worse');
  return {
    event: 'kubepath.report',
    cluster: report.cluster.name,
    reportId: ctx.runId,
    generatedAt: report.generatedAt,
    exploits: report.exploits,
    counts: report.counts.bySeverity,
    findings: report.counts.findings,
    ...(diff ? { changes: diff.counts } : {}),
    newOrWorse: changed
      .slice(0, 20)
      .map((e) => ({ identity: e.identity, change: e.change, severity: e.finding.severity, key: e.key })),
    topFixes: report.fixes.slice(0, 3).map((f) => ({ object: f.object, closes: f.closes, fix: f.fix })),
    links: {
      html: `${ctx.baseUrl}/api/v1/reports/${ctx.runId}?format=html`,
      json: `${ctx.baseUrl}/api/v1/reports/${ctx.runId}?format=json`,
    },
  };
}

/** A Slack incoming-webhook message: new critical and high findings first, then the top fixes. */
export function slackPayload(ctx: DeliveryContext): object {
  const { report, diff } = ctx;
  const c = report.counts.bySeverity;
  const urgent = (
    diff
      ? diff.entries.filter((e) => e.change === 'new' || e.change === 'worse').map((e) => e.finding)
      : report.findings
  )
    .filter((f) => f.severity === 'critical' || f.severity === 'high')
    .slice(0, 10);
  const lines = [
    `*kubepath: ${report.cluster.name}* — ${c.critical ?? 0} critical, ${c.high ?? 0} high, ${c.medium ?? 0} medium, ${c.low ?? 0} low${diff ? ` (${diff.counts.new} new, ${diff.counts.resolved} resolved)` : ''}`,
    ...urgent.map(
      (f) => `• ${diff ? 'new ' : ''}${f.severity}: \`${f.cause}\` → ${f.jewels.map((j) => j.id).join(', ')}`,
    ),
    ...(report.fixes.length
      ? [
          '*Fix first:*',
          ...report.fixes.slice(0, 3).map((f) => `• \`${f.object}\`: closes ${f.closes} — ${f.fix}`),
        ]
      : []),
    `<${ctx.baseUrl}/api/v1/reports/${ctx.runId}?format=html|the report>`,
  ];
  return { text: lines.join('\n') };
}

/** POSTs JSON with a timeout, retrying with backoff; throws the last failure. */
async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  d: { timeoutMs: number; retries: number },
  retryBaseMs: number,
): Promise<number> {
  let last: unknown;
  for (let attempt = 0; attempt <= d.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, retryBaseMs * 2 ** (attempt - 1)));
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'kubepath', ...headers },
        body,
        signal: AbortSignal.timeout(d.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return attempt + 1;
      last = new Error(`answered ${res.status}`);
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) break; // it will not change
    } catch (error) {
      last =
        (error as Error).name === 'TimeoutError'
          ? new Error(`no answer within ${d.timeoutMs} ms`)
          : new Error('unreachable');
    }
  }
  throw last;
}

/** Makes one delivery; returns attempts made. */
export async function deliver(d: Delivery, ctx: DeliveryContext): Promise<number> {
  switch (d.type) {
    case 'files': {
      const dir = join(d.dir, ctx.report.cluster.name, ctx.report.generatedAt.replace(/[:.]/g, '-'));
      mkdirSync(dir, { recursive: true });
      for (const f of d.formats)
        writeFileSync(
          join(dir, REPORT_FILES[f]),
          renderReport(ctx.report, f, ctx.diff ? { diff: ctx.diff } : {}),
        );
      if (ctx.diff) writeFileSync(join(dir, 'diff.json'), JSON.stringify(ctx.diff, null, 2));
      return 1;
    }
    case 'webhook': {
      const secret = secretOf(ctx.env, d.secretEnv, d.secretFile);
      const body = JSON.stringify(webhookPayload(ctx));
      const headers: Record<string, string> = {
        'X-Kubepath-Delivery': randomUUID(),
        'X-Kubepath-Event': 'report',
      };
      if (secret)
        headers[SIGNATURE_HEADER] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      return post(d.url, body, headers, d, ctx.retryBaseMs);
    }
    case 'slack': {
      const url = secretOf(ctx.env, d.urlEnv, d.urlFile)!;
      return post(url, JSON.stringify(slackPayload(ctx)), {}, d, ctx.retryBaseMs);
    }
  }
}

/** Where a delivery goes, for logs and metrics: never a secret, never the Slack URL. */
export function deliveryTarget(d: Delivery): string {
  if (d.type === 'files') return `files ${d.dir}`;
  if (d.type === 'webhook') {
    const u = new URL(d.url);
    return `webhook ${u.protocol}//${u.host}${u.pathname}`; // no query: it may carry a token
  }
  return 'slack';
}
