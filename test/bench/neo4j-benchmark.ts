// Neo4j export benchmark: a synthetic cluster's attack graph into a real Neo4j Community
// (scripts/neo4j.mjs, fresh data directories), through the driver (batched UNWIND) and through
// CSV + `neo4j-admin database import full`; each step's time and the counts.
//
//   pnpm bench:neo4j                                     # 150,000 pods, 5,000 nodes
//   pnpm bench:neo4j -- --pods 30000 --nodes 1000
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphIndex } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { connectNeo4j, exportCsv, exportGraph, jewelCosts } from '@kubepath/neo4j';
import { importCsv, start } from '../../scripts/neo4j.mjs';
import { benchOptions, ensureCluster, formatMs } from './bench-cluster.js';

const o = benchOptions(1);
ensureCluster(o);
const fmt = (ms: number) => formatMs(ms);
const time = async <T>(what: string, run: () => Promise<T> | T): Promise<T> => {
  const t = performance.now();
  const value = await run();
  console.log(`${what}: ${fmt(performance.now() - t)}`);
  return value;
};

const snapshot = await time('load', () => loadSnapshotFromFiles([o.dir]));
const graph = await time('graph', () => buildAttackGraph(snapshot));
const index = new GraphIndex(graph);
const costs = await time('jewel costs (one reverse search per crown jewel)', () => jewelCosts(index));
console.log(
  `${graph.vertices.size.toLocaleString('en-US')} vertices, ${graph.edges.length.toLocaleString('en-US')} edges`,
);

const neo = await time('start Neo4j', () => start());
const driver = await connectNeo4j(neo.url);
try {
  const first = await time('export through the driver', () =>
    exportGraph(driver, graph, { cluster: 'bench', snapshotAt: snapshot.cluster.collectedAt, costs }),
  );
  console.log(`  ${first.vertices} vertices, ${first.edges} edges`);
  await time('re-export (a new generation, the old one deleted)', () =>
    exportGraph(driver, graph, { cluster: 'bench', snapshotAt: snapshot.cluster.collectedAt, costs }),
  );
} finally {
  await driver.close();
  await neo.stop();
}

const dir = mkdtempSync(join(tmpdir(), 'kubepath-bench-csv-'));
const csv = await time('write CSV', () =>
  exportCsv(graph, { dir, cluster: 'bench', snapshotAt: snapshot.cluster.collectedAt, costs }),
);
const home = mkdtempSync(join(tmpdir(), 'kubepath-bench-csv-home-'));
const out = await time('neo4j-admin database import full', () =>
  importCsv({ dataDir: home, nodeFiles: csv.nodeFiles, relationshipFiles: csv.relationshipFiles }),
);
console.log(
  out
    .split('\n')
    .filter((l) => /nodes|relationships|Peak memory/.test(l))
    .map((l) => `  ${l.trim()}`)
    .join('\n'),
);
