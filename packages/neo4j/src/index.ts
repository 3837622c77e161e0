/**
 * @kubepath/neo4j — the attack graph for the graph tools teams already run: BloodHound
 * OpenGraph JSON now; Neo4j export and fleet queries with their issue.
 */
export {
  OPENGRAPH_SOURCE_KIND,
  openGraphEdgeKind,
  openGraphId,
  toOpenGraph,
  type OpenGraph,
  type OpenGraphEdge,
  type OpenGraphNode,
} from './opengraph.js';
export { zipOne } from './zip.js';
export {
  connectNeo4j,
  ensureSchema,
  exportGraph,
  Neo4jUnavailableError,
  type ExportOptions,
  type ExportResult,
} from './export.js';
export { CYPHER, fleetJewel, identityReach, reachersOf, shortestHops } from './queries.js';
export { jewelCosts, type JewelCosts } from './jewel-costs.js';
export { CLUSTER_AFTER_IMPORT, exportCsv, type CsvExport } from './csv.js';
