/**
 * Queries on a snapshot, with the same semantics and JSON as the CLI. Each route validates its
 * request here and has the analysis worker answer it (analysis/operations.ts).
 */
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Deps } from '../app.js';
import type { Reply } from '../analysis/analysis-worker.js';
import type { Operation } from '../analysis/operations.js';
import { requireScope } from '../auth.js';
import * as s from '../schemas.js';

/** Sends a worker's answer; one with an ETag the client already holds is 304 Not Modified. */
function send(req: Request, res: Response, reply: Reply): void {
  if (reply.etag) {
    res.set('ETag', reply.etag);
    if (req.get('if-none-match') === reply.etag) return void res.status(304).end();
  }
  const body = reply.body;
  // A view of the worker's bytes, not a copy of them per request.
  res
    .type('application/json')
    .send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

export function queryRoutes(deps: Deps): Router {
  const r = Router();
  const read = requireScope(deps.tokens, 'read');
  const route =
    (op: Operation, schema: z.ZodType, from: 'query' | 'body' = 'query') =>
    async (req: Request, res: Response) => {
      const { id } = s.SnapshotIdParams.parse(req.params);
      const query = schema.parse(from === 'query' ? req.query : req.body);
      send(req, res, await deps.analysis.run(op, id, query));
    };
  r.get('/snapshots/:id/who-can-reach', read, route('who-can-reach', s.WhoCanReachQuery));
  r.get('/snapshots/:id/paths', read, route('paths', s.PathsQuery));
  r.get('/snapshots/:id/blast-radius', read, route('blast-radius', s.BlastRadiusQuery));
  r.get('/snapshots/:id/findings', read, route('findings', s.FindingsQuery));
  r.get('/snapshots/:id/choke-points', read, route('choke-points', s.ChokePointsQuery));
  r.get('/snapshots/:id/who-can', read, route('who-can', s.WhoCanQuery));
  r.post('/snapshots/:id/what-if', read, route('what-if', s.WhatIfBody, 'body'));
  r.get('/snapshots/:id/graph/neighbourhood', read, route('graph', s.NeighbourhoodQuery));
  r.get('/snapshots/:id/graph/paths', read, route('graph', s.GraphPathsQuery));
  r.get('/snapshots/:id/graph', read, route('graph', s.GraphQuery)); // either of the two above
  r.get('/snapshots/:id/search', read, route('search', s.SearchQuery));
  r.get('/snapshots/:id/object', read, route('object', s.ObjectQuery));
  r.get('/snapshots/:id/entity', read, route('entity', s.EntityQuery));
  r.get('/snapshots/:id/queries', read, route('queries', s.PrebuiltQueriesQuery));
  r.get('/snapshots/:id/netpol', read, route('netpol', s.NetpolQuery));
  return r;
}
