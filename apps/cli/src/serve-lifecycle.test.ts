// `kubepath serve` as users run it, in its own process: signals reach the API it starts (no
// orphan keeps listening), its exit status is the API's, and a start that cannot work ends
// with one line and exit 2, never a stack trace.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runKubepathMeasured } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';

const TOKENS = 'ops:admin:admin-token-0123456789abcdef';

function startServe(env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [
      '--conditions=kubepath-source',
      '--import',
      'tsx',
      join(repoRoot(), 'apps', 'cli', 'src', 'main.ts'),
      'serve',
      '--port',
      '0',
      '--data',
      mkdtempSync(join(tmpdir(), 'kubepath-serve-')),
    ],
    { cwd: repoRoot(), env: { ...process.env, KUBEPATH_TOKENS: TOKENS, LOG_LEVEL: 'warn', ...env } },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`serve exited:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited };
}

/** The pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const answers = (url: string) =>
  fetch(`${url}/healthz`).then(
    (r) => r.ok,
    () => false,
  );

async function stopped(child: ChildProcess, exited: Promise<number | null>) {
  const code = await exited;
  expect(child.exitCode ?? code).not.toBeNull();
  return code;
}

describe('kubepath serve: lifecycle', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'passes %s on to the API, which stops listening; exits 0',
    async (signal) => {
      const { child, url, exited } = startServe();
      const address = await url;
      expect(await answers(address)).toBe(true);
      child.kill(signal);
      expect(await stopped(child, exited)).toBe(0);
      expect(await answers(address)).toBe(false); // no orphan holds the port
    },
  );
  it('exits with the status of an API that died from a signal (128 + its number), not 0', async () => {
    const { child, url, exited } = startServe();
    await url;
    const [api] = childrenOf(child.pid!);
    expect(api).toBeDefined();
    process.kill(api!, 'SIGKILL');
    expect(await stopped(child, exited)).toBe(128 + 9);
  });
  it('says the address is in use and exits 2, instead of claiming to listen', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const run = await runKubepathMeasured(
        ['serve', '--port', String(port), '--data', mkdtempSync(join(tmpdir(), 'kp-'))],
        {
          env: { KUBEPATH_TOKENS: TOKENS, LOG_LEVEL: 'warn' },
        },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `kubepath: cannot start the API: cannot listen on 127.0.0.1:${port}: address in use`,
      );
      expect(run.stdout).not.toContain('listening on');
    } finally {
      blocker.close();
    }
  });
  it.each([
    ['a token under 16 characters', ['serve'], { KUBEPATH_TOKENS: 'a:read:short' }, /KUBEPATH_TOKENS/],
    ['a port that is not a number', ['serve', '--port', 'abc'], {}, /--port: "abc" is not a port number/],
    [
      'a token file that is not there',
      ['serve'],
      { KUBEPATH_TOKEN_FILE: '/nonexistent/tokens' },
      /KUBEPATH_TOKEN_FILE: cannot read/,
    ],
    [
      'a load limit that is not a number',
      ['serve'],
      { KUBEPATH_MAX_YAML_BYTES: 'big' },
      /KUBEPATH_MAX_YAML_BYTES/,
    ],
  ])('ends %s with one line and exit 2', async (_what, args, env, message) => {
    const run = await runKubepathMeasured(args, { env: { KUBEPATH_TOKENS: TOKENS, ...env } });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kubepath: cannot start the API: /);
    expect(lines[0]).toMatch(message);
  });
});
