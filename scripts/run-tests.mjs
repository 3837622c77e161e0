#!/usr/bin/env node
// The one test command (README, `npm test`, and .ci/run): type-check, lint, then every vitest
// test. Ends with a plain `N passed, N failed` line, which CI's log reader understands. In CI a
// skipped test counts as a failure: a test that does not run proves nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summariseTestRun } from './test-summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(title, cmd, args) {
  console.log(`\n── ${title}`);
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
}
const step = (title, cmd, args) => run(title, cmd, args).status === 0;

// The browser tests need Debian's Chromium and the built viewer.
spawnSync(process.execPath, [join(root, 'scripts', 'ensure-chromium.mjs')], { stdio: 'inherit' });
// The API fuzz test needs schemathesis (PyPI, in a venv under .cache/).
spawnSync(process.execPath, [join(root, 'scripts', 'ensure-schemathesis.mjs')], { stdio: 'inherit' });
// The live collector's tests need a real kube-apiserver + etcd, built from the Go module proxy
// once per version (minutes cold, cached outside the checkout; scripts/test-cluster.mjs).
let failedChecks = 0;
if (
  !step('build the test cluster (kube-apiserver, etcd)', process.execPath, [
    join(root, 'scripts', 'test-cluster.mjs'),
    'build',
  ])
)
  failedChecks++;
// The NetworkPolicy differential test compares with netpol-analyzer, built the same way.
if (
  !step('build netpol-analyzer (the NetworkPolicy reference)', process.execPath, [
    join(root, 'scripts', 'netpol-analyzer.mjs'),
    'build',
  ])
)
  failedChecks++;
// The Neo4j tests run a real Neo4j Community: tools/neo4j's launcher, built with Maven once.
if (
  !step('build the Neo4j launcher (Maven)', process.execPath, [join(root, 'scripts', 'neo4j.mjs'), 'build'])
)
  failedChecks++;
if (!step('build the viewer (vite)', process.execPath, [join(root, 'scripts', 'build-viewer.mjs')]))
  failedChecks++;
if (!step('type-check (tsc --build)', bin('tsc'), ['--build'])) failedChecks++;
if (!step('lint (eslint)', bin('eslint'), ['.'])) failedChecks++;

const report = join(mkdtempSync(join(tmpdir(), 'kubepath-vitest-')), 'results.json');
const vitestStatus = run('tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

const vitestRun = { status: vitestStatus.status, signal: vitestStatus.signal };
const { passed, failed, skipped, reasons } = summariseTestRun({
  report: existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null,
  ...vitestRun,
  failedChecks,
  ci: Boolean(process.env.CI),
});
for (const reason of reasons) console.error(reason);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
