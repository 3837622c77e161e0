// Types for test-summary.mjs (plain JavaScript, so the test command runs without a build).
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites?: number;
  numPendingTests: number;
  numTodoTests?: number;
}
export function summariseTestRun(run: {
  report: VitestReport | null;
  status: number | null;
  signal?: string | null;
  failedChecks: number;
  ci: boolean;
}): { passed: number; failed: number; skipped: number; reasons: string[] };
