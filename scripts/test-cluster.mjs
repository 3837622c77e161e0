#!/usr/bin/env node
// The project's own test cluster: a real etcd and kube-apiserver (and kube-controller-manager,
// which aggregates ClusterRoles) on 127.0.0.1, built from the Go module proxy because nothing
// else is available here (no Docker, no binary downloads).
//
//   node scripts/test-cluster.mjs build    build the binaries once per version (cached)
//   node scripts/test-cluster.mjs start    start etcd + kube-apiserver + controller-manager
//   node scripts/test-cluster.mjs stop     stop them
//   node scripts/test-cluster.mjs status   print the running cluster's state file
//
// Binaries live in ~/.cache/kubepath/test-cluster/<versions>/ (or $KUBEPATH_TEST_CLUSTER_CACHE),
// outside any checkout, so a warm machine never rebuilds; the running cluster's certificates,
// tokens and data live in .cache/test-cluster/run/ (git-ignored), described by run/state.json
// (read by the tests' global setup).
//
// Building Kubernetes from its module zip: the zip has no staging/ folder, so the go.mod
// replace lines `k8s.io/x => ./staging/src/k8s.io/x` are dropped and each staging module is
// pinned to its published twin (v1.34.4 ↔ v0.34.4).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const KUBERNETES_VERSION = 'v1.34.4';
export const ETCD_VERSION = 'v3.6.16';
const STAGING_VERSION = KUBERNETES_VERSION.replace(/^v1\./, 'v0.');
/** Bumped when the build itself changes (flags), so that cached binaries are rebuilt. */
const BUILD_REVISION = 'b2';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = join(root, '.cache', 'test-cluster');
// Binaries outside the checkout, so that a clean clone on a warm machine does not rebuild.
const binaryCache =
  process.env.KUBEPATH_TEST_CLUSTER_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kubepath', 'test-cluster');
export const binDir = join(
  binaryCache,
  `kubernetes-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}-${BUILD_REVISION}`,
);
export const runDir = join(base, 'run');
export const stateFile = join(runDir, 'state.json');
const BINARIES = ['kube-apiserver', 'kube-controller-manager', 'etcd'];

const log = (text) => process.stderr.write(`test-cluster: ${text}\n`);

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')} could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  return r;
}

