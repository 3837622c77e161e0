/**
 * End-to-end harness: builds the viewer when its bundle is missing or older than its sources,
 * starts a real `kubepath serve` (the API's main, as users run it) on 127.0.0.1 with a fresh
 * data directory, and launches Debian's Chromium through playwright-core — never a
 * downloaded browser. KUBEPATH_CHROMIUM overrides the browser path.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '@kubepath/testkit';

export const CHROMIUM = process.env.KUBEPATH_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** Screenshots and other artifacts of the browser tests (kept after the run). */
export const artifactsDir = join(repoRoot(), 'test-results', 'viewer');

/** Builds apps/viewer/dist unless it is newer than its sources (scripts/build-viewer.mjs). */
export function ensureViewerBuilt(): void {
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'build-viewer.mjs')], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building the viewer failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Served {
  url: string;
  /** An admin token, and a read-only one. */
  token: string;
  readToken: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `kubepath serve` with the given inputs (the bundled demo cluster when none). */
export async function serve(
  options: { inputs?: string[]; env?: Record<string, string> } = {},
): Promise<Served> {
  const token = `e2e-admin-${Math.random().toString(36).slice(2)}-0123456789`;
  const readToken = `e2e-reader-${Math.random().toString(36).slice(2)}-0123456789`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--conditions=kubepath-source',
      '--import',
      'tsx',
      join(repoRoot(), 'apps', 'api', 'src', 'main.ts'),
      '--port',
      '0',
      '--data',
      mkdtempSync(join(tmpdir(), 'kubepath-e2e-')),
      ...(options.inputs ?? []).flatMap((i) => ['--input', i]),
    ],
    {
      cwd: repoRoot(),
      env: {
        ...process.env,
        KUBEPATH_TOKENS: `e2e:admin:${token},e2e-reader:read:${readToken}`,
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kubepath serve did not start:\n${output}`)), 120_000);
    const check = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`kubepath serve exited (${code}):\n${output}`)));
  });
  return {
    url,
    token,
    readToken,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}
