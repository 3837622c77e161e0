#!/usr/bin/env node
// A real Neo4j Community for kubepath's tests and for users without one: tools/neo4j's small
// launcher (embedded Neo4j, Bolt on 127.0.0.1, HTTP and auth off), built with Maven from Maven
// Central once (target/ is git-ignored; the artifacts stay in ~/.m2) and run on the JDK 17.
//
//   node scripts/neo4j.mjs build            # once; seconds when ~/.m2 has the artifacts
//   node scripts/neo4j.mjs start [--port N] [--data DIR]   # prints the Bolt URL, runs until stopped
//
// Tests call start() with a fresh data directory (Community has one user database).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = join(root, 'tools', 'neo4j');
const target = join(project, 'target');
export const NEO4J_VERSION = '5.26.30';

/** The JDK 17 (Neo4j 5.26 runs on 17 and 21; 2026.x needs 21+). */
const java = () => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

/** Builds the launcher unless it is built; throws with Maven's output when that fails. */
export function build() {
  const jar = join(target, 'kubepath-neo4j-launcher-1.0.0.jar');
  const classpath = join(target, 'classpath.txt');
  if (existsSync(jar) && existsSync(classpath)) return;
  const r = spawnSync('mvn', ['-q', '-B', '-f', join(project, 'pom.xml'), '-DskipTests', 'package'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`building the Neo4j launcher failed:\n${r.stdout}\n${r.stderr}`);
}

const JVM_OPENS = [
  // Neo4j's off-heap memory and its native I/O reach into these JDK packages.
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
];
const classpath = () =>
  `${join(target, 'classes')}:${readFileSync(join(target, 'classpath.txt'), 'utf8').trim()}`;

/**
 * `neo4j-admin database import full` (org.neo4j.cli.AdminTool, from the same artifacts) into
 * the database `neo4j` of a data directory that start() then opens. Returns the tool's output.
 */
export function importCsv({ dataDir, nodeFiles, relationshipFiles }) {
  build();
  const r = spawnSync(
    java(),
    [
      ...JVM_OPENS,
      '-cp',
      classpath(),
      'org.neo4j.cli.AdminTool',
      'database',
      'import',
      'full',
      'neo4j',
      '--overwrite-destination=true',
      ...nodeFiles.map((f) => `--nodes=${f}`),
      ...relationshipFiles.map((f) => `--relationships=${f}`),
    ],
    { encoding: 'utf8', env: { ...process.env, NEO4J_HOME: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (r.status !== 0) throw new Error(`neo4j-admin import failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * Starts Neo4j on 127.0.0.1: resolves with its Bolt URL once it answers, and a stop() that
 * shuts it down cleanly and removes a data directory it made.
 */
export async function start({ port, dataDir, timeoutMs = 180_000 } = {}) {
  build();
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'kubepath-neo4j-'));
  const bolt = port ?? (await freePort());
  const child = spawn(
    java(),
    [
      '-Xms256m',
      '-Xmx1g',
      ...JVM_OPENS,
      '-cp',
      classpath(),
      'dev.kubepath.neo4j.Launcher',
      dir,
      String(bolt),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (d) => {
    if (output.length < 64 * 1024) output += d;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Neo4j did not start within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`));
    }, timeoutMs);
    child.stdout.on('data', () => {
      const m = /ready (bolt:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Neo4j exited (${code}) before it was ready:\n${output.slice(-4000)}`));
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      const cleanup = () => {
        if (!dataDir) rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null) return cleanup();
      child.once('exit', cleanup);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
    });
  return { url, dataDir: dir, stop, output: () => output };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  const option = (name) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (command === 'build') {
    build();
    console.log(`Neo4j ${NEO4J_VERSION} launcher built in ${target}`);
  } else if (command === 'start') {
    const started = await start({
      ...(option('--port') ? { port: Number(option('--port')) } : {}),
      ...(option('--data') ? { dataDir: option('--data') } : {}),
    });
    console.log(
      `Neo4j ${NEO4J_VERSION} listening on ${started.url} (data in ${started.dataDir}); Ctrl-C stops it`,
    );
    const stop = () => void started.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } else {
    console.error('usage: node scripts/neo4j.mjs build | start [--port N] [--data DIR]');
    process.exit(2);
  }
}
