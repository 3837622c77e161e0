/** Building, reading and writing reports for `kubepath report` and `kubepath diff`. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateObjects } from '@kubepath/collector';
import type { ExploitMode } from '@kubepath/analyzer';
import {
  buildReport,
  parseReport,
  renderReport,
  REPORT_API_VERSION,
  REPORT_FILES,
  REPORT_FORMATS,
  type Report,
  type ReportDiff,
  type ReportFormat,
  type Severity,
} from '@kubepath/report';
import { loadGraph } from './graph-loader.js';
import { EXIT, ExitError, type CliIo } from './io.js';

export interface ReportOptions {
  exploits: ExploitMode;
  kev?: string;
  node?: string;
  crownJewels?: string;
  clusterName?: string;
}

/** Loads the inputs and reports on them; manifest objects are located by file and line. */
export async function reportFromInputs(inputs: string[], io: CliIo, opts: ReportOptions): Promise<Report> {
  const { snapshot, index } = await loadGraph(inputs, io, opts);
  const yamlFiles = snapshot.coverage.inputs.filter((i) => i.format === 'yaml').map((i) => i.path);
  return buildReport({ snapshot, index, exploits: opts.exploits, locate: await locateObjects(yamlFiles) });
}

/** A saved report, or null when the file is something else (a cluster to report on). */
export function readReportFile(path: string, io: CliIo): Report | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  // Only a file that says it is a report is read as one; a bad one is an error, not a cluster.
  if (!text.slice(0, 4096).includes(REPORT_API_VERSION)) return null;
  try {
    return parseReport(JSON.parse(text), path);
  } catch (error) {
    io.stderr(`kubepath: ${error instanceof SyntaxError ? `${path}: not JSON` : (error as Error).message}\n`);
    throw new ExitError(EXIT.usage);
  }
}

/** Writes each format to its file in `dir`; returns the paths. */
export function writeReports(
  dir: string,
  report: Report,
  formats: readonly ReportFormat[],
  diff: ReportDiff | undefined,
  failOn?: Severity,
): string[] {
  mkdirSync(dir, { recursive: true });
  const written = formats.map((f) => {
    const path = join(dir, REPORT_FILES[f]);
    writeFileSync(
      path,
      renderReport(report, f, { ...(diff ? { diff } : {}), ...(failOn ? { failOn } : {}) }),
    );
    return path;
  });
  if (diff) {
    const path = join(dir, 'diff.json');
    writeFileSync(path, JSON.stringify(diff, null, 2) + '\n');
    written.push(path);
  }
  return written;
}

/** `json,md` → the formats, or a usage error naming the unknown one. */
export function parseFormats(value: string, io: CliIo): ReportFormat[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length || list.length === 0) {
    io.stderr(`kubepath: --format ${value}: use one or more of ${REPORT_FORMATS.join(', ')}\n`);
    throw new ExitError(EXIT.usage);
  }
  return [...new Set(list)] as ReportFormat[];
}

/** A baseline of another cluster is allowed (a staging variant), but said. */
export function warnOtherCluster(baseline: Report, current: Report, io: CliIo): void {
  if (baseline.cluster.name !== current.cluster.name)
    io.stderr(
      `kubepath: warning: comparing scans of two clusters: ${baseline.cluster.name} and ${current.cluster.name}\n`,
    );
}
