// How one test run is counted, for the plain `N passed, N failed` line CI's log reader wants.
// vitest's JSON report counts tests; it does not count the errors vitest raises outside a
// test (an unhandled rejection, a worker that crashed). Those set vitest's exit status, so
// a run whose status is not 0 is a failure even when every test in the report passed.

/**
 * @param {{ report: null | { numPassedTests: number, numFailedTests: number,
 *   numFailedTestSuites?: number, numPendingTests: number, numTodoTests?: number },
 *   status: number | null, signal?: string | null, failedChecks: number, ci: boolean }} run
 * @returns {{ passed: number, failed: number, skipped: number, reasons: string[] }}
 */
export function summariseTestRun({ report, status, signal = null, failedChecks, ci }) {
  const reasons = [];
  let passed = 0;
  let failed = failedChecks;
  let skipped = 0;
  if (failedChecks) reasons.push(`${failedChecks} check(s) failed before the tests: see above`);
  if (report) {
    passed = report.numPassedTests;
    failed += report.numFailedTests + (report.numFailedTestSuites ?? 0);
    skipped = report.numPendingTests + (report.numTodoTests ?? 0);
  } else {
    reasons.push('vitest wrote no results: counting the test run as failed');
    failed += 1;
  }
  const reportedFailures = report ? report.numFailedTests + (report.numFailedTestSuites ?? 0) : 1;
  if ((status !== 0 || signal) && reportedFailures === 0) {
    // Unhandled errors and rejections: vitest prints them and exits 1, yet no test failed.
    reasons.push(
      signal
        ? `vitest was killed by ${signal}`
        : `vitest exited with status ${status} without a failed test: errors outside the tests (unhandled errors or rejections, see above) count as a failure`,
    );
    failed += 1;
  }
  if (ci && skipped > 0) {
    reasons.push(`${skipped} test(s) skipped in CI: a skipped test is a failure here`);
    failed += skipped;
  }
  if (passed === 0 && failed === 0) {
    reasons.push('no test ran');
    failed += 1;
  }
  return { passed, failed, skipped, reasons };
}
