/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as s from './schemas.js';

export function buildOpenApi(version: string): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const problem = {
    description: 'a problem (application/problem+json)',
    content: { 'application/problem+json': { schema: s.Problem } },
  };
  const ok = (description: string) => ({
    200: { description, content: { 'application/json': { schema: s.z.object({}).passthrough() } } },
    400: problem,
    401: problem,
    404: problem,
  });
  const query = (path: string, summary: string, schema: s.z.ZodObject) =>
    registry.registerPath({
      method: 'get',
      path: `/api/v1/snapshots/{id}/${path}`,
      summary,
      security: [{ bearer: [] }],
      request: { params: s.SnapshotIdParams, query: schema },
      responses: ok(summary),
    });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/snapshots',
    summary: 'list snapshots',
    security: [{ bearer: [] }],
    responses: ok('the snapshots'),
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/snapshots',
    summary: 'upload a snapshot, kubectl JSON, multi-document YAML or a dump archive (admin)',
    security: [{ bearer: [] }],
    request: {
      body: {
        content: {
          'application/json': { schema: s.z.object({}).passthrough() },
          'application/yaml': { schema: s.z.string() },
          'application/gzip': { schema: s.z.string() },
        },
      },
    },
    responses: {
      201: { description: 'stored and analysed' },
      400: problem,
      401: problem,
      403: problem,
      413: problem,
      422: problem,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/snapshots/{id}',
    summary: 'one snapshot: what was loaded',
    security: [{ bearer: [] }],
    request: { params: s.SnapshotIdParams },
    responses: ok('the snapshot'),
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/snapshots/{id}',
    summary: 'delete a snapshot (admin)',
    security: [{ bearer: [] }],
    request: { params: s.SnapshotIdParams },
    responses: { 204: { description: 'deleted' }, 401: problem, 403: problem, 404: problem },
  });
  query('who-can-reach', 'every vertex that can reach the target, cheapest path each', s.WhoCanReachQuery);
  query('paths', 'the k cheapest loop-free paths', s.PathsQuery);
  query('blast-radius', 'everything a vertex reaches', s.BlastRadiusQuery);
  query('findings', 'findings by crown jewel and cause, with counts by severity', s.FindingsQuery);
  query('choke-points', 'the objects on the most paths', s.ChokePointsQuery);
  query('who-can', 'RBAC: who may make a request', s.WhoCanQuery);
  query('netpol', 'allowed connections (connlist), a page at a time', s.NetpolQuery);
  query('search', 'vertices whose id or label holds every word (completion)', s.SearchQuery);
  registry.registerPath({
    method: 'get',
    path: '/api/v1/catalog',
    summary: 'every edge kind (description, MITRE technique, cost, remediation) and vertex kind',
    security: [{ bearer: [] }],
    responses: ok('the catalog'),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/snapshots/{id}/graph',
    summary:
      'Cytoscape elements for a neighbourhood or a set of paths (bounded); paths can be asked what-if (without, cut)',
    security: [{ bearer: [] }],
    request: { params: s.SnapshotIdParams, query: s.GraphQuery },
    responses: ok('{elements: {nodes, edges}, truncated}'),
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/snapshots/{id}/what-if',
    summary: 'remove objects and report the paths that close',
    security: [{ bearer: [] }],
    request: {
      params: s.SnapshotIdParams,
      body: { content: { 'application/json': { schema: s.WhatIfBody } } },
    },
    responses: ok('paths closed'),
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'kubepath',
      version,
      description: 'Attack paths in Kubernetes clusters: who can get from here to there.',
    },
    servers: [{ url: '/' }],
  });
}
