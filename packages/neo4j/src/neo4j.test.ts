// Against a real Neo4j Community 5.26 (scripts/neo4j.mjs: embedded, Bolt on 127.0.0.1, a fresh
// data directory): the demo exported twice leaves one copy; Cypher and the in-memory engine
// agree on who reaches etcd and on hop-shortest path lengths; two clusters answer the fleet
// query; no secret value reaches Neo4j; a Neo4j that is down is a clear error, never a hang.
import { GraphIndex, whoCanReach } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph, type AttackGraph } from '@kubepath/graph';
import { CANARY, corpusDir, demoClusterDir, writeTree } from '@kubepath/testkit';
import { readFileSync } from 'node:fs';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCsv, start } from '../../../scripts/neo4j.mjs';
import { CLUSTER_AFTER_IMPORT, exportCsv } from './csv.js';
import { connectNeo4j, exportGraph, Neo4jUnavailableError } from './export.js';
import { jewelCosts } from './jewel-costs.js';
import { CYPHER, fleetJewel, identityReach, reachersOf, shortestHops } from './queries.js';

let neo: Awaited<ReturnType<typeof start>>;
let driver: Driver;
let graph: AttackGraph;

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: leaky
  namespace: sandbox
  annotations: { kubectl.kubernetes.io/last-applied-configuration: '{"data":{"k":"${CANARY}"}}' }
