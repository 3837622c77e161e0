/**
 * A report as one self-contained HTML file: no script, no network, readable in print. A
 * summary, the trend when history is given, and each finding with its path drawn as an inline
 * SVG, its remediation and its evidence. Findings drawn are capped (the page says so).
 */
import type { ReportDiff } from '../diff.js';
import { SEVERITY_ORDER, type Report, type ReportFinding, type Severity } from '../model.js';

/** Findings drawn with their path; the rest are listed in a table. */
export const HTML_DRAWN = 50;
const COLOURS: Record<Severity, string> = {
  critical: '#b3261e',
  high: '#d9480f',
  medium: '#b08800',
  low: '#2f7d32',
};

const esc = (s: string | number) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One point of the trend: a report's time and counts. */
export interface TrendPoint {
  generatedAt: string;
  bySeverity: Record<string, number>;
}

const BOX_W = 190;
const BOX_H = 40;
const GAP = 70;
const PER_ROW = 4;

/** The path as boxes (vertices) and arrows (steps), four to a row. */
export function pathSvg(f: ReportFinding): string {
  const ids = [f.path[0]?.from ?? f.entries[0]?.id ?? '', ...f.path.map((s) => s.to)];
  const rows = Math.ceil(ids.length / PER_ROW);
  const width = PER_ROW * BOX_W + (PER_ROW - 1) * GAP + 20;
  const height = rows * (BOX_H + 50) + 10;
  const at = (i: number) => ({
    x: 10 + (i % PER_ROW) * (BOX_W + GAP),
    y: 10 + Math.floor(i / PER_ROW) * (BOX_H + 50),
  });
  const short = (s: string) => (s.length > 28 ? `${s.slice(0, 13)}…${s.slice(-14)}` : s);
  const parts: string[] = [];
  ids.forEach((id, i) => {
    const { x, y } = at(i);
    const jewel = id.startsWith('target:');
    parts.push(
      `<g><title>${esc(id)}</title><rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${jewel ? '#fde7e9' : '#eef2f7'}" stroke="${jewel ? COLOURS.critical : '#5b6b7f'}"/>` +
        `<text x="${x + BOX_W / 2}" y="${y + BOX_H / 2 + 4}" text-anchor="middle" font-size="11">${esc(short(id))}</text></g>`,
    );
  });
  f.path.forEach((s, i) => {
    const a = at(i);
    const b = at(i + 1);
    const sameRow = a.y === b.y;
    const [x1, y1, x2, y2] = sameRow
      ? [a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2]
      : [a.x + BOX_W / 2, a.y + BOX_H, b.x + BOX_W / 2, b.y];
    const colour = s.assumesExploit ? '#b08800' : s.knownExploit ? COLOURS.critical : '#333';
    parts.push(
      `<g><title>${esc(`${s.kind} (cost ${s.cost})`)}</title><line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="1.5" marker-end="url(#arrow)"${s.assumesExploit ? ' stroke-dasharray="4 3"' : ''}/>` +
        `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 5}" text-anchor="middle" font-size="9" fill="${colour}">${esc(s.kind)}</text></g>`,
    );
  });
  return `<svg class="path" role="img" aria-label="${esc(ids.join(' → '))}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>${parts.join('')}</svg>`;
}