function capture(cmd, args, options = {}) {
  // Go's download log on stderr can pass spawnSync's default 1 MiB buffer on a cold cache.
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')} could not run: ${r.error.message}`);
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}): ${r.stderr}`);
  return r.stdout;
}

export const built = () => BINARIES.every((b) => existsSync(join(binDir, b)));

/** Builds the three binaries into binDir unless they are there. Returns seconds spent. */
export function build() {
  if (built()) return 0;
  const started = performance.now();
  mkdirSync(binDir, { recursive: true });
  const work = join(binaryCache, 'build');
  // The commands below run in it: on a fresh machine it is not there yet.
  mkdirSync(work, { recursive: true });
  // GOWORK=off: the module zip carries a go.work naming the staging folders it lacks.
  const env = { ...process.env, CGO_ENABLED: '0', GOWORK: 'off', GOFLAGS: '-mod=mod -buildvcs=false' };

  // Kubernetes: a writable copy of the module source, staging modules pinned.
  const k8s = join(work, `kubernetes-${KUBERNETES_VERSION}`);
  if (!existsSync(join(k8s, '.kubepath-ready'))) {
    log(`downloading k8s.io/kubernetes@${KUBERNETES_VERSION} from the Go module proxy…`);
    const info = JSON.parse(
      capture('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`], {
        cwd: work,
        env,
      }),
    );
    rmSync(k8s, { recursive: true, force: true });
    cpSync(info.Dir, k8s, { recursive: true });
    run('chmod', ['-R', 'u+w', k8s]);
    const goMod = readFileSync(join(k8s, 'go.mod'), 'utf8');
    const staged = [...goMod.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \.\/staging\//gm)].map((m) => m[1]);
    const edits = staged.flatMap((m) => [`-dropreplace=${m}`, `-require=${m}@${STAGING_VERSION}`]);
    run('go', ['mod', 'edit', ...edits], { cwd: k8s, env });
    writeFileSync(join(k8s, '.kubepath-ready'), '');
  }
  for (const cmd of ['kube-apiserver', 'kube-controller-manager']) {
    if (existsSync(join(binDir, cmd))) continue;
    log(`building ${cmd} ${KUBERNETES_VERSION} (a cold build takes several minutes)…`);
    // The version it reports (/version) is the real one, not the module zip's placeholder.
    const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
    const ldflags = [
      '-s -w',
      `-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}`,
      `-X k8s.io/component-base/version.gitMajor=${major}`,
      `-X k8s.io/component-base/version.gitMinor=${minor}`,
      '-X k8s.io/component-base/version.gitTreeState=clean',
    ].join(' ');
    run('go', ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', join(binDir, cmd), `./cmd/${cmd}`], {
      cwd: k8s,
      env,
    });
  }

  // etcd: a ten-line main around etcdmain.
  if (!existsSync(join(binDir, 'etcd'))) {
    log(`building etcd ${ETCD_VERSION}…`);
    const etcd = join(work, `etcd-${ETCD_VERSION}`);
    mkdirSync(etcd, { recursive: true });
    writeFileSync(
      join(etcd, 'main.go'),
      [
        "// etcd for kubepath's test cluster: the real server, started from its own main package.",
        'package main',
        '',
        'import (',
        '\t"os"',
        '',
        '\t"go.etcd.io/etcd/server/v3/etcdmain"',
        ')',
        '',
        'func main() { etcdmain.Main(os.Args) }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(etcd, 'go.mod'),
      `module kubepath.dev/test-etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 ${ETCD_VERSION}\n`,
    );
    run('go', ['mod', 'tidy'], { cwd: etcd, env });
    run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', join(binDir, 'etcd'), '.'], { cwd: etcd, env });
  }
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(join(binDir, 'built.json'), JSON.stringify({ seconds, at: new Date().toISOString() }));
  log(`built in ${seconds.toFixed(0)} s into ${binDir}`);
  return seconds;
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const openssl = (args, cwd) => capture('openssl', args, { cwd });

/** A key and a certificate for `subject` signed by the test CA, with X.509 extensions `ext`. */
function signedCertificate(dir, name, subject, ext) {
  writeFileSync(join(dir, `${name}.ext`), ext);
  const args = (...a) => a.join(' ').split(' ');
  openssl(args('req -newkey rsa:2048 -nodes -subj', subject, `-keyout ${name}.key -out ${name}.csr`), dir);
  openssl(
    args(
      `x509 -req -in ${name}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30`,
      `-extfile ${name}.ext -out ${name}.crt`,
    ),
    dir,
  );
}

/** A CA, the API server's serving certificate, an admin client certificate, service-account keys. */
function makeCertificates(dir) {
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=kubepath-test-ca'].concat([
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ]),
    dir,
  );
  signedCertificate(
    dir,
    'server',
    '/CN=kube-apiserver',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n',
  );
  // A client certificate in system:masters (O= is the group), for the cert-auth kubeconfig.
  signedCertificate(
    dir,
    'admin',
    '/O=system:masters/CN=kubepath-cert-admin',
    'extendedKeyUsage=clientAuth\n',
  );
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** A kubeconfig with one context. */
function kubeconfig(server, caFile, name, user) {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kubepath-test',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${caFile}`,
    'users:',
    `- name: ${name}`,
    '  user:',
    ...Object.entries(user).map(([k, v]) => `    ${k}: ${v}`),
    'contexts:',
    `- name: ${name}`,
    '  context:',
    '    cluster: kubepath-test',
    `    user: ${name}`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The running cluster's state, or null when none runs. */
export function runningCluster() {
  if (!existsSync(stateFile)) return null;
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  return Object.values(state.pids).every(alive) ? state : null;
}

function startProcess(name, args, dir) {
  const out = openSync(join(dir, `${name}.log`), 'a');
  const child = spawn(join(binDir, name), args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  return child.pid;
}

async function waitFor(what, check, ms, logFile) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
  throw new Error(`${what} did not become ready in ${ms / 1000} s; last lines of ${logFile}:\n${tail}`);
}

/** GET `path` on the API server with `token`: the status code. */
function apiStatus(state, path, token) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${state.server}${path}`,
      { ca: readFileSync(state.caFile), headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts etcd, kube-apiserver and kube-controller-manager on 127.0.0.1 (reusing a running
 * one), and writes run/state.json. Returns the state.
 */
export async function start() {
  const running = runningCluster();
  if (running) return running;
  build();
  const started = performance.now();
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  makeCertificates(runDir);
  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const tokens = {
    admin: randomBytes(24).toString('hex'),
    reader: randomBytes(24).toString('hex'),
    nobody: randomBytes(24).toString('hex'),
  };
  // token,user,uid,"groups": the admin is in system:masters; the others get what tests bind.
  writeFileSync(
    join(runDir, 'tokens.csv'),
    [
      `${tokens.admin},kubepath-admin,uid-admin,"system:masters"`,
      `${tokens.reader},kubepath-reader,uid-reader`,
      `${tokens.nobody},kubepath-nobody,uid-nobody`,
      '',
    ].join('\n'),
  );
  chmodSync(join(runDir, 'tokens.csv'), 0o600);
  const etcdUrl = `http://127.0.0.1:${etcdClient}`;
  const pids = {};
  pids.etcd = startProcess(
    'etcd',
    [
      '--name=kubepath-test',
      `--data-dir=${join(runDir, 'etcd-data')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=kubepath-test=http://127.0.0.1:${etcdPeer}`,
      '--log-level=warn',
      '--quota-backend-bytes=4294967296',
    ],
    runDir,
  );
  await waitFor('etcd', async () => (await fetch(`${etcdUrl}/health`)).ok, 30_000, join(runDir, 'etcd.log'));
  const server = `https://127.0.0.1:${apiPort}`;
  const caFile = join(runDir, 'ca.crt');
  pids['kube-apiserver'] = startProcess(
    'kube-apiserver',
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${runDir}`,
      `--tls-cert-file=${join(runDir, 'server.crt')}`,
      `--tls-private-key-file=${join(runDir, 'server.key')}`,
      `--client-ca-file=${caFile}`,
      `--token-auth-file=${join(runDir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(runDir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(runDir, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      // The demo's node agents and kube-proxy are privileged, as they are in real clusters.
      '--allow-privileged=true',
      '--profiling=false',
      // Continued lists go to etcd, as they do before 1.34 and on clusters that turn the gate
      // off: a compaction then expires a continue token (410), which the collector must survive.
      '--feature-gates=ListFromCacheSnapshot=false',
      '--v=0',
    ],
    runDir,
  );
  const state = { server, caFile, tokens, etcd: etcdUrl, pids, runDir, kubeconfigs: {} };
  await waitFor(
    'kube-apiserver',
    async () => (await apiStatus(state, '/readyz', tokens.admin)) === 200,
    120_000,
    join(runDir, 'kube-apiserver.log'),
  );
  for (const [name, token] of Object.entries(tokens)) {
    const file = join(runDir, `${name}.kubeconfig`);
    writeFileSync(file, kubeconfig(server, caFile, `kubepath-${name}`, { token }), { mode: 0o600 });
    state.kubeconfigs[name] = file;
  }
  const certConfig = join(runDir, 'admin-cert.kubeconfig');
  writeFileSync(
    certConfig,
    kubeconfig(server, caFile, 'kubepath-cert-admin', {
      'client-certificate': join(runDir, 'admin.crt'),
      'client-key': join(runDir, 'admin.key'),
    }),
    { mode: 0o600 },
  );
  state.kubeconfigs['admin-cert'] = certConfig;
  // The controllers kubepath's answers depend on: ClusterRole aggregation (admin, edit and view
  // are aggregated roles) and the service accounts every namespace gets.
  pids['kube-controller-manager'] = startProcess(
    'kube-controller-manager',
    [
      `--kubeconfig=${certConfig}`,
      '--controllers=clusterrole-aggregation,serviceaccount,serviceaccount-token,namespace',
      `--service-account-private-key-file=${join(runDir, 'sa.key')}`,
      `--root-ca-file=${caFile}`,
      '--leader-elect=false',
      '--use-service-account-credentials=false',
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      '--v=0',
    ],
    runDir,
  );
  await waitFor(
    'kube-controller-manager (default service account)',
    async () =>
      (await apiStatus(state, '/api/v1/namespaces/default/serviceaccounts/default', tokens.admin)) === 200,
    60_000,
    join(runDir, 'kube-controller-manager.log'),
  );
  state.startSeconds = (performance.now() - started) / 1000;
  writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  log(`running at ${server} (started in ${state.startSeconds.toFixed(1)} s); state in ${stateFile}`);
  return state;
}

/** Stops the processes of run/state.json. */
export async function stop() {
  if (!existsSync(stateFile)) return;
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  // The controller manager first, etcd last.
  for (const name of ['kube-controller-manager', 'kube-apiserver', 'etcd']) {
    const pid = state.pids[name];
    if (!pid || !alive(pid)) continue;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 40 && alive(pid); i++) await new Promise((r) => setTimeout(r, 250));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(stateFile, { force: true });
  log('stopped');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const command = process.argv[2];
  try {
    if (command === 'build') build();
    else if (command === 'start') await start();
    else if (command === 'stop') await stop();
    else if (command === 'status') {
      const state = runningCluster();
      process.stdout.write(state ? `${JSON.stringify(state, null, 2)}\n` : 'not running\n');
    } else {
      process.stderr.write('usage: node scripts/test-cluster.mjs build|start|stop|status\n');
      process.exit(2);
    }
  } catch (error) {
    log(error.message);
    process.exit(1);
  }
}
