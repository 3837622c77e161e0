/**
 * The attack graph as the CSV files `neo4j-admin database import full` reads, for graphs too
 * large to load through the driver in reasonable time (355k vertices and 1.68M edges: minutes
 * through Bolt, under a minute through the import tool). One node file per kind (its label in
 * the header), one relationship file per edge kind; ids are `key`s as the driver export makes
 * them, one generation, so a database imported this way is queried like one exported.
 * https://neo4j.com/docs/operations-manual/5/tools/neo4j-admin/neo4j-admin-import/
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AttackGraph } from '@kubepath/graph';
import { edgeSpec, type EdgeKind } from '@kubepath/model';
import { evidenceText } from './evidence-text.js';
import type { JewelCosts } from './jewel-costs.js';
import { NODE_KINDS } from './opengraph.js';

/** A CSV field: quoted, quotes doubled; arrays joined by the import's array delimiter `;`. */
const field = (v: string | number | boolean | undefined) =>
  v === undefined ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : String(v);
const list = (xs: readonly (string | number)[]) =>
  field(xs.map((x) => String(x).replace(/;/g, ',')).join(';'));

export interface CsvExport {
  dir: string;
  generation: string;
  nodeFiles: string[];
  relationshipFiles: string[];
  /** The command that imports them into an empty database named `neo4j`. */
  command: string;
}

function writer(path: string) {
  const out = createWriteStream(path);
  return {
    line: (s: string) =>
      new Promise<void>((resolve) => (out.write(`${s}\n`) ? resolve() : out.once('drain', resolve))),
    close: () =>
      new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve()))),
  };
}

export async function exportCsv(
  graph: AttackGraph,
  o: { dir: string; cluster: string; snapshotAt: string; costs?: JewelCosts },
): Promise<CsvExport> {
  mkdirSync(o.dir, { recursive: true });
  const generation = `csv-${Date.now().toString(36)}`;
  const key = (id: string) => `${o.cluster}|${generation}|${id}`;
  const nodeFiles: string[] = [];
  const relationshipFiles: string[] = [];

  const byLabel = new Map<string, ReturnType<typeof writer>>();
  const NODE_HEADER =
    'key:ID,id,cluster,generation,snapshotAt,kind,name,namespace,label,tierZero:boolean,crownJewel:boolean,jewels:string[],jewelCosts:float[],:LABEL';
  for (const [id, v] of graph.vertices) {
    const label = NODE_KINDS[v.kind];
    let w = byLabel.get(label);
    if (!w) {
      const path = join(o.dir, `nodes-${label}.csv`);
      w = writer(path);
      byLabel.set(label, w);
      nodeFiles.push(path);
      await w.line(NODE_HEADER);
    }
    const c = o.costs?.get(id);
    await w.line(
      [
        field(key(id)),
        field(id),
        field(o.cluster),
        field(generation),
        field(o.snapshotAt),
        field(v.kind),
        field(v.name),
        field(v.namespace),
        field(v.label),
        String(Boolean(v.tierZero)),
        String(Boolean(v.crownJewel) || v.kind === 'target'),
        c ? list(c.jewels) : '',
        c ? list(c.costs) : '',
        field(`K8sVertex;${label}`),
      ].join(','),
    );
  }
  for (const w of byLabel.values()) await w.close();

  const byType = new Map<string, ReturnType<typeof writer>>();
  for (const e of graph.edges) {
    let w = byType.get(e.kind);
    if (!w) {
      const path = join(o.dir, `relationships-${e.kind}.csv`);
      w = writer(path);
      byType.set(e.kind, w);
      relationshipFiles.push(path);
      await w.line(':START_ID,:END_ID,cluster,generation,cost:float,exploit:boolean,evidence:string[],:TYPE');
    }
    const evidence = e.evidence.map(evidenceText);
    await w.line(
      [
        field(key(e.from)),
        field(key(e.to)),
        field(o.cluster),
        field(generation),
        String(e.cost),
        String(edgeSpec(e.kind as EdgeKind).exploit === true),
        list(evidence),
        field(e.kind),
      ].join(','),
    );
  }
  for (const w of byType.values()) await w.close();

  const command = [
    'neo4j-admin database import full neo4j',
    '--overwrite-destination=true',
    ...nodeFiles.map((f) => `--nodes=${f}`),
    ...relationshipFiles.map((f) => `--relationships=${f}`),
  ].join(' ');
  return { dir: o.dir, generation, nodeFiles, relationshipFiles, command };
}

/** After an import: the cluster node that makes the imported generation current (run it once). */
export const CLUSTER_AFTER_IMPORT = `
  MERGE (c:K8sCluster {name: $cluster})
  SET c.generation = $generation, c.snapshotAt = $snapshotAt`;
