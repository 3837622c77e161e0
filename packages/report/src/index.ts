/** @kubepath/report — findings of an analysed snapshot as reports: model, stable identities, diffs and formats. */
export * from './model.js';
export { buildReport, MAX_REPORT_FINDINGS, type ReportInput } from './build.js';
export { identityOf, podWorkloads, stableCause } from './identity.js';
export { CHANGES, diffReports, withHistory, type Change, type DiffEntry, type ReportDiff } from './diff.js';
export { reportMarkdown } from './formats/markdown.js';
export { reportSarif, SECURITY_SEVERITY } from './formats/sarif.js';
export { reportJunit } from './formats/junit.js';
export { HTML_DRAWN, pathSvg, reportHtml, trendSvg, type TrendPoint } from './formats/html.js';
export {
  renderReport,
  REPORT_FILES,
  REPORT_FORMATS,
  REPORT_TYPES,
  type ReportFormat,
} from './formats/render.js';
