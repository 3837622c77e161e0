/** Running a kubepath command as its own process and measuring it: exit code, time, peak memory. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** What one measured run printed and cost. */
export interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size in MiB (reported by the process itself as it exits). */
  maxRssMiB: number;
}

/** Runs `kubepath ARGS` from source in a child process (killed after `timeoutMs`). */
export function runKubepathMeasured(
  args: string[],
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<MeasuredRun> {
  const root = repoRoot();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--conditions=kubepath-source',
      '--import',
      'tsx',
      '--import',
      join(root, 'packages', 'testkit', 'src', 'report-max-rss.mjs'),
      join(root, 'apps', 'cli', 'src', 'main.ts'),
      ...args,
    ],
    { cwd: root, env: { ...process.env, CI: 'true', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // The last report is this process's; a child started with the same flags (serve) reports too.
      const reports = [...stderr.matchAll(/kubepath-test max-rss-kb (\d+)/g)];
      const rss = reports.at(-1);
      resolve({
        code,
        signal,
        stdout,
        stderr: stderr.replace(/\n?kubepath-test max-rss-kb \d+\n/g, ''),
        ms: performance.now() - started,
        maxRssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN,
      });
    });
  });
}
