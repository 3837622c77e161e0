/** Request schemas: they validate requests and describe them in the OpenAPI document. */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { ACTOR_KINDS, EXPLOIT_MODES } from '@kubepath/analyzer';
import type { VertexKind } from '@kubepath/model';
import { z } from 'zod';

extendZodWithOpenApi(z);

const count = (max: number) => z.coerce.number().int().positive().max(max);
/**
 * A vertex id or glob. The longest real id (a DaemonSet replica's container: namespace, name,
 * node and container) stays under 700 characters; nothing longer is worth a search.
 */
const vertexId = () => z.string().min(1).max(1024);
/**
 * What who-can takes as a resource: a resource name (`pods`, kubectl's short names, or one
 * kubepath does not know, answered with a warning), any resource with its group
 * (`widgets.example.com`), either with a subresource, or a non-resource URL (`/metrics`).
 */
const RESOURCE_PATTERN = /^(?:\/\S*|[a-z][a-z0-9-]*(?:\.[a-z0-9.-]+)?(?:\/[a-z0-9-]+)?)$/;
/** A Kubernetes name (DNS subdomain: at most 253 characters). */
const k8sName = () => z.string().min(1).max(253);

/**
 * A query parameter holding a JSON array (what-if removals and cut edges keep deep links plain
 * GETs). The OpenAPI document describes it as JSON content with the array's schema
 * (JSON_QUERY_PARAMETERS), which is what OpenAPI has for a serialised parameter.
 */
const jsonArray = <T extends z.ZodType>(array: T, description: string) =>
  z
    .string()
    .max(16_000) // a URL longer than Node's 16 KiB header limit never arrives anyway
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(array)
    .optional()
    .openapi({ description });
const Removal = z.object({
  kind: z.string().min(1).max(64),
  namespace: k8sName().optional(),
  name: k8sName(),
});
const CutEdge = z.object({ from: vertexId(), kind: z.string().min(1).max(64), to: vertexId() });
export const Removals = z.array(Removal).max(20).openapi('Removals');
export const CutEdges = z.array(CutEdge).max(20).openapi('CutEdges');
/** Query parameters that carry JSON, and the component schema of what they hold. */
export const JSON_QUERY_PARAMETERS: Record<string, string> = { without: 'Removals', cut: 'CutEdges' };
export const SnapshotIdParams = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .openapi({ example: 'demo' }),
});
export const CollectionBody = z.object({
  cluster: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
    .openapi({ example: 'prod', description: 'a configured cluster (GET /api/v1/clusters)' }),
});
export const FleetReachQuery = z.object({
  from: vertexId().default('external:internet').openapi({ example: 'external:internet' }),
  to: vertexId().default('target:etcd').openapi({ example: 'target:etcd', description: 'a crown jewel' }),
});
export const FleetIdentityQuery = z.object({
  id: vertexId().openapi({
    example: 'group:oidc:platform-admins',
    description: 'a user, group or cloud role id',
  }),
});
export const ClusterParams = z.object({
  cluster: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
    .openapi({ example: 'demo', description: "a schedule's name (KUBEPATH_SCHEDULES)" }),
});
export const ReportIdParams = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .openapi({ description: "a report run's id" }),
});
export const ReportFormatQuery = z.object({
  format: z.enum(['json', 'md', 'html', 'sarif', 'junit']).default('json'),
});
export const CollectionIdParams = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .openapi({ description: 'the id POST /api/v1/collections answered with' }),
});
/** `evidence=true` adds each step's cost, evidence and remediation (as the CLI's --evidence). */
const Evidence = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true')
  .openapi({ description: "add each step's cost, evidence and remediation" });
/** The exploit mode of a query (DESIGN.md "Exploit modes"). */
const Exploits = z.enum(EXPLOIT_MODES).default('assumed').openapi({
  description:
    'assumed: any reachable listening port may be exploited; known: only containers with a known exploitable vulnerability; none: permissions and spec fields only',
});
/** Which actors who-can-reach and blast-radius list (crown jewels reached always are). */
const actorFilter = {
  kind: z
    .string()
    .regex(new RegExp(`^(?:${ACTOR_KINDS.join('|')})(?:,(?:${ACTOR_KINDS.join('|')}))*$`))
    .transform((v) => v.split(',') as VertexKind[])
    .optional()
    .openapi({ description: `list only these kinds, comma-separated (${ACTOR_KINDS.join(', ')})` }),
  namespace: k8sName().optional().openapi({ description: 'list only actors of this namespace' }),
  maxCost: z.coerce
    .number()
    .min(0)
    .max(1_000_000)
    .optional()
    .openapi({ description: 'list only actors at most this cost away' }),
};
export const WhoCanReachQuery = z.object({
  exploits: Exploits,
  target: vertexId().openapi({
    example: 'target:etcd',
    description: 'a vertex id, a glob (node:*), or crown-jewels',
  }),
  maxResults: count(1_000_000).optional(),
  evidence: Evidence,
  ...actorFilter,
});
export const PathsQuery = z.object({
  exploits: Exploits,
  from: vertexId().openapi({ example: 'sa:ci/runner' }),
  to: vertexId().openapi({ example: 'target:cluster-admin' }),
  k: count(20).default(3),
  maxHops: count(100).default(30),
  evidence: Evidence,
});
export const BlastRadiusQuery = z.object({
  exploits: Exploits,
  source: vertexId().openapi({ example: 'container:shop/Deployment.storefront/web' }),
  maxResults: count(1_000_000).optional(),
  evidence: Evidence,
  ...actorFilter,
});
export const ChokePointsQuery = z.object({
  exploits: Exploits,
  top: count(200).default(10),
});
export const CompromisedQuery = z.object({ exploits: Exploits });
/** A vertex marked as owned (the viewer's "mark as owned"), or the mark taken back. */
export const OwnedBody = z.object({
  id: vertexId().openapi({ example: 'container:monitoring/Deployment.grafana/grafana' }),
});
export const FindingsQuery = z.object({
  exploits: Exploits,
  limit: count(1_000_000)
    .optional()
    .openapi({ description: 'at most this many findings (most severe first); the counts cover all' }),
  entries: count(1_000_000).optional().openapi({ description: 'at most this many entry points per finding' }),
});
export const WhoCanQuery = z.object({
  verb: z.string().min(1).max(64).openapi({ example: 'create' }),
  resource: z
    .string()
    .min(1)
    .max(512)
    .regex(RESOURCE_PATTERN, 'a resource name or resource.group, either with /subresource, or a URL path')
    .openapi({
      example: 'pods',
      description: 'resource[.group][/subresource], or a non-resource URL (/healthz)',
    }),
  namespace: k8sName().optional(),
  name: k8sName().optional(),
});
const FixId = z
  .string()
  .regex(/^[A-Za-z]+\/\S{1,600}$/)
  .openapi({
    example: 'Namespace/ci#psa',
    description: "a fix candidate's id (`id` in the choke-points answer)",
  });