/** Findings by severity over time, as stacked bars (oldest left). */
export function trendSvg(points: readonly TrendPoint[]): string {
  const w = 640;
  const h = 180;
  const max = Math.max(
    1,
    ...points.map((p) => SEVERITY_ORDER.reduce((n, s) => n + (p.bySeverity[s] ?? 0), 0)),
  );
  const bar = Math.max(4, Math.min(40, (w - 40) / points.length - 4));
  const bars = points.map((p, i) => {
    let y = h - 20;
    const x = 30 + i * (bar + 4);
    const stack = [...SEVERITY_ORDER].reverse().map((s) => {
      const n = p.bySeverity[s] ?? 0;
      const height = ((h - 40) * n) / max;
      y -= height;
      return n
        ? `<rect x="${x}" y="${y}" width="${bar}" height="${height}" fill="${COLOURS[s]}"><title>${esc(`${p.generatedAt}: ${n} ${s}`)}</title></rect>`
        : '';
    });
    return stack.join('');
  });
  return `<svg class="trend" role="img" aria-label="findings by severity over ${points.length} reports" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><line x1="28" y1="${h - 20}" x2="${w}" y2="${h - 20}" stroke="#999"/><text x="0" y="24" font-size="10">${max}</text><text x="0" y="${h - 22}" font-size="10">0</text>${bars.join('')}<text x="30" y="${h - 5}" font-size="10">${esc(points[0]?.generatedAt.slice(0, 16) ?? '')}</text><text x="${w}" y="${h - 5}" font-size="10" text-anchor="end">${esc(points.at(-1)?.generatedAt.slice(0, 16) ?? '')}</text></svg>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1040px;color:#1d232b;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e4e7eb;padding:4px 6px;text-align:left;vertical-align:top}code{font-size:12px;word-break:break-all}
.cards{display:flex;gap:1rem}.card{border-left:6px solid;padding:.4rem 1rem;min-width:90px}.card b{font-size:1.6rem;display:block}
.finding{border:1px solid #e4e7eb;border-radius:6px;padding:.6rem 1rem;margin:1rem 0;break-inside:avoid}
.sev{color:#fff;border-radius:4px;padding:0 6px;font-size:12px}.muted{color:#5b6b7f}svg.path{max-width:100%;height:auto}
@media print{body{margin:0}.finding{page-break-inside:avoid}}`;

export function reportHtml(
  report: Report,
  options: { diff?: ReportDiff; trend?: readonly TrendPoint[] } = {},
): string {
  const c = report.counts;
  const badge = (s: Severity) => `<span class="sev" style="background:${COLOURS[s]}">${s}</span>`;
  const change = new Map(options.diff?.entries.map((e) => [e.identity, e.change]));
  const drawn = report.findings.slice(0, HTML_DRAWN);
  const rest = report.findings.slice(HTML_DRAWN);
  const finding = (f: ReportFinding) => `<section class="finding" id="${esc(f.identity)}">
<h3>${badge(f.severity)} ${esc(f.cause)}${change.get(f.identity) ? ` <span class="muted">(${esc(change.get(f.identity)!)})</span>` : ''}</h3>
<p>${esc(f.entries[0]?.id ?? f.entryClass)}${f.entriesTotal > 1 ? ` and ${f.entriesTotal - 1} more` : ''} (${esc(f.entryClass)}) reach ${f.jewels.map((j) => `<code>${esc(j.id)}</code> at cost ${j.cost}`).join(', ')}${f.assumesExploit ? ' — <b>assumes an exploit</b> of a running service' : ''}. <span class="muted">${esc(f.severityReason)}</span></p>
${pathSvg(f)}
<p><b>Fix:</b> ${esc(f.remediation)}</p>
<details><summary>Evidence, step by step</summary><ol>${f.path
    .map(
      (s) =>
        `<li><code>${esc(s.from)}</code> —${esc(s.kind)} (${s.cost})→ <code>${esc(s.to)}</code><ul>${s.evidence
          .map(
            (e) =>
              `<li>${esc(`${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`)} <code>${esc(e.path)}</code>${e.note ? ` — ${esc(e.note)}` : ''}</li>`,
          )
          .join('')}</ul></li>`,
    )
    .join('')}</ol></details>
<p class="muted">identity ${esc(f.identity)} · first seen ${esc(f.firstSeen)}</p></section>`;
  const d = options.diff;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>kubepath report: ${esc(report.cluster.name)}</title><style>${STYLE}</style></head><body>
<h1>kubepath report: ${esc(report.cluster.name)}</h1>
<p class="muted">${esc(report.generatedAt)} · kubepath ${esc(report.kubepathVersion)} · exploits: ${esc(report.exploits)} · ${c.entryPoints} entry points checked against ${c.jewels.map((j) => `<code>${esc(j)}</code>`).join(', ')}</p>
<div class="cards" data-testid="summary">${SEVERITY_ORDER.map((s) => `<div class="card" style="border-color:${COLOURS[s]}"><b>${c.bySeverity[s] ?? 0}</b>${s}</div>`).join('')}</div>
${
  d
    ? `<h2>Since ${esc(d.baseline.generatedAt)}</h2><p data-testid="diff">${d.counts.new} new, ${d.counts.worse} worse, ${d.counts.better} better, ${d.counts.resolved} resolved, ${d.counts.unchanged} unchanged, ${d.counts.incomparable} incomparable</p>
<ul>${d.entries
        .filter((e) => e.change !== 'unchanged')
        .slice(0, 50)
        .map(
          (e) =>
            `<li><b>${e.change}</b> ${badge(e.finding.severity)} ${esc(e.key)}${e.why ? ` — ${esc(e.why)}` : ''}</li>`,
        )
        .join('')}</ul>`
    : ''
}
${options.trend && options.trend.length > 1 ? `<h2>Trend</h2><div data-testid="trend">${trendSvg(options.trend)}</div>` : ''}
<h2>Fix these first</h2>${report.fixes.length ? `<ol>${report.fixes.map((x) => `<li><code>${esc(x.object)}</code> — closes ${x.closes} pair(s), adds ${x.addedCost} to the rest: ${esc(x.fix)}</li>`).join('')}</ol>` : '<p>No change closes a path.</p>'}
<h2>Findings (${c.findings})</h2>
${report.findings.length === 0 ? '<p>No entry point reaches a crown jewel.</p>' : ''}
${drawn.map(finding).join('\n')}
${rest.length || report.findingsTruncated ? `<p class="muted" data-testid="capped">${HTML_DRAWN} findings are drawn; the ${c.findings - drawn.length} others are listed below${report.findingsTruncated ? ` (the report keeps the first ${report.findings.length})` : ''}.</p>` : ''}
${rest.length ? `<table><tr><th>severity</th><th>cost</th><th>cause</th><th>entry</th><th>fix</th></tr>${rest.map((f) => `<tr><td>${f.severity}</td><td>${f.cost}</td><td><code>${esc(f.cause)}</code></td><td><code>${esc(f.entries[0]?.id ?? '')}</code></td><td>${esc(f.remediation)}</td></tr>`).join('')}</table>` : ''}
${report.nodeFindings.length ? `<h2>Node findings (kube-bench)</h2><table><tr><th>node</th><th>check</th><th>remediation</th></tr>${report.nodeFindings.map((n) => `<tr><td>${esc(n.node ?? '')}</td><td>${esc(n.id)} ${esc(n.text)}</td><td>${esc(n.remediation ?? '')}</td></tr>`).join('')}</table>` : ''}
<h2>What this scan could not see</h2><ul>${
    [
      report.coverage.unseenKinds.length ? `Not seen: ${report.coverage.unseenKinds.join(', ')}` : '',
      ...report.coverage.gaps,
      report.coverage.skippedTotal ? `${report.coverage.skippedTotal} document(s) or object(s) skipped` : '',
      report.coverage.evidence
        ? ''
        : 'No vulnerability, KEV or kube-bench evidence: every exploit step is an assumption.',
    ]
      .filter(Boolean)
      .map((x) => `<li>${esc(x)}</li>`)
      .join('') || '<li>Everything kubepath reads was there.</li>'
  }</ul>
</body></html>
`;
}
