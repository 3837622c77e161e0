/**
 * The attack graph into Neo4j, one cluster at a time, beside the other clusters of a fleet.
 *
 * - Every vertex is a `:K8sVertex` with its kind's label (`:K8sServiceAccount`…), `key`
 *   (`<cluster>|<id>`, unique), `id`, `cluster`, `generation`, name, namespace, Tier Zero and
 *   crown-jewel flags. Every edge is a relationship of its catalog kind (`POD_CREATE`…) with
 *   cost, exploit flag, evidence (strings), cluster and generation.
 * - A re-export writes a new generation in batches (UNWIND, 5,000 rows a transaction; labels
 *   and relationship types cannot be parameters, so one statement per kind), then moves the
 *   cluster's `(:K8sCluster {name})` to it in one transaction, then deletes the old generation.
 *   Queries read the cluster's current generation, so they never see half old, half new.
 * - Memory bounded: rows are built a batch at a time from the graph.
 * - The driver sends JS numbers as floats: integers go through `neo4j.int`.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { AttackGraph } from '@kubepath/graph';
import { edgeSpec, type EdgeKind } from '@kubepath/model';
import { evidenceText } from './evidence-text.js';
import type { JewelCosts } from './jewel-costs.js';
import { NODE_KINDS } from './opengraph.js';

const BATCH = 5000;

export interface ExportOptions {
  cluster: string;
  /** The snapshot's collection time, kept on every vertex. */
  snapshotAt: string;
  onProgress?: (done: number, total: number, what: string) => void;
  /** What each vertex reaches by cost (jewel-costs.ts): fleet questions read it. */
  costs?: JewelCosts;
}

export interface ExportResult {
  cluster: string;
  generation: string;
  vertices: number;
  edges: number;
  /** Vertices and relationships of the previous generation removed. */
  removed: number;
}

/** Opens a driver and checks the server answers: a clear error when it does not. */
export async function connectNeo4j(
  uri: string,
  auth: { user?: string; password?: string } = {},
): Promise<Driver> {
  const driver = neo4j.driver(uri, auth.user ? neo4j.auth.basic(auth.user, auth.password ?? '') : undefined, {
    // A Neo4j that is down is said within seconds: short timeouts, few retries.
    connectionTimeout: 5_000,
    connectionAcquisitionTimeout: 10_000,
    maxTransactionRetryTime: 3_000,
    disableLosslessIntegers: true,
  });
  try {
    await driver.getServerInfo();
  } catch (error) {
    await driver.close();
    throw new Neo4jUnavailableError(uri, error);
  }
  return driver;
}

export class Neo4jUnavailableError extends Error {
  constructor(uri: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
    super(`cannot reach Neo4j at ${uri}: ${why}`);
  }
}

/** Constraint and indexes, created once (idempotent). */
export async function ensureSchema(driver: Driver): Promise<void> {
  for (const statement of [
    'CREATE CONSTRAINT kubepath_vertex_key IF NOT EXISTS FOR (v:K8sVertex) REQUIRE v.key IS UNIQUE',
    'CREATE CONSTRAINT kubepath_cluster_name IF NOT EXISTS FOR (c:K8sCluster) REQUIRE c.name IS UNIQUE',
    'CREATE INDEX kubepath_vertex_cluster IF NOT EXISTS FOR (v:K8sVertex) ON (v.cluster, v.generation)',
    'CREATE INDEX kubepath_vertex_id IF NOT EXISTS FOR (v:K8sVertex) ON (v.id)',
    'CREATE CONSTRAINT kubepath_identity_id IF NOT EXISTS FOR (i:K8sIdentity) REQUIRE i.id IS UNIQUE',
  ])
    await driver.executeQuery(statement);
}

const keyOf = (cluster: string, generation: string, id: string) => `${cluster}|${generation}|${id}`;

/**
 * Users and groups other than Kubernetes' own (`system:…`) come from the identity provider
 * and mean the same in every cluster; so do cloud roles. Service accounts are per cluster.
 */
const sharedIdentity = (id: string, kind: string, name: string) =>
  ((kind === 'user' || kind === 'group') && !name.startsWith('system:')) ||
  (kind === 'cloud' && id !== 'cloud:instance-metadata');

