// The one test command must never say "0 failed" for a run that erred (issue: an unhandled
// rejection printed on a fresh clone ended "606 passed, 0 failed" with exit 0).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summariseTestRun } from '../../scripts/test-summary.mjs';

const root = join(import.meta.dirname, '..', '..');
const fixture = join(import.meta.dirname, 'fixtures', 'unhandled-rejection');
const clean = { numPassedTests: 3, numFailedTests: 0, numFailedTestSuites: 0, numPendingTests: 0 };

describe('the test command summary', () => {
  it('counts a real vitest run with an unhandled rejection as failed, though every test passed', () => {
    const report = join(mkdtempSync(join(tmpdir(), 'kubepath-summary-')), 'results.json');
    const run = spawnSync(
      join(root, 'node_modules', '.bin', 'vitest'),
      ['run', '--root', fixture, '--reporter=json', `--outputFile.json=${report}`],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '' } },
    );
    const parsed = JSON.parse(readFileSync(report, 'utf8'));
    expect(parsed.numPassedTests).toBe(1);
    expect(parsed.numFailedTests).toBe(0);
    expect(run.status).not.toBe(0);
    const summary = summariseTestRun({ report: parsed, status: run.status, failedChecks: 0, ci: false });
    expect(summary.passed).toBe(1);
    expect(summary.failed).toBe(1);
    expect(summary.reasons.join(' ')).toMatch(/unhandled/);
  });
  it('passes a clean run', () => {
    expect(summariseTestRun({ report: clean, status: 0, failedChecks: 0, ci: true })).toMatchObject({
      passed: 3,
      failed: 0,
    });
  });
  it('fails a run with no report, a killed vitest, a skipped test in CI, or no test at all', () => {
    expect(summariseTestRun({ report: null, status: 1, failedChecks: 0, ci: false }).failed).toBe(1);
    expect(
      summariseTestRun({ report: clean, status: null, signal: 'SIGKILL', failedChecks: 0, ci: false }).failed,
    ).toBe(1);
    const skipped = { ...clean, numPendingTests: 2 };
    expect(summariseTestRun({ report: skipped, status: 0, failedChecks: 0, ci: true }).failed).toBe(2);
    expect(summariseTestRun({ report: skipped, status: 0, failedChecks: 0, ci: false }).failed).toBe(0);
    const none = { ...clean, numPassedTests: 0 };
    expect(summariseTestRun({ report: none, status: 0, failedChecks: 0, ci: false }).failed).toBe(1);
  });
  it('adds the checks that failed before the tests (type-check, lint)', () => {
    expect(summariseTestRun({ report: clean, status: 0, failedChecks: 2, ci: false }).failed).toBe(2);
  });
});