stringData: { k: ${CANARY} }
`;

beforeAll(async () => {
  neo = await start();
  driver = await connectNeo4j(neo.url);
  const snapshot = await loadSnapshotFromFiles([demoClusterDir(), writeTree({ 'secret.yaml': SECRET })]);
  graph = buildAttackGraph(snapshot);
}, 240_000);
afterAll(async () => {
  await driver?.close();
  await neo?.stop();
}, 60_000);

const count = async (query: string, params: Record<string, unknown> = {}) =>
  Number((await driver.executeQuery(query, params)).records[0]!.get(0));

/** Hop counts to `target` in the engine's index: a breadth-first search over reverse edges. */
function hopsTo(index: GraphIndex, target: string): Map<string, number> {
  const t = index.numberOf(target)!;
  const hops = new Map<number, number>([[t, 0]]);
  const queue = [t];
  while (queue.length) {
    const v = queue.shift()!;
    for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
      const from = index.edgeFrom[index.inEdges[i]!]!;
      if (!hops.has(from)) {
        hops.set(from, hops.get(v)! + 1);
        queue.push(from);
      }
    }
  }
  hops.delete(t);
  return new Map([...hops].map(([v, h]) => [index.ids[v]!, h]));
}

describe('Neo4j export and Cypher', () => {
  it('exports the demo twice and keeps exactly one copy of it', async () => {
    const first = await exportGraph(driver, graph, { cluster: 'demo', snapshotAt: '2026-12-01T00:00:00Z' });
    expect(first).toMatchObject({ vertices: graph.vertices.size, edges: graph.edges.length, removed: 0 });
    const second = await exportGraph(driver, graph, { cluster: 'demo', snapshotAt: '2026-12-01T01:00:00Z' });
    expect(second.removed).toBe(graph.vertices.size);
    expect(await count('MATCH (v:K8sVertex {cluster: "demo"}) RETURN count(v)')).toBe(graph.vertices.size);
    expect(await count('MATCH (:K8sVertex {cluster: "demo"})-[r]->(:K8sVertex) RETURN count(r)')).toBe(
      graph.edges.length,
    );
    expect(await count('MATCH (c:K8sCluster {name: "demo"}) RETURN count(c)')).toBe(1);
    const sa = (
      await driver.executeQuery('MATCH (v:K8sServiceAccount {cluster: "demo", id: "sa:ci/runner"}) RETURN v')
    ).records;
    expect(sa).toHaveLength(1);
  }, 120_000);

  it('agrees with the engine on who reaches etcd, and on the fewest hops', async () => {
    const index = new GraphIndex(graph);
    const cypher = await reachersOf(driver, 'demo', 'target:etcd');
    // Every vertex with a path (the engine's reverse search reaches the same set)…
    const bfs = hopsTo(index, 'target:etcd');
    expect([...cypher.keys()].sort()).toEqual([...bfs.keys()].sort());
    // …and who-can-reach's actors (identities, workloads, the internet) are among them.
    const engine = new Set(whoCanReach(index, 'target:etcd').sources.map((s) => s.id));
    expect(engine.size).toBeGreaterThan(10);
    for (const id of engine) expect(cypher.has(id), id).toBe(true);
    for (const [id, hops] of cypher) expect(hops, id).toBe(bfs.get(id));
    expect(await shortestHops(driver, 'demo', 'sa:ci/runner', 'target:cluster-admin')).toBe(
      hopsTo(index, 'target:cluster-admin').get('sa:ci/runner'),
    );
    // Both directions: payments' ledger has no path to etcd, in either.
    expect(cypher.has('container:payments/StatefulSet.ledger/ledger')).toBe(
      engine.has('container:payments/StatefulSet.ledger/ledger'),
    );
    expect(await shortestHops(driver, 'demo', 'target:etcd', 'external:internet')).toBeNull();
  }, 120_000);

  it('answers the fleet: the clusters where the internet reaches etcd, at the engine’s cheapest cost', async () => {
    const index = new GraphIndex(graph);
    const costs = jewelCosts(index);
    await exportGraph(driver, graph, { cluster: 'demo', snapshotAt: '2026-12-01T03:00:00Z', costs });
    await exportGraph(driver, graph, { cluster: 'demo-copy', snapshotAt: '2026-12-01T02:00:00Z', costs });
    const internet = whoCanReach(index, 'target:etcd').sources.find((s) => s.id === 'external:internet')!;
    expect(await fleetJewel(driver, 'external:internet', 'target:etcd')).toEqual([
      { cluster: 'demo', snapshotAt: '2026-12-01T03:00:00Z', cost: internet.cost },
      { cluster: 'demo-copy', snapshotAt: '2026-12-01T02:00:00Z', cost: internet.cost },
    ]);
    // By hops too, for a Neo4j that has only the graph.
    const { records } = await driver.executeQuery(CYPHER.fleetReach, {
      from: 'external:internet',
      to: 'target:etcd',
    });
    expect(records.map((r) => r.get('cluster'))).toEqual(['demo', 'demo-copy']);
    // A group from the identity provider is one identity across clusters; a service account is not.
    const interns = await identityReach(driver, 'group:interns');
    expect(interns.map((x) => x.cluster)).toEqual(['demo', 'demo-copy']);
    const viaInterns = whoCanReach(index, 'target:cluster-admin').sources.find(
      (s) => s.id === 'group:interns',
    )!;
    expect(interns[0]!.jewels).toContainEqual({ id: 'target:cluster-admin', cost: viaInterns.cost });
    expect(await identityReach(driver, 'sa:ci/runner')).toEqual([]);
  }, 120_000);

  it('holds no secret value', async () => {
    const { records } = await driver.executeQuery(
      'MATCH (v:K8sVertex) RETURN properties(v) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p',
    );
    const all = JSON.stringify(records.map((r) => r.get('p')));
    expect(all).toContain('leaky');
    expect(all).not.toContain(CANARY);
    expect(all).not.toMatch(/fake-demo-/);
  }, 60_000);

  it('says clearly when Neo4j is down, within seconds', async () => {
    const started = performance.now();
    await expect(connectNeo4j('bolt://127.0.0.1:1')).rejects.toThrow(Neo4jUnavailableError);
    await expect(connectNeo4j('bolt://127.0.0.1:1')).rejects.toThrow(
      /^cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1: /,
    );
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 60_000);
});

describe('CSV for neo4j-admin database import full', () => {
  it('imports into a fresh database that answers like an export through the driver', async () => {
    const index = new GraphIndex(graph);
    const dir = mkdtempSync(join(tmpdir(), 'kubepath-csv-'));
    const csv = await exportCsv(graph, {
      dir,
      cluster: 'demo',
      snapshotAt: '2026-12-01T00:00:00Z',
      costs: jewelCosts(index),
    });
    expect(csv.command).toMatch(
      /^neo4j-admin database import full neo4j --overwrite-destination=true --nodes=/,
    );
    const home = mkdtempSync(join(tmpdir(), 'kubepath-csv-home-'));
    expect(
      importCsv({ dataDir: home, nodeFiles: csv.nodeFiles, relationshipFiles: csv.relationshipFiles }),
    ).toMatch(new RegExp(`${graph.vertices.size} nodes[\\s\\S]*${graph.edges.length} relationships`));
    const imported = await start({ dataDir: home });
    const d = await connectNeo4j(imported.url);
    try {
      await d.executeQuery(CLUSTER_AFTER_IMPORT, {
        cluster: 'demo',
        generation: csv.generation,
        snapshotAt: '2026-12-01T00:00:00Z',
      });
      const cypher = await reachersOf(d, 'demo', 'target:etcd');
      expect([...cypher.keys()].sort()).toEqual([...hopsTo(index, 'target:etcd').keys()].sort());
      const internet = whoCanReach(index, 'target:etcd').sources.find((x) => x.id === 'external:internet')!;
      expect(await fleetJewel(d, 'external:internet', 'target:etcd')).toEqual([
        { cluster: 'demo', snapshotAt: '2026-12-01T00:00:00Z', cost: internet.cost },
      ]);
      const ev = await d.executeQuery(
        'MATCH (:K8sVertex {id: "sa:ci/runner"})-[r]->() RETURN r.evidence AS e LIMIT 1',
      );
      expect(Array.isArray(ev.records[0]!.get('e'))).toBe(true);
    } finally {
      await d.close();
      await imported.stop();
    }
  }, 240_000);
});

/** The corpus (../shared/corpus): KubeHound's test cluster and the netpol-analyzer cases. */
function corpusScenarios(): [string, string][] {
  const netpol = JSON.parse(readFileSync(corpusDir('netpol', 'netpol-analyzer', 'index.json'), 'utf8')) as {
    cases: { case: string; manifestsDir: string }[];
  };
  return [
    ['kubehound', corpusDir('kubehound', 'test', 'setup', 'test-cluster')],
    ...netpol.cases.map((c): [string, string] => [`netpol-${c.case}`, c.manifestsDir]),
  ];
}

describe('Cypher agrees with the engine on every corpus scenario', () => {
  it.each(corpusScenarios())(
    '%s: the same reachable sets and fewest hops to each crown jewel',
    async (name, dir) => {
      const g = buildAttackGraph(
        await loadSnapshotFromFiles([
          dir.startsWith('/') ? dir : corpusDir('netpol', 'netpol-analyzer', dir),
        ]),
      );
      const cluster = name
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .slice(0, 60);
      await exportGraph(driver, g, { cluster, snapshotAt: '2026-12-01T00:00:00Z' });
      const index = new GraphIndex(g);
      for (const jewel of ['target:cluster-admin', 'target:etcd']) {
        if (index.numberOf(jewel) === undefined) continue;
        const bfs = hopsTo(index, jewel);
        const cypher = await reachersOf(driver, cluster, jewel);
        expect([...cypher.keys()].sort(), `${name} → ${jewel}`).toEqual([...bfs.keys()].sort());
        for (const [id, hops] of cypher) expect(hops, `${name}: ${id} → ${jewel}`).toBe(bfs.get(id));
      }
    },
    60_000,
  );
});
