/** A report (and its diff) as Markdown, for pull requests and chat. */
import type { ReportDiff } from '../diff.js';
import { SEVERITY_ORDER, type Report } from '../model.js';

/** Findings listed in Markdown; the JSON and HTML have more. */
const LISTED = 25;

/** Pipes and newlines would break a table cell; backticks a code span. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function reportMarkdown(report: Report, diff?: ReportDiff): string {
  const c = report.counts;
  const lines = [
    `# kubepath report: ${report.cluster.name}`,
    '',
    `${report.generatedAt} · kubepath ${report.kubepathVersion} · exploits: ${report.exploits} · ${c.entryPoints} entry points checked against ${c.jewels.map(code).join(', ')}`,
    '',
    `| ${SEVERITY_ORDER.join(' | ')} |`,
    `| ${SEVERITY_ORDER.map(() => '---').join(' | ')} |`,
    `| ${SEVERITY_ORDER.map((s) => c.bySeverity[s] ?? 0).join(' | ')} |`,
    '',
  ];
  if (diff) {
    lines.push(
      `## Since ${diff.baseline.generatedAt}`,
      '',
      `${diff.counts.new} new, ${diff.counts.worse} worse, ${diff.counts.better} better, ${diff.counts.resolved} resolved, ${diff.counts.unchanged} unchanged, ${diff.counts.incomparable} incomparable`,
      '',
    );
    for (const e of diff.entries.filter((x) => x.change !== 'unchanged').slice(0, LISTED))
      lines.push(
        `- **${e.change}** ${e.finding.severity}: ${cell(e.key)}${e.before && e.change !== 'resolved' ? ` (was ${e.before.severity}, cost ${e.before.cost})` : ''}${e.why ? ` — ${e.why}` : ''}`,
      );
    lines.push('');
  }
  lines.push('## Findings', '');
  if (report.findings.length === 0) lines.push('No entry point reaches a crown jewel.', '');
  else {
    lines.push('| severity | cost | entry | cause | jewels | fix |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of report.findings.slice(0, LISTED)) {
      const more = f.entriesTotal > 1 ? ` +${f.entriesTotal - 1}` : '';
      lines.push(
        `| ${f.severity}${f.assumesExploit ? ' (assumes an exploit)' : ''} | ${f.cost} | ${code(f.entries[0]?.id ?? '')}${more} | ${code(cell(f.cause))} | ${f.jewels.map((j) => code(j.id)).join(', ')} | ${cell(f.remediation)} |`,
      );
    }
    if (c.findings > LISTED)
      lines.push('', `… and ${c.findings - LISTED} more (the JSON and HTML reports list them).`);
    lines.push('');
  }
  if (report.fixes.length) {
    lines.push('## Fix these first', '');
    report.fixes
      .slice(0, 5)
      .forEach((x, i) =>
        lines.push(
          `${i + 1}. ${code(x.object)} — closes ${x.closes} pair(s), adds ${x.addedCost} to the rest: ${cell(x.fix)}`,
        ),
      );
    lines.push('');
  }
  const cov = report.coverage;
  const unseen = [
    cov.unseenKinds.length ? `not seen: ${cov.unseenKinds.join(', ')}` : '',
    ...cov.gaps,
    cov.skippedTotal ? `${cov.skippedTotal} document(s) or object(s) skipped` : '',
    cov.evidence ? '' : 'no vulnerability, KEV or kube-bench evidence: exploit steps are assumptions',
  ].filter(Boolean);
  if (unseen.length)
    lines.push('## What this scan could not see', '', ...unseen.map((u) => `- ${cell(u)}`), '');
  return lines.join('\n');
}
