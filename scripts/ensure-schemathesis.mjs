#!/usr/bin/env node
// Installs schemathesis (PyPI) into a virtual environment under .cache/ for the API fuzz
// test, once: `python3 -m venv` and `pip install schemathesis==<pinned>`. Quick when present.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMATHESIS_VERSION = '4.32.5';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const venv = join(root, '.cache', `schemathesis-${SCHEMATHESIS_VERSION}`);
export const schemathesisBin = join(venv, 'bin', 'schemathesis');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status === 0;
}

if (import.meta.url === `file://${process.argv[1]}` && !existsSync(schemathesisBin)) {
  console.error(
    `kubepath: installing schemathesis ${SCHEMATHESIS_VERSION} in ${venv} (one time, for the API fuzz test)…`,
  );
  const ok =
    run('python3', ['-m', 'venv', venv]) &&
    run(join(venv, 'bin', 'pip'), [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `schemathesis==${SCHEMATHESIS_VERSION}`,
    ]);
  if (!ok) console.error('kubepath: could not install schemathesis; the API fuzz test will fail and say so');
}
