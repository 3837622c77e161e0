#!/usr/bin/env node
// The browser tests drive Debian's Chromium (/usr/bin/chromium, or KUBEPATH_CHROMIUM), never a
// downloaded browser. Installs Debian's `chromium` package when it is missing and this user
// may (root, or sudo without a password); otherwise says how, and the browser tests fail
// saying the same.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.KUBEPATH_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const hasAptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
const isRoot = process.getuid?.() === 0;
const sudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (!hasAptGet || (!isRoot && !sudo)) {
  console.error(
    `kubepath: no Chromium at ${path}; the browser tests need it: apt-get install chromium (or set KUBEPATH_CHROMIUM)`,
  );
  process.exit(0);
}
console.error("kubepath: installing Debian's chromium for the browser tests (apt-get, one time)…");
const prefix = isRoot ? [] : ['sudo', '-n'];
const run = (args) => {
  const [cmd, ...rest] = [...prefix, ...args];
  const r = spawnSync(cmd, rest, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
};
if (!run(['apt-get', 'update', '-qq']) || !run(['apt-get', 'install', '-y', '-qq', 'chromium']))
  console.error('kubepath: could not install chromium; the browser tests will fail');
