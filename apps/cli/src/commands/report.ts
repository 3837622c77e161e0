/**
 * `kubepath report <input...>`: the report of a cluster (files, a snapshot) in JSON, Markdown,
 * HTML, SARIF or JUnit, against a baseline report when one is given. For CI: `--fail-on` and
 * `--fail-on-new` set the exit code (1), so a build can fail only on what a change made worse.
 */
import { Command, Option } from 'commander';
import { diffReports, renderReport, SEVERITY_ORDER, withHistory, type Severity } from '@kubepath/report';
import { EXIT, ExitError, type CliIo } from '../io.js';
import {
  parseFormats,
  readReportFile,
  reportFromInputs,
  warnOtherCluster,
  writeReports,
  type ReportOptions,
} from '../reports.js';
import { withExploitMode } from '../search-limits.js';

interface Options extends ReportOptions {
  format: string;
  outputDir?: string;
  baseline?: string;
  failOn?: Severity;
  failOnNew?: boolean;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const atLeast = (s: Severity, threshold: Severity) =>
  SEVERITY_ORDER.indexOf(s) <= SEVERITY_ORDER.indexOf(threshold);

export function reportCommand(io: CliIo): Command {
  return withExploitMode(new Command('report'))
    .description(
      'report the attack paths of a cluster: JSON, Markdown, HTML, SARIF or JUnit, against a baseline',
    )
    .argument(
      '<input...>',
      'files or directories, as analyze takes them (kubectl JSON, YAML, dumps, snapshots)',
    )
    .option('--format <list>', 'json, md, html, sarif, junit (comma-separated)', 'json')
    .option(
      '--output-dir <dir>',
      'write report.json, report.md, report.html, report.sarif, report.junit.xml there (and diff.json with --baseline)',
    )
    .option(
      '--baseline <report.json>',
      'an earlier report of the cluster: new, resolved, worse and better findings, and first seen',
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(SEVERITIES),
    )
    .option(
      '--fail-on-new',
      'with --baseline: only findings that are new or worse fail (at --fail-on or above, if given)',
    )
    .option('--cluster-name <name>', 'name the cluster (default: from a dump archive, else the first input)')
    .option('--crown-jewels <file>', 'YAML config of extra crown jewels (kind: CrownJewels)')
    .addHelpText(
      'after',
      '\nExamples:\n  kubepath report examples/demo-cluster --format md\n  kubepath report manifests/ --format sarif,json --output-dir out --baseline main-report.json --fail-on-new --fail-on high',
    )
    .action(async (inputs: string[], opts: Options) => {
      const formats = parseFormats(opts.format, io);
      if (formats.length > 1 && !opts.outputDir) {
        io.stderr('kubepath: more than one --format needs --output-dir (one file per format)\n');
        throw new ExitError(EXIT.usage);
      }
      if (opts.failOnNew && !opts.baseline) {
        io.stderr('kubepath: --fail-on-new needs --baseline (the report to compare with)\n');
        throw new ExitError(EXIT.usage);
      }
      const baseline = opts.baseline ? readReportFile(opts.baseline, io) : undefined;
      if (opts.baseline && !baseline) {
        io.stderr(
          `kubepath: --baseline ${opts.baseline}: not a kubepath report (write one with kubepath report --format json)\n`,
        );
        throw new ExitError(EXIT.usage);
      }
      const report = withHistory(await reportFromInputs(inputs, io, opts), baseline ?? undefined);
      if (baseline) warnOtherCluster(baseline, report, io);
      const diff = baseline ? diffReports(baseline, report) : undefined;
      if (opts.outputDir) {
        for (const path of writeReports(opts.outputDir, report, formats, diff, opts.failOn))
          io.stderr(`kubepath: wrote ${path}\n`);
      } else
        io.stdout(
          renderReport(report, formats[0]!, {
            ...(diff ? { diff } : {}),
            ...(opts.failOn ? { failOn: opts.failOn } : {}),
          }),
        );

      // The exit code: the findings that count, at the threshold.
      const threshold = opts.failOn ?? (opts.failOnNew ? 'low' : undefined);
      if (!threshold) return;
      const counted = opts.failOnNew
        ? diff!.entries.filter((e) => e.change === 'new' || e.change === 'worse').map((e) => e.finding)
        : report.findings;
      const failing = counted.filter((f) => atLeast(f.severity, threshold));
      if (failing.length) {
        io.stderr(
          `kubepath: ${failing.length} ${opts.failOnNew ? 'new or worse ' : ''}finding(s) at ${threshold} or above\n`,
        );
        throw new ExitError(EXIT.findings);
      }
    });
}
