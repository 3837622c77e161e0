/** A report in any of its formats, as text: one place for the CLI, the API and deliveries. */
import type { ReportDiff } from '../diff.js';
import type { Report, Severity } from '../model.js';
import { reportHtml, type TrendPoint } from './html.js';
import { reportJunit } from './junit.js';
import { reportMarkdown } from './markdown.js';
import { reportSarif } from './sarif.js';

export const REPORT_FORMATS = ['json', 'md', 'html', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The file name of each format in an output folder. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  json: 'report.json',
  md: 'report.md',
  html: 'report.html',
  sarif: 'report.sarif',
  junit: 'report.junit.xml',
};

/** The HTTP content type of each format. */
export const REPORT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  sarif: 'application/sarif+json',
  junit: 'application/xml',
};

export function renderReport(
  report: Report,
  format: ReportFormat,
  options: { diff?: ReportDiff; trend?: readonly TrendPoint[]; failOn?: Severity; baseDir?: string } = {},
): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'md':
      return reportMarkdown(report, options.diff);
    case 'html':
      return reportHtml(report, {
        ...(options.diff ? { diff: options.diff } : {}),
        ...(options.trend ? { trend: options.trend } : {}),
      });
    case 'sarif':
      return JSON.stringify(reportSarif(report, options.baseDir), null, 2) + '\n';
    case 'junit':
      return reportJunit(report, options.failOn);
  }
}
