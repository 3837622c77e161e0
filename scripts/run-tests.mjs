#!/usr/bin/env node
// The one test command (README, `npm test`, and .ci/run): type-check, lint, then every vitest
// test. Ends with a plain `N passed, N failed` line, which CI's log reader understands. In CI a
// skipped test counts as a failure: a test that does not run proves nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, cmd, args) {
  console.log(`\n── ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

// The browser tests need Debian's Chromium and the built viewer.
spawnSync(process.execPath, [join(root, 'scripts', 'ensure-chromium.mjs')], { stdio: 'inherit' });
let failedChecks = 0;
if (!step('build the viewer (vite)', process.execPath, [join(root, 'scripts', 'build-viewer.mjs')]))
  failedChecks++;
if (!step('type-check (tsc --build)', bin('tsc'), ['--build'])) failedChecks++;
if (!step('lint (eslint)', bin('eslint'), ['.'])) failedChecks++;

const report = join(mkdtempSync(join(tmpdir(), 'kubepath-vitest-')), 'results.json');
step('tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = failedChecks;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed += r.numFailedTests + (r.numFailedTestSuites ?? 0);
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
} else {
  console.error('vitest wrote no results: counting the test run as failed');
  failed += 1;
}
if (process.env.CI && skipped > 0) {
  console.error(`${skipped} test(s) skipped in CI: a skipped test is a failure here`);
  failed += skipped;
}
if (failedChecks) console.log(`(${failedChecks} check(s) failed before the tests: see above)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
