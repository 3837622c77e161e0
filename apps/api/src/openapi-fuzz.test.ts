// schemathesis (PyPI) fuzzes the served OpenAPI document against `kubepath serve` on
// 127.0.0.1: ~50 examples an operation. It fails on any 5xx, any answer that does not match
// the document, any request valid by the document that is rejected, and any invalid one that
// is accepted (test/api-fuzz/schemathesis.toml says which and why).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, serveKubepath, testCluster, type ServedKubepath } from '@kubepath/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemathesisBin, SCHEMATHESIS_VERSION } from '../../../scripts/ensure-schemathesis.mjs';

const TOKEN = 'fuzz-admin-token-0123456789abcdef';
let server: ServedKubepath;

beforeAll(async () => {
  server = await serveKubepath({
    env: {
      KUBEPATH_TOKENS: `fuzz:admin:${TOKEN}`,
      KUBEPATH_RATE_LIMIT_PER_MINUTE: '1000000',
      // POST /collections collects the real test cluster (vitest's global setup starts it).
      KUBEPATH_CLUSTERS: `prod=${testCluster().kubeconfigs.admin}`,
    },
  });
});
afterAll(() => server?.stop());

function runSchemathesis(schemaFile: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    schemathesisBin,
    [
      '--config-file',
      join(repoRoot(), 'test', 'api-fuzz', 'schemathesis.toml'),
      'run',
      schemaFile,
      '--url',
      server.url,
      '--exclude-deprecated',
      // One worker: hypothesis in several Python 3.11 threads can fail inside its own AST
      // handling ("AST constructor recursion depth mismatch"), an error of the tool, not of ours.
      '--workers',
      '1',
      // The stateful phase needs links between operations, which this API has none of (an
      // upload's id is the only one, and uploads are fuzzed on their own).
      '--phases',
      'examples,coverage,fuzzing',
      '--no-color',
    ],
    // A fresh folder a run: no example database (.hypothesis) carried over from an earlier
    // run, so a run here is the run CI makes.
    {
      cwd: mkdtempSync(join(tmpdir(), 'kubepath-fuzz-')),
      env: { ...process.env, KUBEPATH_FUZZ_TOKEN: TOKEN, SCHEMATHESIS_HOOKS: '' },
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('the OpenAPI document, fuzzed by schemathesis against the running server', () => {
  it('holds for every operation: no 5xx, answers as documented, valid requests accepted', async () => {
    expect(
      existsSync(schemathesisBin),
      `schemathesis ${SCHEMATHESIS_VERSION} is not installed: run node scripts/ensure-schemathesis.mjs`,
    ).toBe(true);
    const res = await fetch(`${server.url}/api/v1/openapi.json`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    const schemaFile = join(mkdtempSync(join(tmpdir(), 'kubepath-openapi-')), 'openapi.json');
    writeFileSync(schemaFile, await res.text());
    const { code, output } = await runSchemathesis(schemaFile);
    if (code !== 0) console.error(output);
    expect(code).toBe(0);
    expect(output).toMatch(/passed/i);
  }, 600_000);
});
