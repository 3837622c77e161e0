/**
 * End-to-end harness: builds the viewer when its bundle is missing or older than its sources,
 * starts a real `kubepath serve` (testkit's serveKubepath) with an admin and a read-only
 * token, and launches Debian's Chromium through playwright-core — never a
 * downloaded browser. KUBEPATH_CHROMIUM overrides the browser path.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot, serveKubepath, testCluster, type ServedKubepath } from '@kubepath/testkit';

export const CHROMIUM = process.env.KUBEPATH_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots and other artifacts of the browser tests (kept after the run). */
export const artifactsDir = join(repoRoot(), 'test-results', 'viewer');

/** Builds apps/viewer/dist unless it is newer than its sources (scripts/build-viewer.mjs). */
export function ensureViewerBuilt(): void {
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'build-viewer.mjs')], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building the viewer failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Served extends ServedKubepath {
  /** An admin token, and a read-only one. */
  token: string;
  readToken: string;
}

/** `kubepath serve` with the given inputs (the bundled demo cluster when none) and two tokens. */
export async function serve(
  options: { inputs?: string[]; env?: Record<string, string> } = {},
): Promise<Served> {
  const token = `e2e-admin-${Math.random().toString(36).slice(2)}-0123456789`;
  const readToken = `e2e-reader-${Math.random().toString(36).slice(2)}-0123456789`;
  const served = await serveKubepath({
    ...(options.inputs ? { inputs: options.inputs } : {}),
    env: {
      KUBEPATH_TOKENS: `e2e:admin:${token},e2e-reader:read:${readToken}`,
      // The real test cluster (vitest's global setup starts it): "collect now" collects it.
      KUBEPATH_CLUSTERS: `live=${testCluster().kubeconfigs.admin}`,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  return { ...served, token, readToken };
}

/** Debian's Chromium, headless; a missing browser fails the tests with how to install it (never a skip). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install chromium (npm test does it as root), or set KUBEPATH_CHROMIUM`,
    );
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}
