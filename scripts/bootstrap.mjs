#!/usr/bin/env node
// Makes a fresh checkout runnable with nothing but Node 20 and npm: installs pnpm when it is
// missing (corepack is not reliable on Node 20, `npm i -g pnpm` is), then the workspace's
// dependencies from the lockfile, and builds the web viewer. Quick when everything is there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM_VERSION = '12.21.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function hasPnpm() {
  return (
    spawnSync('pnpm', ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0
  );
}

function run(cmd, args) {
  // better-sqlite3 compiles from source on Node 20; point node-gyp at the system's Node headers
  // when they are there (Debian's nodejs-dev), which needs no download.
  const env = { ...process.env };
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
}

if (!hasPnpm()) {
  console.error(`kubepath: installing pnpm ${PNPM_VERSION} with npm (one time)…`);
  run('npm', ['install', '--global', '--no-fund', '--no-audit', `pnpm@${PNPM_VERSION}`]);
}
const quiet = existsSync(join(root, 'node_modules', '.modules.yaml'));
if (!quiet)
  console.error(
    'kubepath: installing dependencies (pnpm install; the SQLite driver compiles, about 2 minutes)…',
  );
run('pnpm', ['install', '--frozen-lockfile', '--reporter=silent']);
// The web viewer the API serves at `/` (quick when already built).
run(process.execPath, [join(root, 'scripts', 'build-viewer.mjs')]);
