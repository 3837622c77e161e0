/**
 * The attack graph as BloodHound OpenGraph JSON, for teams that run BloodHound CE or
 * Enterprise: upload the file and query kubepath's graph beside their Active Directory one.
 *
 * The format (https://bloodhound.specterops.io/opengraph/developer/nodes, …/edges,
 * …/metadata): `{"metadata": {"source_kind"}, "graph": {"nodes": [{id, kinds, properties}],
 * "edges": [{start: {match_by, value}, end: {…}, kind, properties}]}}`.
 * - Node kinds never collide with BloodHound's own (`User`, `Group`, `Container`…): each is
 *   prefixed (`K8sUser`, `K8sServiceAccount`); at most three kinds a node.
 * - Ids are globally unique and hold no `:`: `<cluster>|<kubepath id>` with `%` and `:`
 *   percent-encoded (injective, and readable).
 * - Properties are lowercase names with primitive values or homogeneous arrays of them; no
 *   `objectid` (BloodHound sets its own).
 * - Edge kinds match `^[A-Za-z0-9_]+$`: `K8s` and the catalog kind in PascalCase
 *   (`POD_CREATE` → `K8sPodCreate`).
 */
import type { AttackGraph } from '@kubepath/graph';
import { evidenceText } from './evidence-text.js';
import { edgeSpec, type EdgeKind, type VertexKind } from '@kubepath/model';

export const OPENGRAPH_SOURCE_KIND = 'Kubepath';

export const NODE_KINDS: Record<VertexKind, string> = {
  sa: 'K8sServiceAccount',
  user: 'K8sUser',
  group: 'K8sGroup',
  pod: 'K8sPod',
  container: 'K8sContainer',
  node: 'K8sNode',
  secret: 'K8sSecret',
  service: 'K8sService',
  binding: 'K8sRoleBinding',
  clusterbinding: 'K8sClusterRoleBinding',
  namespace: 'K8sNamespace',
  external: 'K8sExternal',
  target: 'K8sCrownJewel',
  hub: 'K8sCapability',
  netclass: 'K8sNetworkClass',
  cloud: 'K8sCloudIdentity',
};

type Primitive = string | number | boolean;
type Properties = Record<string, Primitive | string[]>;

export interface OpenGraphNode {
  id: string;
  kinds: string[];
  properties: Properties;
}
export interface OpenGraphEdge {
  start: { match_by: 'id'; value: string };
  end: { match_by: 'id'; value: string };
  kind: string;
  properties: Properties;
}
export interface OpenGraph {
  metadata: { source_kind: string };
  graph: { nodes: OpenGraphNode[]; edges: OpenGraphEdge[] };
}

/** `<cluster>|<id>`, with `%` and `:` percent-encoded. */
export const openGraphId = (cluster: string, id: string) =>
  `${cluster}|${id.replace(/%/g, '%25').replace(/:/g, '%3A')}`;

/** `POD_CREATE` → `K8sPodCreate`. */
export const openGraphEdgeKind = (kind: string) =>
  `K8s${kind
    .toLowerCase()
    .split('_')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : ''))
    .join('')}`;

export function toOpenGraph(graph: AttackGraph, cluster: string): OpenGraph {
  const nodes: OpenGraphNode[] = [];
  for (const [id, v] of graph.vertices) {
    const properties: Properties = { name: v.name, kubepathid: id, cluster, kind: v.kind };
    if (v.namespace) properties.namespace = v.namespace;
    if (v.label) properties.displayname = v.label;
    else properties.displayname = v.namespace ? `${v.namespace}/${v.name}` : v.name;
    if (v.tierZero) {
      properties.tierzero = true;
      properties.tierzeroreason = v.tierZero;
    }
    // target:cluster-admin and target:etcd are crown jewels by definition; others are marked.
    const jewel = v.crownJewel ?? (v.kind === 'target' ? (v.label ?? v.name) : undefined);
    if (jewel) properties.crownjewel = jewel;
    nodes.push({ id: openGraphId(cluster, id), kinds: [NODE_KINDS[v.kind], 'K8sObject'], properties });
  }
  const edges: OpenGraphEdge[] = graph.edges.map((e) => {
    const spec = edgeSpec(e.kind as EdgeKind);
    return {
      start: { match_by: 'id', value: openGraphId(cluster, e.from) },
      end: { match_by: 'id', value: openGraphId(cluster, e.to) },
      kind: openGraphEdgeKind(e.kind),
      properties: {
        kubepathkind: e.kind,
        cost: e.cost,
        exploit: spec.exploit === true,
        category: spec.category,
        ...(spec.mitre ? { mitre: spec.mitre.id } : {}),
        evidence: e.evidence.map(evidenceText),
      },
    };
  });
  return { metadata: { source_kind: OPENGRAPH_SOURCE_KIND }, graph: { nodes, edges } };
}
