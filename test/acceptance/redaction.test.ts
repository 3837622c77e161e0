// DESIGN.md safety rule: secret values never leave the collector. Every place a value can
// hide in a manifest is filled with a marker; the marker (plain or base64) must appear in
// neither the snapshot nor anything the CLI prints — including for malformed input.
import { join } from 'node:path';
import { runCli } from '@kubepath/cli';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { demoClusterDir, makeTarGz, writeTree } from '@kubepath/testkit';
import { describe, expect, it } from 'vitest';

const MARK = 'LEAKMARK';
const b64 = (s: string) => Buffer.from(s).toString('base64');

const FIXTURE = `
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"${b64(`${MARK}-applied`)}"}}'
type: Opaque
data:
  password: ${b64(`${MARK}-data`)}
stringData:
  api-key: ${MARK}-stringdata
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers: [{ name: init, env: [{ name: INIT_TOKEN, value: ${MARK}-init-env }] }]
      containers:
        - name: web
          env:
            - { name: PLAIN, value: ${MARK}-env }
            - { name: FROM_SECRET, valueFrom: { secretKeyRef: { name: db, key: password } } }
---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop }
spec:
  containers: [{ name: c, env: [{ name: X, value: ${MARK}-pod-env }] }]
  ephemeralContainers: [{ name: dbg, env: [{ name: Y, value: ${MARK}-ephemeral-env }] }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: shop }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: job, env: [{ name: Z, value: ${MARK}-cron-env }] }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data: { password: ${MARK}-configmap }
---
apiVersion: v1
kind: Secret
metadata: { name: broken, namespace: shop }
type: 42
data: { password: ${MARK}-in-a-broken-secret }
---
apiVersion: v1
kind: Secret
metadata: { name: broken-yaml, namespace: shop }
data: { password: "${MARK}-unterminated
`;

const BROKEN_JSON = `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"j","namespace":"shop"},"data":{"password": ${MARK}-bad-json}}`;

function expectNoLeak(text: string) {
  expect(text).not.toContain(MARK);
  expect(text).not.toContain(b64(MARK).slice(0, 8));
  for (const secret of [
    'fake-demo-password',
    'fake-demo-token',
    'fake-demo-payments-key',
    'fake-demo-grafana-password',
    'fake-demo-session-key',
    'fake-demo-runner-token',
  ]) {
    expect(text).not.toContain(secret);
  }
}

async function cli(...args: string[]) {
  let out = '';
  const code = await runCli(args, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (out += t),
    isInteractive: false,
  });
  return { code, out };
}

describe('redaction (DESIGN.md safety rules)', () => {
  it('keeps no secret value in the snapshot, for any source format', async () => {
    const dir = writeTree({
      'fixture.yaml': FIXTURE,
      'broken.json': BROKEN_JSON,
      'dump.tar.gz': await makeTarGz([
        {
          name: 'shop/secrets.json',
          content: JSON.stringify({
            kind: 'SecretList',
            apiVersion: 'v1',
            items: [{ metadata: { name: 'in-dump', namespace: 'shop' }, data: { k: b64(`${MARK}-dump`) } }],
          }),
        },
      ]),
    });
    const snapshot = await loadSnapshotFromFiles([dir, demoClusterDir()]);
    // the secrets are there, by name and key, so the analysis can use them
    const db = snapshot.objects.secrets.find((s) => s.metadata.name === 'db');
    expect(db?.keys).toEqual(['api-key', 'password']);
    expect(snapshot.objects.secrets.find((s) => s.metadata.name === 'in-dump')?.keys).toEqual(['k']);
    expect(snapshot.coverage.skippedTotal).toBe(3); // the broken Secret, the broken YAML, the broken JSON
    expectNoLeak(JSON.stringify(snapshot));
  });

  it('prints no secret value from the CLI, in text or JSON, on good or bad input', async () => {
    const dir = writeTree({ 'fixture.yaml': FIXTURE, 'broken.json': BROKEN_JSON });
    for (const args of [
      ['analyze', dir, demoClusterDir()],
      ['analyze', '--json', dir, demoClusterDir()],
    ]) {
      const { code, out } = await cli(...args);
      expect(code).toBe(0);
      expect(out).toMatch(/broken/);
      expectNoLeak(out);
    }
    const onlyBroken = writeTree({ 'broken.json': BROKEN_JSON });
    const failed = await cli('analyze', join(onlyBroken, 'broken.json'));
    expect(failed.code).toBe(2);
    expectNoLeak(failed.out);
  });
});