export const WhatIfBody = z
  .object({
    removals: z
      .array(Removal)
      .max(100)
      .default([])
      .openapi({ description: 'objects to delete (the graph is built again without them)' }),
    fixes: z
      .array(FixId)
      .max(100)
      .default([])
      .openapi({ description: "fix candidates' changes to make, on the same graph" }),
    exploits: Exploits,
  })
  .openapi({ description: 'with neither removals nor fixes, nothing changes: after equals before' });
export const SearchQuery = z.object({
  q: z
    .string()
    .max(200)
    .openapi({ example: 'runner', description: 'words that must all appear in id or label' }),
  limit: count(100).default(20),
});
export const PrebuiltQueriesQuery = z.object({ exploits: Exploits });
export const EntityQuery = z.object({
  vertex: vertexId().openapi({ example: 'sa:ci/deployer' }),
  exploits: Exploits,
});
export const ObjectQuery = z.object({
  kind: z
    .string()
    .regex(/^[A-Za-z]{1,64}$/)
    .openapi({ example: 'RoleBinding', description: 'the kind, as evidence names it' }),
  namespace: z.string().max(253).optional().openapi({ description: 'for a namespaced kind' }),
  name: z.string().min(1).max(253),
  path: z
    .string()
    .max(1024)
    .regex(/^(\/[^/]*)*$/)
    .optional()
    .openapi({
      example: '/roleRef',
      description: 'a JSON pointer into the object (RFC 6901), as evidence gives it: its value and lines',
    }),
});
const neighbourhoodFields = {
  depth: z.coerce.number().int().min(1).max(4).default(1),
  limit: z.coerce.number().int().min(10).max(5000).default(500),
};
const pathsFields = {
  k: z.coerce.number().int().positive().max(10).default(3),
  without: jsonArray(Removals, 'JSON array of objects to remove first ({kind, namespace, name})'),
  cut: jsonArray(CutEdges, 'JSON array of edges to leave out ({from, kind, to})'),
  exclude: z
    .string()
    .max(4000)
    .regex(/^[A-Z][A-Z0-9_]*(,[A-Z][A-Z0-9_]*)*$/)
    .transform((s) => s.split(','))
    .optional()
    .openapi({
      example: 'POD_EXEC,TOKEN_LIST',
      description: 'edge kinds to search without (comma-separated): the paths are found again, not hidden',
    }),
};
export const NeighbourhoodQuery = z.object({
  exploits: Exploits,
  vertex: vertexId().openapi({
    description: 'the vertex whose neighbourhood to draw',
    example: 'sa:ci/runner',
  }),
  ...neighbourhoodFields,
});
export const GraphPathsQuery = z.object({
  exploits: Exploits,
  from: vertexId().openapi({ example: 'sa:ci/runner' }),
  to: vertexId().openapi({ example: 'target:cluster-admin' }),
  ...pathsFields,
});
/** The older route that takes either (`graph?vertex=` or `graph?from=&to=`); kept for links. */
export const GraphQueryFields = z.object({
  exploits: Exploits,
  vertex: vertexId().optional().openapi({ description: 'the neighbourhood of this vertex' }),
  from: vertexId().optional().openapi({ description: 'with to: the k cheapest paths between them' }),
  to: vertexId().optional(),
  ...neighbourhoodFields,
  ...pathsFields,
});
export const GraphQuery = GraphQueryFields.refine(
  (q) => (q.vertex !== undefined) !== (q.from !== undefined && q.to !== undefined),
  { message: 'give either vertex, or from and to' },
).refine((q) => q.vertex === undefined || (q.without === undefined && q.cut === undefined), {
  message: 'without and cut apply to from and to only',
});
export const NetpolQuery = z.object({
  limit: count(10_000).default(1000).openapi({ description: 'at most this many connections a page' }),
  cursor: z
    .string()
    .regex(/^\d{1,9}\.\d{1,9}$/)
    .optional()
    .openapi({ description: 'where the page starts: the `next` of the page before' }),
});
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    requestId: z.string(),
  })
  .openapi('Problem');

export { z };
