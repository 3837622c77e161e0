/**
 * The Cypher an analyst needs, written once: the fleet routes and the contract tests use these
 * (docs/neo4j.md shows them). Each reads a cluster's current generation (export.ts).
 */
import neo4j, { type Driver } from 'neo4j-driver';

export const CYPHER = {
  /** Everything that reaches a vertex, with the fewest hops. */
  reachers: `
    MATCH (c:K8sCluster {name: $cluster})
    MATCH (t:K8sVertex {cluster: $cluster, generation: c.generation, id: $target})
    MATCH (s:K8sVertex {cluster: $cluster, generation: c.generation}) WHERE s <> t
    MATCH p = shortestPath((s)-[*]->(t))
    RETURN s.id AS id, length(p) AS hops
    ORDER BY hops, id`,
  /** The fewest hops from one vertex to another (null when there is no path). */
  shortestHops: `
    MATCH (c:K8sCluster {name: $cluster})
    MATCH (a:K8sVertex {cluster: $cluster, generation: c.generation, id: $from})
    MATCH (b:K8sVertex {cluster: $cluster, generation: c.generation, id: $to})
    OPTIONAL MATCH p = shortestPath((a)-[*]->(b))
    RETURN CASE WHEN p IS NULL THEN null ELSE length(p) END AS hops, [r IN relationships(p) | type(r)] AS kinds`,
  /**
   * The clusters in which a vertex (the internet, an OIDC group…) reaches a crown jewel, with
   * the cheapest cost the engine found (exported on the vertex).
   */
  fleetJewel: `
    MATCH (c:K8sCluster)
    MATCH (v:K8sVertex {cluster: c.name, generation: c.generation, id: $from})
    WHERE $jewel IN v.jewels
    RETURN c.name AS cluster, c.snapshotAt AS snapshotAt,
      [i IN range(0, size(v.jewels) - 1) WHERE v.jewels[i] = $jewel | v.jewelCosts[i]][0] AS cost
    ORDER BY cost, cluster`,
  /** An identity's reach across clusters: every jewel it reaches in each, with the cost. */
  identityReach: `
    MATCH (i:K8sIdentity {id: $id})<-[:SAME_IDENTITY]-(v:K8sVertex)
    MATCH (c:K8sCluster {name: v.cluster}) WHERE v.generation = c.generation
    RETURN c.name AS cluster, coalesce(v.jewels, []) AS jewels, coalesce(v.jewelCosts, []) AS costs
    ORDER BY cluster`,
  /** The clusters in which one vertex id reaches another, by hops. */
  fleetReach: `
    MATCH (c:K8sCluster)
    MATCH (a:K8sVertex {cluster: c.name, generation: c.generation, id: $from})
    MATCH (b:K8sVertex {cluster: c.name, generation: c.generation, id: $to})
    MATCH p = shortestPath((a)-[*]->(b))
    RETURN c.name AS cluster, length(p) AS hops, reduce(s = 0.0, r IN relationships(p) | s + r.cost) AS costOfThatPath
    ORDER BY cluster`,
} as const;

export async function reachersOf(
  driver: Driver,
  cluster: string,
  target: string,
): Promise<Map<string, number>> {
  const { records } = await driver.executeQuery(CYPHER.reachers, { cluster, target });
  return new Map(records.map((r) => [r.get('id') as string, Number(r.get('hops'))]));
}

export async function shortestHops(
  driver: Driver,
  cluster: string,
  from: string,
  to: string,
): Promise<number | null> {
  const { records } = await driver.executeQuery(CYPHER.shortestHops, { cluster, from, to });
  const hops = records[0]?.get('hops');
  return hops === null || hops === undefined ? null : Number(hops);
}

export async function fleetJewel(
  driver: Driver,
  from: string,
  jewel: string,
): Promise<{ cluster: string; snapshotAt: string; cost: number }[]> {
  const { records } = await driver.executeQuery(CYPHER.fleetJewel, { from, jewel });
  return records.map((r) => ({
    cluster: r.get('cluster') as string,
    snapshotAt: r.get('snapshotAt') as string,
    cost: Number(r.get('cost')),
  }));
}

export async function identityReach(
  driver: Driver,
  id: string,
): Promise<{ cluster: string; jewels: { id: string; cost: number }[] }[]> {
  const { records } = await driver.executeQuery(CYPHER.identityReach, { id });
  return records.map((r) => {
    const jewels = r.get('jewels') as string[];
    const costs = r.get('costs') as number[];
    return {
      cluster: r.get('cluster') as string,
      jewels: jewels.map((j, i) => ({ id: j, cost: Number(costs[i]) })),
    };
  });
}

/** For integer parameters: the driver sends JS numbers as floats. */
export const int = (n: number) => neo4j.int(n);
