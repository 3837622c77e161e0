/**
 * `kubepath diff <a> <b>`: what changed between two scans — each side a saved report
 * (`kubepath report --format json`) or a cluster's inputs (a snapshot, a manifest directory).
 */
import { Command } from 'commander';
import { CHANGES, diffReports, reportMarkdown, withHistory } from '@kubepath/report';
import type { CliIo } from '../io.js';
import { readReportFile, reportFromInputs, warnOtherCluster, type ReportOptions } from '../reports.js';
import { withExploitMode } from '../search-limits.js';

interface Options extends ReportOptions {
  json?: boolean;
  md?: boolean;
}

export function diffCommand(io: CliIo): Command {
  return withExploitMode(new Command('diff'))
    .description('compare two scans: new, resolved, worse, better, unchanged and incomparable findings')
    .argument(
      '<baseline>',
      'the earlier scan: a kubepath report (JSON), a snapshot, or a file or directory of manifests',
    )
    .argument('<current>', 'the later scan, the same way')
    .option('--json', 'print the diff as JSON')
    .option('--md', 'print the later report with the diff as Markdown')
    .addHelpText('after', '\nExample:\n  kubepath diff yesterday.json examples/demo-cluster')
    .action(async (a: string, b: string, opts: Options) => {
      const side = async (path: string) =>
        readReportFile(path, io) ?? (await reportFromInputs([path], io, opts));
      const baseline = await side(a);
      const current = withHistory(await side(b), baseline);
      warnOtherCluster(baseline, current, io);
      const diff = diffReports(baseline, current);
      if (opts.json) return void io.stdout(JSON.stringify(diff, null, 2) + '\n');
      if (opts.md) return void io.stdout(reportMarkdown(current, diff));
      io.stdout(
        `${diff.cluster}: ${CHANGES.map((c) => `${diff.counts[c]} ${c}`).join(', ')} (since ${diff.baseline.generatedAt})\n`,
      );
      for (const e of diff.entries.filter((x) => x.change !== 'unchanged'))
        io.stdout(
          `  ${e.change.padEnd(12)} ${e.finding.severity.padEnd(8)} ${e.key}${e.before && e.change !== 'resolved' ? ` (was ${e.before.severity}, cost ${e.before.cost}; now cost ${e.finding.cost})` : ''}${e.why ? ` — ${e.why}` : ''}\n`,
        );
    });
}
