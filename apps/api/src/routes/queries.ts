/** Queries on a snapshot, with the same semantics and JSON as the CLI. */
import { Router, type Request } from 'express';
import {
  blastRadius,
  chokePoints,
  explainPaths,
  findVertices,
  paths,
  SEVERITIES,
  whatIf,
  whoCanReach,
} from '@kubepath/analyzer';
import {
  connlist,
  isClusterScopedResource,
  parseResource,
  principalId,
  RbacAuthorizer,
  type RequestAttributes,
} from '@kubepath/graph';
import { indexWithout, remember } from '../analysis-cache.js';
import { neighbourhood, pathElements } from '../cytoscape.js';
import type { Deps } from '../app.js';
import { requireScope } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { sendSerialised, serialised } from '../serialised.js';
import * as s from '../schemas.js';

export function queryRoutes(deps: Deps): Router {
  const r = Router();
  const read = requireScope(deps.tokens, 'read');
  const analysed = (req: Request) => {
    const { id } = s.SnapshotIdParams.parse(req.params);
    const a = deps.cache.get(id, () => deps.store.get(id));
    if (!a) throw new HttpProblem(404, 'unknown snapshot', `no snapshot ${id}`);
    return a;
  };
  const limits = (maxResults?: number) => ({
    budgetMs: deps.config.queryBudgetMs,
    maxResults: Math.min(maxResults ?? deps.config.maxResults, deps.config.maxResults),
  });

  r.get('/snapshots/:id/who-can-reach', read, (req, res) => {
    const q = s.WhoCanReachQuery.parse(req.query);
    const a = analysed(req);
    // Kept serialised, as bytes with their ETag: the same query on the same snapshot always has
    // the same answer, so a repeat costs neither JSON nor hashing (tens of KB each).
    const answer = remember(a, `who-can-reach ${q.target} ${q.maxResults ?? ''} ${q.evidence}`, () => {
      const result = whoCanReach(a.index, q.target, limits(q.maxResults));
      return serialised(q.evidence ? { ...result, sources: explainPaths(a.index, result.sources) } : result);
    });
    sendSerialised(req, res, answer);
  });
  r.get('/snapshots/:id/paths', read, (req, res) => {
    const q = s.PathsQuery.parse(req.query);
    const { index } = analysed(req);
    const result = paths(index, q.from, q.to, {
      k: q.k,
      maxHops: q.maxHops,
      budgetMs: deps.config.queryBudgetMs,
    });
    if (!result) throw new HttpProblem(404, 'unknown vertex', `${q.from} or ${q.to} is not in the graph`);
    res.json(q.evidence ? { ...result, paths: explainPaths(index, result.paths) } : result);
  });
  r.get('/snapshots/:id/blast-radius', read, (req, res) => {
    const q = s.BlastRadiusQuery.parse(req.query);
    const { index } = analysed(req);
    const result = blastRadius(index, q.source, limits(q.maxResults));
    if (!result) throw new HttpProblem(404, 'unknown vertex', `${q.source} is not in the graph`);
    res.json(q.evidence ? { ...result, reached: explainPaths(index, result.reached) } : result);
  });
  r.get('/snapshots/:id/findings', read, (req, res) => {
    const q = s.FindingsQuery.parse(req.query);
    const { searches: _searches, ...plain } = analysed(req).findings;
    // Counts cover every finding; `limit` and `entries` trim the lists (a viewer's first page).
    const bySeverity = Object.fromEntries(
      SEVERITIES.map((sev) => [sev, plain.findings.filter((f) => f.severity === sev).length]),
    );
    const listed = plain.findings
      .slice(0, q.limit ?? plain.findings.length)
      .map((f) =>
        q.entries && f.entries.length > q.entries
          ? { ...f, entries: f.entries.slice(0, q.entries), entriesTotal: f.entries.length }
          : f,
      );
    const byJewel = Object.fromEntries(
      plain.jewels.map((j) => [j, plain.findings.filter((f) => f.jewel === j).length]),
    );
    res.json({ ...plain, findings: listed, total: plain.findings.length, bySeverity, byJewel });
  });
  r.get('/snapshots/:id/choke-points', read, (req, res) => {
    const q = s.ChokePointsQuery.parse(req.query);
    const a = analysed(req);
    res.json({ chokePoints: chokePoints(a.index, a.findings.searches, q.top) });
  });
  r.get('/snapshots/:id/who-can', read, (req, res) => {
    const q = s.WhoCanQuery.parse(req.query);
    const parsed = q.resource.startsWith('/') ? null : parseResource(q.resource);
    const request: RequestAttributes = parsed
      ? {
          verb: q.verb,
          ...parsed,
          ...(q.namespace && !isClusterScopedResource(parsed.resource) ? { namespace: q.namespace } : {}),
          ...(q.name ? { name: q.name } : {}),
        }
      : { verb: q.verb, path: q.resource };
    const auth = new RbacAuthorizer(analysed(req).snapshot);
    const subjects = auth.whoCan(request).flatMap((a) =>
      a.grant.subjects.map((p) => ({
        id: principalId(p),
        binding: a.grant.id,
        rules: a.rules.map((x) => x.source),
      })),
    );
    res.json({
      request,
      subjects: [{ id: 'group:system:masters', binding: '(superuser)', rules: [] }, ...subjects],
    });
  });
  r.post('/snapshots/:id/what-if', read, (req, res) => {
    const body = s.WhatIfBody.parse(req.body);
    const a = analysed(req);
    res.json(whatIf(a.snapshot, body.removals, {}, a.index));
  });
  r.get('/snapshots/:id/graph', read, (req, res) => {
    const q = s.GraphQuery.parse(req.query);
    const a = analysed(req);
    if (q.vertex) {
      const n = neighbourhood(a.index, q.vertex, q.depth, q.limit);
      if (!n) throw new HttpProblem(404, 'unknown vertex', `${q.vertex} is not in the graph`);
      return void res.json(n);
    }
    // What-if: the objects removed first (graph rebuilt without them), then the edges cut.
    const { index, unmatched } = indexWithout(a, q.without ?? []);
    const result = pathElements(index, {
      from: q.from!,
      to: q.to!,
      k: q.k,
      budgetMs: deps.config.queryBudgetMs,
      ...(q.cut ? { cut: q.cut } : {}),
    });
    if (!result) {
      // Removing an object can remove an end itself (the service account, say): no path then.
      const known = a.index.numberOf(q.from!) !== undefined && a.index.numberOf(q.to!) !== undefined;
      if (!known) throw new HttpProblem(404, 'unknown vertex', `${q.from} or ${q.to} is not in the graph`);
      const none = { elements: { nodes: [], edges: [] }, paths: [], truncated: false, uncut: [] };
      return void res.json({ ...none, unmatched });
    }
    res.json({ ...result, unmatched });
  });
  r.get('/snapshots/:id/search', read, (req, res) => {
    const q = s.SearchQuery.parse(req.query);
    res.json({ matches: findVertices(analysed(req).index, q.q, q.limit) });
  });
  r.get('/snapshots/:id/netpol', read, (req, res) => {
    res.json({ connections: connlist(analysed(req).snapshot) });
  });
  return r;
}
