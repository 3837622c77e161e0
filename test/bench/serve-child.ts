// `kubepath serve` in a child process for the benchmarks: the server gets its own event loop
// (and core), so a load generator in the benchmark's process does not slow it down.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface ChildServer {
  url: string;
  stop: () => Promise<void>;
}

/** Starts the API on 127.0.0.1 (a free port) with `inputs` as snapshot "default" and `env` added. */
export async function serveInChild(inputs: string[], env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.KUBEPATH_BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.KUBEPATH_BENCH_CPU_PROF}`]
        : []),
      '--conditions=kubepath-source',
      '--import',
      'tsx',
      join(root, 'apps/api/src/main.ts'),
      '--port',
      '0',
      '--data',
      mkdtempSync(join(tmpdir(), 'kubepath-bench-serve-')),
      ...inputs.flatMap((i) => ['--input', i]),
    ],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const listen = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      // Read on (the pipe must not fill up) but keep nothing: access logs can be long.
      child.stdout.off('data', listen);
      child.stdout.resume();
      resolve(m[1]!);
    };
    child.stdout.on('data', listen);
    child.on('exit', (code) => reject(new Error(`kubepath serve exited (${code}):\n${out}`)));
  });
  process.stdout.write(out);
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
