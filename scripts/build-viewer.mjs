#!/usr/bin/env node
// Builds the web viewer (apps/viewer/dist, Vite) unless the bundle is newer than everything it
// is built from. `npm start`, `npm test` and the browser tests call this; about a second.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const viewer = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'viewer');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const index = join(viewer, 'dist', 'index.html');
const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => newest(join(viewer, f)));
if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...inputs)) process.exit(0);

console.error('kubepath: building the web viewer (vite build)…');
const r = spawnSync(join(viewer, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
  cwd: viewer,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