export async function exportGraph(
  driver: Driver,
  graph: AttackGraph,
  o: ExportOptions,
): Promise<ExportResult> {
  await ensureSchema(driver);
  const generation = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const total = graph.vertices.size + graph.edges.length;
  let done = 0;

  // Vertices, by kind (the kind's label is part of the statement).
  const byKind = new Map<string, Record<string, unknown>[]>();
  const flush = async (label: string, rows: Record<string, unknown>[]) => {
    await driver.executeQuery(`UNWIND $rows AS r CREATE (v:K8sVertex:${label}) SET v = r`, { rows });
    done += rows.length;
    o.onProgress?.(done, total, 'vertices');
  };
  for (const [id, v] of graph.vertices) {
    const label = NODE_KINDS[v.kind];
    const rows = byKind.get(label) ?? [];
    rows.push({
      key: keyOf(o.cluster, generation, id),
      id,
      cluster: o.cluster,
      generation,
      snapshotAt: o.snapshotAt,
      kind: v.kind,
      name: v.name,
      ...(v.namespace ? { namespace: v.namespace } : {}),
      ...(v.label ? { label: v.label } : {}),
      tierZero: Boolean(v.tierZero),
      crownJewel: Boolean(v.crownJewel) || v.kind === 'target',
      ...(o.costs?.get(id) ? { jewels: o.costs.get(id)!.jewels, jewelCosts: o.costs.get(id)!.costs } : {}),
      // Identities that mean the same across clusters (an OIDC user or group, a cloud role).
      ...(sharedIdentity(id, v.kind, v.name) ? { identity: id } : {}),
    });
    byKind.set(label, rows);
    if (rows.length >= BATCH) {
      await flush(label, rows);
      byKind.set(label, []);
    }
  }
  for (const [label, rows] of byKind) if (rows.length) await flush(label, rows);

  // Edges, by kind (the relationship type is part of the statement).
  const byType = new Map<string, Record<string, unknown>[]>();
  const flushEdges = async (type: string, rows: Record<string, unknown>[]) => {
    await driver.executeQuery(
      `UNWIND $rows AS r
       MATCH (a:K8sVertex {key: r.from}), (b:K8sVertex {key: r.to})
       CREATE (a)-[e:${type}]->(b) SET e = r.props`,
      { rows },
    );
    done += rows.length;
    o.onProgress?.(done, total, 'edges');
  };
  for (const e of graph.edges) {
    if (!/^[A-Z_]+$/.test(e.kind)) throw new Error(`edge kind ${e.kind} is not a catalog kind`);
    const rows = byType.get(e.kind) ?? [];
    rows.push({
      from: keyOf(o.cluster, generation, e.from),
      to: keyOf(o.cluster, generation, e.to),
      props: {
        cluster: o.cluster,
        generation,
        cost: e.cost,
        exploit: edgeSpec(e.kind as EdgeKind).exploit === true,
        evidence: e.evidence.map(evidenceText),
      },
    });
    byType.set(e.kind, rows);
    if (rows.length >= BATCH) {
      await flushEdges(e.kind, rows);
      byType.set(e.kind, []);
    }
  }
  for (const [type, rows] of byType) if (rows.length) await flushEdges(type, rows);

  // Shared identities: one (:K8sIdentity) for each, linked from every cluster's vertex of it.
  await driver.executeQuery(
    `MATCH (v:K8sVertex {cluster: $cluster, generation: $generation}) WHERE v.identity IS NOT NULL
     MERGE (i:K8sIdentity {id: v.identity})
     CREATE (v)-[:SAME_IDENTITY]->(i)`,
    { cluster: o.cluster, generation },
  );

  // The switch: one transaction moves the cluster to the new generation.
  const { records } = await driver.executeQuery(
    `MERGE (c:K8sCluster {name: $cluster})
     WITH c, c.generation AS old
     SET c.generation = $generation, c.snapshotAt = $snapshotAt, c.vertices = $vertices, c.edges = $edges
     RETURN old`,
    {
      cluster: o.cluster,
      generation,
      snapshotAt: o.snapshotAt,
      vertices: neo4j.int(graph.vertices.size),
      edges: neo4j.int(graph.edges.length),
    },
  );
  const old = records[0]?.get('old') as string | null;
  // Then the old generation goes, in batches: its relationships first (a hub of 150,000 pods
  // has 150,000 of them: one DETACH DELETE of it would outgrow a transaction's memory), then
  // its vertices.
  let removed = 0;
  if (old) {
    const batches = async (query: string) => {
      let total = 0;
      for (;;) {
        const res = await driver.executeQuery(query, { cluster: o.cluster, old, limit: neo4j.int(BATCH) });
        const n = Number(res.records[0]?.get('n') ?? 0);
        total += n;
        if (n === 0) return total;
      }
    };
    await batches(
      `MATCH (v:K8sVertex {cluster: $cluster, generation: $old})-[r]-()
       WITH DISTINCT r LIMIT $limit
       DELETE r
       RETURN count(*) AS n`,
    );
    removed = await batches(
      `MATCH (v:K8sVertex {cluster: $cluster, generation: $old})
       WITH v LIMIT $limit
       DELETE v
       RETURN count(*) AS n`,
    );
  }
  return {
    cluster: o.cluster,
    generation,
    vertices: graph.vertices.size,
    edges: graph.edges.length,
    removed,
  };
}
