/**
 * A report as JUnit XML, for CI systems that show test results: one test case per finding
 * kind (the edge that opens the path), failing when any finding of that kind is at or above
 * the threshold; its failure lists them.
 */
import { SEVERITY_ORDER, type Report, type Severity } from '../model.js';

/** The C0 controls but tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 has no place for most control characters, even escaped.
    .replace(CONTROL_CHARACTERS, '');

export function reportJunit(report: Report, failOn: Severity = 'low'): string {
  const threshold = SEVERITY_ORDER.indexOf(failOn);
  const kinds = [...new Set(report.findings.map((f) => f.kind))].sort();
  const cases = kinds.map((kind) => {
    const all = report.findings.filter((f) => f.kind === kind);
    const failing = all.filter((f) => SEVERITY_ORDER.indexOf(f.severity) <= threshold);
    const name = `${kind}: no path to a crown jewel opens here`;
    if (failing.length === 0)
      return `    <testcase classname="kubepath.${xml(report.cluster.name)}" name="${xml(name)}"/>`;
    const body = failing
      .map((f) => `${f.severity} cost ${f.cost}: ${f.key}\n  fix: ${f.remediation}`)
      .join('\n');
    return [
      `    <testcase classname="kubepath.${xml(report.cluster.name)}" name="${xml(name)}">`,
      `      <failure type="${failing[0]!.severity}" message="${failing.length} finding(s) at or above ${failOn}">${xml(body)}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
  const failures = cases.filter((c) => c.includes('<failure')).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kubepath" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="kubepath: ${xml(report.cluster.name)}" tests="${cases.length}" failures="${failures}" errors="0" timestamp="${xml(report.generatedAt)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
