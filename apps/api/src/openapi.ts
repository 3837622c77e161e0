/**
 * The OpenAPI 3.1 document, generated from the zod schemas that validate requests
 * (schemas.ts) and describe responses (responses.ts). schemathesis fuzzes the served document
 * against a running server in CI (test/api-fuzz), so what it says is what the routes do.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as r from './responses.js';
import * as s from './schemas.js';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: s.Problem } },
});
const json = (description: string, schema: s.z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});
/** The problems every authenticated route can answer. */
const COMMON = {
  400: problem('an invalid request (the detail names the parameter and the rule)'),
  401: problem('no token, or an unknown one'),
  429: problem('too many requests (Retry-After says when to come back)'),
  431: { description: "the URL or headers are over the HTTP server's 16 KiB limit (no body)" },
};
/** And those of a route on one snapshot. */
const ON_SNAPSHOT = {
  ...COMMON,
  404: problem('no such snapshot, or (for a vertex parameter) no such vertex in it'),
  503: problem(
    "the snapshot's analysis is still running (Retry-After says when to ask again; GET …/progress shows how far it is), or the server is shutting down",
  ),
};

export function buildOpenApi(version: string): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const security = [{ bearer: [] }];
  const route = (config: RouteConfig) => registry.registerPath({ security, ...config });
  const query = (path: string, summary: string, schema: s.z.ZodObject, answer: s.z.ZodType) =>
    route({
      method: 'get',
      path: `/api/v1/snapshots/{id}/${path}`,
      summary,
      request: { params: s.SnapshotIdParams, query: schema },
      responses: { 200: json(summary, answer), ...ON_SNAPSHOT },
    });

  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'liveness (no token)',
    responses: { 200: json('alive', r.Health) },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'readiness and the number of snapshots (no token)',
    responses: { 200: json('ready', r.Health) },
  });
  route({
    method: 'get',
    path: '/api/v1/snapshots',
    summary: 'list snapshots',
    responses: { 200: json('the snapshots', r.SnapshotList), ...COMMON },
  });
  route({
    method: 'post',
    path: '/api/v1/snapshots',
    summary:
      'upload a snapshot, kubectl JSON, multi-document YAML or a dump archive (admin); read under the load limits (KUBEPATH_MAX_*)',
    request: {
      query: s.z.object({
        cluster: s.z.string().max(253).optional().openapi({ description: 'the cluster name' }),
      }),
      body: {
        required: true,
        content: {
          'application/json': { schema: s.z.string().openapi({ format: 'binary' }) },
          'application/yaml': { schema: s.z.string().openapi({ format: 'binary' }) },
          'application/gzip': { schema: s.z.string().openapi({ format: 'binary' }) },
        },
      },
    },
    responses: {
      201: json('stored, with what was skipped; its analysis starts at once', r.Uploaded),
      ...COMMON,
      403: problem('a read-only token'),
      413: problem('the body is over KUBEPATH_MAX_BODY_BYTES, or reading it breached a load limit'),
      422: problem('nothing usable in the upload (the detail and `skipped` say why)'),
    },
  });
  route({
    method: 'get',
    path: '/api/v1/snapshots/{id}',
    summary: 'one snapshot: its cluster and what was loaded (coverage)',
    request: { params: s.SnapshotIdParams },
    responses: { 200: json('the snapshot', r.SnapshotDetail), ...ON_SNAPSHOT },
  });
  route({
    method: 'get',
    path: '/api/v1/snapshots/{id}/progress',
    summary:
      "how far along the work on a snapshot is (a cold one's analysis phases so far), answered at once",
    request: { params: s.SnapshotIdParams },
    responses: { 200: json('the progress', r.ProgressAnswer), ...ON_SNAPSHOT },
  });
  route({
    method: 'delete',
    path: '/api/v1/snapshots/{id}',
    summary: 'delete a snapshot (admin)',
    request: { params: s.SnapshotIdParams },
    responses: { 204: { description: 'deleted' }, ...ON_SNAPSHOT, 403: problem('a read-only token') },
  });
  route({
    method: 'get',
    path: '/api/v1/clusters',
    summary:
      'the clusters this server may collect from (KUBEPATH_CLUSTERS), has schedules for (KUBEPATH_SCHEDULES), or has reports of',
    responses: { 200: json('the clusters', r.ClusterList), ...COMMON },
  });
  const ON_CLUSTER = { ...COMMON, 404: problem('no schedule or report for that cluster') };
  route({
    method: 'get',
    path: '/api/v1/clusters/{cluster}/reports',
    summary: "a cluster's report runs, newest first (ok or failed, with the reason)",
    request: { params: s.ClusterParams },
    responses: { 200: json('the runs', r.ReportRuns), ...ON_CLUSTER },
  });
  route({
    method: 'get',
    path: '/api/v1/clusters/{cluster}/trend',
    summary: "findings by severity over a cluster's ok reports, oldest first",
    request: { params: s.ClusterParams },
    responses: { 200: json('the trend', r.Trend), ...ON_CLUSTER },
  });
  route({
    method: 'post',
    path: '/api/v1/clusters/{cluster}/runs',
    summary: 'report a scheduled cluster now (admin); follow …/reports for the run',
    request: { params: s.ClusterParams },
    responses: {
      202: json('started', r.RunStarted),
      ...ON_CLUSTER,
      403: problem('a read-only token'),
      409: problem('a run of that cluster is in progress'),
    },
  });
  const ON_FLEET = {
    ...COMMON,
    404: problem('no Neo4j configured (KUBEPATH_NEO4J_URL): no fleet to ask'),
    503: problem('the Neo4j cannot be reached'),
  };
  route({
    method: 'get',
    path: '/api/v1/fleet/reach',
    summary:
      'the clusters in which a vertex (the internet by default) reaches a crown jewel, cheapest first (Neo4j)',
    request: { query: s.FleetReachQuery },
    responses: { 200: json('the clusters', r.FleetReach), ...ON_FLEET },
  });
  route({
    method: 'get',
    path: '/api/v1/fleet/identity',
    summary:
      "an identity's reach across clusters: the crown jewels it reaches in each, with the cost (Neo4j)",
    request: { query: s.FleetIdentityQuery },
    responses: { 200: json('the clusters', r.FleetIdentity), ...ON_FLEET },
  });
  route({
    method: 'get',
    path: '/api/v1/reports/{id}/diff',
    summary:
      "what changed since the cluster's run before: new, resolved, worse, better, unchanged, incomparable (null for its first report)",
    request: { params: s.ReportIdParams },
    responses: {
      200: json('the diff', r.ReportDiffAnswer),
      ...COMMON,
      404: problem('no such report, or its run failed'),
    },
  });
  route({
    method: 'get',
    path: '/api/v1/reports/{id}',
    summary:
      'one report, as JSON, Markdown, HTML, SARIF or JUnit (md and html with the diff against the run before)',
    request: { params: s.ReportIdParams, query: s.ReportFormatQuery },
    responses: {
      200: {
        description: 'the report',
        content: {
          'application/json': {
            schema: s.z.object({}).passthrough().openapi({ description: 'kubepath.dev/report/v1' }),
          },
          'text/markdown': { schema: s.z.string() },
          'text/html': { schema: s.z.string() },
          'application/sarif+json': { schema: s.z.object({}).passthrough() },
          'application/xml': { schema: s.z.string() },
        },
      },
      ...COMMON,
      404: problem('no such report, or its run failed (the detail says why)'),
    },
  });
  route({
    method: 'post',
    path: '/api/v1/collections',
    summary:
      'collect a configured cluster into a new snapshot, in the background (admin); read-only, Secrets as metadata only',
    request: { body: { required: true, content: { 'application/json': { schema: s.CollectionBody } } } },
    responses: {
      202: json('started (or already running for that cluster): follow Location', r.CollectionJob),
      ...COMMON,
      403: problem('a read-only token'),
      404: problem('no such configured cluster'),
    },
  });
  route({
    method: 'get',
    path: '/api/v1/collections',
    summary: 'the recent collections, newest first',
    responses: { 200: json('the collections', r.CollectionList), ...COMMON },
  });
  route({
    method: 'get',
    path: '/api/v1/collections/{id}',
    summary: 'one collection: its state, progress per kind, and the snapshot it made',
    request: { params: s.CollectionIdParams },
    responses: {
      200: json('the collection', r.CollectionJob),
      ...COMMON,
      404: problem('no such collection'),
    },
  });
  query(
    'who-can-reach',
    'every actor (identity, workload, node, secret…) that can reach the target, cheapest path each; crown jewels reached are never cut',
    s.WhoCanReachQuery,
    r.WhoCanReachAnswer,
  );
  query('paths', 'the k cheapest loop-free paths', s.PathsQuery, r.PathsAnswer);
  query('blast-radius', 'every actor a vertex reaches', s.BlastRadiusQuery, r.BlastRadiusAnswer);
  query(
    'findings',
    'findings: one per cause and kind of entry, with the jewels it opens, severity and its reason, remediation; Tier Zero apart',
    s.FindingsQuery,
    r.FindingsAnswer,
  );
  query(
    'choke-points',
    'fix candidates: the changes that close the most entry → crown jewel pairs (exactly), then add the most cost',
    s.ChokePointsQuery,
    r.ChokePointsAnswer,
  );
  query('who-can', 'RBAC: who may make a request', s.WhoCanQuery, r.WhoCanAnswer);
  query('netpol', 'allowed connections (connlist), a page at a time', s.NetpolQuery, r.NetpolAnswer);
  query(
    'queries',
    'the pre-built queries (internet → crown jewels, cluster-admin accounts, node escapes, …), each with its count and first items',
    s.PrebuiltQueriesQuery,
    r.PrebuiltQueriesAnswer,
  );
  query(
    'entity',
    'one vertex explored: its object and properties, neighbours counted by edge kind in and out, the rules its bindings grant, the crown jewels it reaches',
    s.EntityQuery,
    r.EntityAnswer,
  );
  query(
    'object',
    'one object of the snapshot as YAML (redacted as collected), with the value and lines at a JSON pointer',
    s.ObjectQuery,
    r.ObjectAnswer,
  );
  query('search', 'vertices whose id or label holds every word (completion)', s.SearchQuery, r.SearchAnswer);
  query(
    'graph/neighbourhood',
    'Cytoscape elements of the vertices within `depth` steps of `vertex` and the edges among them (at most `limit`)',
    s.NeighbourhoodQuery,
    r.GraphAnswer,
  );
  query(
    'graph/paths',
    'Cytoscape elements of the k cheapest paths `from` → `to`, what-if: without the objects `without`, and the edges `cut`',
    s.GraphPathsQuery,
    r.GraphAnswer,
  );
  route({
    method: 'get',
    path: '/api/v1/snapshots/{id}/graph',
    deprecated: true,
    summary:
      'graph/neighbourhood (with `vertex`) or graph/paths (with `from` and `to`) in one route: give either `vertex`, or both `from` and `to`; `without` and `cut` only with `from` and `to`',
    request: { params: s.SnapshotIdParams, query: s.GraphQueryFields },
    responses: { 200: json('the elements', r.GraphAnswer), ...ON_SNAPSHOT },
  });
  query(
    'compromised',
    'known compromised: the Falco alerts uploaded and the vertices marked as owned, with what each already reaches',
    s.CompromisedQuery,
    r.CompromisedAnswer,
  );
  route({
    method: 'post',
    path: '/api/v1/snapshots/{id}/compromised',
    summary:
      'add Falco alerts (its JSON output, one alert a line; admin): the pods, containers and nodes they name are known compromised',
    request: {
      params: s.SnapshotIdParams,
      body: {
        required: true,
        content: {
          'application/x-ndjson': { schema: s.z.string() },
          'text/plain': { schema: s.z.string() },
        },
      },
    },
    responses: {
      201: json('added, with the lines that were no alert', r.AlertsAdded),
      ...ON_SNAPSHOT,
      403: problem('a read-only token'),
      413: problem('a body over KUBEPATH_MAX_BODY_BYTES, or more alerts than a snapshot keeps (100,000)'),
      422: problem('no Falco alert in the body'),
    },
  });
  route({
    method: 'delete',
    path: '/api/v1/snapshots/{id}/compromised',
    summary: "forget the snapshot's alerts and owned marks (admin)",
    request: { params: s.SnapshotIdParams },
    responses: { 204: { description: 'forgotten' }, ...ON_SNAPSHOT, 403: problem('a read-only token') },
  });
  route({
    method: 'post',
    path: '/api/v1/snapshots/{id}/owned',
    summary: 'mark a vertex as owned (admin): it leads the known compromised like an alerted one',
    request: {
      params: s.SnapshotIdParams,
      body: { required: true, content: { 'application/json': { schema: s.OwnedBody } } },
    },
    responses: {
      201: json('the owned marks', r.OwnedList),
      ...ON_SNAPSHOT,
      403: problem('a read-only token'),
    },
  });
  route({
    method: 'delete',
    path: '/api/v1/snapshots/{id}/owned',
    summary: 'take an owned mark back (admin)',
    request: { params: s.SnapshotIdParams, query: s.OwnedBody },
    responses: {
      200: json('the owned marks left', r.OwnedList),
      ...ON_SNAPSHOT,
      403: problem('a read-only token'),
    },
  });
  route({
    method: 'post',
    path: '/api/v1/snapshots/{id}/what-if',
    summary: 'remove objects and report the entry → crown jewel pairs that close',
    request: {
      params: s.SnapshotIdParams,
      body: { required: true, content: { 'application/json': { schema: s.WhatIfBody } } },
    },
    responses: {
      200: json('paths closed', r.WhatIfAnswer),
      ...ON_SNAPSHOT,
      413: problem('a body over 1 MB'),
    },
  });
  route({
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'this document',
    responses: {
      200: json('the OpenAPI 3.1 document', s.z.object({ openapi: s.z.string() }).passthrough()),
      ...COMMON,
    },
  });
  route({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (requests, graph builds, uploads)',
    responses: {
      200: { description: 'the text exposition format', content: { 'text/plain': { schema: s.z.string() } } },
      ...COMMON,
    },
  });
  route({
    method: 'get',
    path: '/api/v1/catalog',
    summary: 'every edge kind (description, MITRE technique, cost, remediation) and vertex kind',
    responses: { 200: json('the catalog', r.CatalogAnswer), ...COMMON },
  });
  registry.register('Removals', s.Removals);
  registry.register('CutEdges', s.CutEdges);
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'kubepath',
      version,
      description: 'Attack paths in Kubernetes clusters: who can get from here to there.',
    },
    servers: [{ url: '/' }],
  });
  describeJsonQueryParameters(document);
  return document;
}

/** The document's operations: path → method → operation. */
type Paths = Record<string, Record<string, { parameters?: Record<string, unknown>[] }>>;

/** `without` and `cut` hold JSON: say so with `content`, the way OpenAPI describes such a parameter. */
function describeJsonQueryParameters(document: { paths?: unknown }): void {
  for (const operations of Object.values((document.paths ?? {}) as Paths))
    for (const operation of Object.values(operations))
      for (const parameter of operation.parameters ?? []) {
        const component = s.JSON_QUERY_PARAMETERS[String(parameter.name)];
        if (parameter.in !== 'query' || !component) continue;
        delete parameter.schema;
        parameter.content = { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } };
      }
}

/** The documented methods of each documented path, for 405 Method Not Allowed (app.ts). */
export function documentedMethods(document: object): { pattern: RegExp; methods: string[] }[] {
  return Object.entries(((document as { paths?: unknown }).paths ?? {}) as Paths).map(
    ([path, operations]) => ({
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      methods: Object.keys(operations).map((m) => m.toUpperCase()),
    }),
  );
}
