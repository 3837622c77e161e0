/**
 * `kubepath serve` in a child process, as users run it (the API's main from source), on
 * 127.0.0.1 with a free port and a fresh data directory: for the browser tests and the
 * benchmarks, which must not share the server's event loop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** Output kept for `output()`: the start-up lines, not a long run's access log. */
const MAX_OUTPUT = 64 * 1024;

export interface ServedKubepath {
  url: string;
  /** What the server printed (stdout and stderr), its first 64 KiB. */
  output: () => string;
  stop: () => Promise<void>;
}

export async function serveKubepath(
  options: { inputs?: string[]; env?: Record<string, string>; nodeArgs?: string[]; dataDir?: string } = {},
): Promise<ServedKubepath> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--conditions=kubepath-source',
      '--import',
      'tsx',
      join(repoRoot(), 'apps', 'api', 'src', 'main.ts'),
      '--port',
      '0',
      '--data',
      options.dataDir ?? mkdtempSync(join(tmpdir(), 'kubepath-serve-')),
      ...(options.inputs ?? []).flatMap((i) => ['--input', i]),
    ],
    {
      cwd: repoRoot(),
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (d: Buffer) => {
    if (output.length < MAX_OUTPUT) output += d;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kubepath serve did not start:\n${output}`)), 300_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`kubepath serve exited (${code}):\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
