// The BloodHound OpenGraph export of the demo cluster: valid by the schema written from
// BloodHound's OpenGraph documentation (opengraph.schema.json cites it), every edge's ends
// among the nodes, ids injective and without ':', no secret value anywhere, and the ZIP
// readable by another implementation (Python's zipfile).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { CANARY, demoClusterDir, writeTree } from '@kubepath/testkit';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { openGraphEdgeKind, openGraphId, toOpenGraph } from './opengraph.js';
import { zipOne } from './zip.js';

const schema = JSON.parse(readFileSync(new URL('./opengraph.schema.json', import.meta.url), 'utf8'));

async function demoGraph(extra: Record<string, string> = {}) {
  const snapshot = await loadSnapshotFromFiles([demoClusterDir(), writeTree({ 'extra.yaml': '', ...extra })]);
  return buildAttackGraph(snapshot);
}

describe('BloodHound OpenGraph export', () => {
  it('is valid by the OpenGraph schema, with every edge between exported nodes', async () => {
    const graph = await demoGraph();
    const og = toOpenGraph(graph, 'demo');
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(og), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(og.graph.nodes).toHaveLength(graph.vertices.size);
    expect(og.graph.edges).toHaveLength(graph.edges.length);
    const ids = new Set(og.graph.nodes.map((n) => n.id));
    expect(ids.size).toBe(og.graph.nodes.length);
    expect(og.graph.edges.every((e) => ids.has(e.start.value) && ids.has(e.end.value))).toBe(true);
    // BloodHound's own kinds are never used; each node says what it is in kubepath.
    const sa = og.graph.nodes.find((n) => n.properties.kubepathid === 'sa:ci/runner')!;
    expect(sa).toMatchObject({ id: 'demo|sa%3Aci/runner', kinds: ['K8sServiceAccount', 'K8sObject'] });
    expect(sa.properties).toMatchObject({ name: 'runner', namespace: 'ci', cluster: 'demo' });
    const jewel = og.graph.nodes.find((n) => n.properties.kubepathid === 'target:etcd')!;
    expect(jewel.properties.crownjewel).toBeTruthy();
    const exploit = og.graph.edges.find((e) => e.kind === 'K8sEndpointExploit')!;
    expect(exploit.properties).toMatchObject({
      kubepathkind: 'ENDPOINT_EXPLOIT',
      exploit: true,
      category: 'network',
    });
    expect(og.metadata).toEqual({ source_kind: 'Kubepath' });
  });

  it('the schema refuses what BloodHound would: a colon in an id, an objectid, a dash in an edge kind', () => {
    const validate = new Ajv().compile(schema);
    const node = { id: 'a', kinds: ['K8sUser'], properties: { name: 'a' } };
    const edge = { start: { match_by: 'id', value: 'a' }, end: { match_by: 'id', value: 'a' }, kind: 'K8sX' };
    expect(validate({ graph: { nodes: [node], edges: [edge] } })).toBe(true);
    expect(validate({ graph: { nodes: [{ ...node, id: 'a:b' }], edges: [] } })).toBe(false);
    expect(validate({ graph: { nodes: [{ ...node, properties: { objectid: 'x' } }], edges: [] } })).toBe(
      false,
    );
    expect(validate({ graph: { nodes: [{ ...node, properties: { nested: { a: 1 } } }], edges: [] } })).toBe(
      false,
    );
    expect(validate({ graph: { nodes: [{ ...node, kinds: ['User'] }], edges: [] } })).toBe(false);
    expect(validate({ graph: { nodes: [], edges: [{ ...edge, kind: 'K8s-X' }] } })).toBe(false);
  });

  it('keeps ids apart that a plain replacement of ":" would merge', () => {
    expect(openGraphId('c', 'user:a:b')).not.toBe(openGraphId('c', 'user:a%3Ab'));
    expect(openGraphId('c', 'user:system:node:w1')).toBe('c|user%3Asystem%3Anode%3Aw1');
    expect(openGraphEdgeKind('POD_CREATE')).toBe('K8sPodCreate');
  });

  it('holds no secret value, from data or from a last-applied annotation', async () => {
    const secret = `apiVersion: v1
kind: Secret
metadata:
  name: leaky
  namespace: sandbox
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"${CANARY}"}}'
type: Opaque
stringData: { password: ${CANARY} }
`;
    const og = JSON.stringify(toOpenGraph(await demoGraph({ 'secret.yaml': secret }), 'demo'));
    expect(og).toContain('leaky');
    expect(og).not.toContain(CANARY);
    expect(og).not.toMatch(/fake-demo-/);
  });

  it('zips the JSON so that another implementation reads it back', async () => {
    const json = Buffer.from(JSON.stringify(toOpenGraph(await demoGraph(), 'demo')));
    const file = join(mkdtempSync(join(tmpdir(), 'kubepath-zip-')), 'demo.zip');
    writeFileSync(file, zipOne('demo.json', json));
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; sys.stdout.buffer.write(z.read("demo.json"))',
        file,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    expect(py.status, py.stderr?.toString()).toBe(0);
    expect(py.stdout.equals(json)).toBe(true);
  });
});
