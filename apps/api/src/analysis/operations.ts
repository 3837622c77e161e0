/**
 * The queries on an analysed snapshot, as operations the analysis worker runs: the same
 * semantics and JSON as the CLI. Requests arrive validated (the routes parse them with the
 * schemas in ../schemas.ts); an operation answers a JSON-ready value, or an answer already
 * serialised with its ETag, or throws an HttpProblem.
 */
import {
  blastRadius,
  fixCandidates,
  explainPaths,
  findings,
  findVertices,
  indexForExploits,
  paths,
  SEVERITIES,
  whatIf,
  whoCanReach,
  knownCompromised,
  type ExploitMode,
  vulnerableExposures,
  type GraphIndex,
} from '@kubepath/analyzer';
import {
  connlistPage,
  catalogFor,
  buildRequest,
  principalId,
  RbacAuthorizer,
  RoleIndex,
} from '@kubepath/graph';
import type { RuntimeAlert, VertexKind } from '@kubepath/model';
import type { z } from 'zod';
import { indexWithout, remember, type Analysed } from '../analysis-cache.js';
import type { Config } from '../config.js';
import { neighbourhood, pathElements } from '../cytoscape.js';
import { HttpProblem } from '../problems.js';
import { objectView } from '../object-view.js';
import { entityOf } from '../entity.js';
import { prebuiltQueries } from '../prebuilt-queries.js';
import type * as s from '../schemas.js';
import { serialised } from '../serialised.js';

type Limits = Pick<Config, 'queryBudgetMs' | 'maxResults'>;
type Query<T extends z.ZodType> = z.infer<T>;

/** The index of a query's exploit mode (the snapshot's own one for `assumed`). */
const indexOf = (a: Analysed, mode: ExploitMode) => indexForExploits(a.index, mode);

/** The findings of an exploit mode: computed with the analysis for `assumed`, on first ask otherwise. */
const findingsOf = (a: Analysed, mode: ExploitMode) =>
  mode === 'assumed' ? a.findings : remember(a, `findings ${mode}`, () => findings(indexOf(a, mode)));

const unknownVertex = (...ids: (string | undefined)[]) =>
  new HttpProblem(404, 'unknown vertex', `${ids.join(' or ')} is not in the graph`);

export const operations = {
  'who-can-reach': (a: Analysed, q: Query<typeof s.WhoCanReachQuery>, config: Limits) =>
    // Kept serialised, as bytes with their ETag: the same query on the same snapshot always
    // has the same answer, so a repeat costs neither JSON nor hashing (tens of KB each).
    remember(a, `who-can-reach ${JSON.stringify(q)}`, () => {
      const index = indexOf(a, q.exploits);
      const result = whoCanReach(index, q.target, { ...limits(config, q.maxResults), ...filterOf(q) });
      return serialised(q.evidence ? { ...result, sources: explainPaths(index, result.sources) } : result);
    }),

  paths: (a: Analysed, q: Query<typeof s.PathsQuery>, config: Limits) => {
    const index = indexOf(a, q.exploits);
    const result = paths(index, q.from, q.to, {
      k: q.k,
      maxHops: q.maxHops,
      budgetMs: config.queryBudgetMs,
    });
    if (!result) throw unknownVertex(q.from, q.to);
    return q.evidence ? { ...result, paths: explainPaths(index, result.paths) } : result;
  },

  'blast-radius': (a: Analysed, q: Query<typeof s.BlastRadiusQuery>, config: Limits) => {
    const index = indexOf(a, q.exploits);
    const result = blastRadius(index, q.source, { ...limits(config, q.maxResults), ...filterOf(q) });
    if (!result) throw unknownVertex(q.source);
    return q.evidence ? { ...result, reached: explainPaths(index, result.reached) } : result;
  },

  findings: (a: Analysed, q: Query<typeof s.FindingsQuery>) => {
    const { searches: _searches, ...plain } = findingsOf(a, q.exploits);
    // Counts cover every finding; `limit` and `entries` trim the lists (a viewer's first page).
    const count = (keep: (f: (typeof plain.findings)[number]) => boolean) =>
      plain.findings.filter(keep).length;
    const listed = plain.findings
      .slice(0, q.limit ?? plain.findings.length)
      .map((f) =>
        q.entries && f.entries.length > q.entries
          ? { ...f, entries: f.entries.slice(0, q.entries), entriesTotal: f.entries.length }
          : f,
      );
    return {
      exploits: q.exploits,
      // What vulnerability evidence the analysis had (null: none, every exploit is assumed).
      evidence: a.graph.evidence ?? null,
      vulnerableExposures: remember(a, `exposures ${q.exploits}`, () =>
        q.exploits === 'none' ? [] : vulnerableExposures(indexOf(a, q.exploits)).exposures,
      ),
      ...plain,
      findings: listed,
      total: plain.findings.length,
      bySeverity: Object.fromEntries(SEVERITIES.map((sev) => [sev, count((f) => f.severity === sev)])),
      byJewel: Object.fromEntries(
        plain.jewels.map((j) => [j, count((f) => f.jewels.some((x) => x.id === j))]),
      ),
    };
  },

  'choke-points': (a: Analysed, q: Query<typeof s.ChokePointsQuery>, config: Limits) => ({
    // Fix candidates: choke points ranked by the pairs a change closes (exactly), remembered.
    chokePoints: remember(a, `fix-candidates ${q.exploits} ${q.top}`, () =>
      fixCandidates(indexOf(a, q.exploits), findingsOf(a, q.exploits).searches, {
        limit: q.top,
        budgetMs: config.queryBudgetMs,
      }),
    ),
  }),

  'who-can': (a: Analysed, q: Query<typeof s.WhoCanQuery>) => {
    // The same request as the CLI's, except that no namespace means cluster-wide grants only.
    const { request, warnings } = buildRequest(
      {
        verb: q.verb,
        resource: q.resource,
        ...(q.namespace ? { namespace: q.namespace } : {}),
        ...(q.name ? { name: q.name } : {}),
      },
      catalogFor(a.snapshot.cluster.apiResources),
    );
    const subjects = new RbacAuthorizer(a.snapshot).whoCan(request).flatMap((allowance) =>
      allowance.grant.subjects.map((p) => ({
        id: principalId(p),
        binding: allowance.grant.id,
        rules: allowance.rules.map((x) => x.source),
      })),
    );
    return {
      request,
      warnings,
      subjects: [{ id: 'group:system:masters', binding: '(superuser)', rules: [] }, ...subjects],
    };
  },

  'what-if': (a: Analysed, q: Query<typeof s.WhatIfBody>) =>
    whatIf(() => a.snapshot, { remove: q.removals, fix: q.fixes }, { exploits: q.exploits }, a),

  graph: (a: Analysed, q: Query<typeof s.GraphQuery>, config: Limits) => {
    if (q.vertex) {
      const n = neighbourhood(indexOf(a, q.exploits), q.vertex, q.depth, q.limit);
      if (!n) throw unknownVertex(q.vertex);
      return n;
    }
    // What-if: the objects removed first (graph rebuilt without them), then the edges cut.
    const without = indexWithout(a, q.without ?? []);
    const { unmatched } = without;
    const index = withoutKinds(indexForExploits(without.index, q.exploits), q.exclude);
    const excluded = q.exclude ? { excluded: q.exclude } : {};
    const result = pathElements(index, {
      from: q.from!,
      to: q.to!,
      k: q.k,
      budgetMs: config.queryBudgetMs,
      ...(q.cut ? { cut: q.cut } : {}),
    });
    if (result) return { ...result, unmatched, ...excluded };
    // Removing an object can remove an end itself (a workload's container): no path then.
    if (a.index.numberOf(q.from!) === undefined || a.index.numberOf(q.to!) === undefined)
      throw unknownVertex(q.from, q.to);
    return {
      elements: { nodes: [], edges: [] },
      paths: [],
      truncated: false,
      uncut: [],
      unmatched,
      ...excluded,
    };
  },

  /** Known compromised: the route adds the snapshot's stored alerts and owned marks to the query. */
  compromised: (
    a: Analysed,
    q: Query<typeof s.CompromisedQuery> & { alerts: RuntimeAlert[]; owned: string[] },
  ) => ({ ...knownCompromised(indexOf(a, q.exploits), q.alerts, q.owned), owned: q.owned }),

  search: (a: Analysed, q: Query<typeof s.SearchQuery>) => ({ matches: findVertices(a.index, q.q, q.limit) }),

  queries: (a: Analysed, q: Query<typeof s.PrebuiltQueriesQuery>, config: Limits) =>
    remember(a, `queries ${q.exploits}`, () => ({
      queries: prebuiltQueries(indexOf(a, q.exploits), config.queryBudgetMs),
    })),

  entity: (a: Analysed, q: Query<typeof s.EntityQuery>, config: Limits) => {
    const roles = remember(a, 'roles', () => new RoleIndex(a.snapshot));
    const entity = entityOf(indexOf(a, q.exploits), a.snapshot, roles, q.vertex, config.queryBudgetMs);
    if (!entity) throw unknownVertex(q.vertex);
    return entity;
  },

  object: (a: Analysed, q: Query<typeof s.ObjectQuery>) => {
    const view = objectView(a.snapshot, q, q.path);
    if (!view)
      throw new HttpProblem(
        404,
        'unknown object',
        `${q.kind} ${q.namespace ? `${q.namespace}/` : ''}${q.name} is not in the snapshot`,
      );
    return view;
  },

  netpol: (a: Analysed, q: Query<typeof s.NetpolQuery>, config: Limits) => {
    const [src, dst] = (q.cursor ?? '0.0').split('.').map(Number);
    const page = connlistPage(a.snapshot, undefined, {
      limit: q.limit,
      budgetMs: config.queryBudgetMs,
      cursor: { src: src!, dst: dst! },
    });
    return {
      connections: page.lines,
      ...(page.next ? { next: `${page.next.src}.${page.next.dst}` } : {}),
      ...(page.truncated ? { truncated: page.truncated } : {}),
    };
  },
} as const;

export type Operation = keyof typeof operations;

/** The index without every edge of the given kinds: a filter that re-runs the search. */
function withoutKinds(index: GraphIndex, kinds: readonly string[] | undefined): GraphIndex {
  if (!kinds?.length) return index;
  const excluded = new Set(kinds);
  const edges = new Set<number>();
  index.edges.forEach((e, i) => {
    if (excluded.has(e.kind)) edges.add(i);
  });
  return edges.size ? index.without(edges) : index;
}

/** The actor filter of a who-can-reach or blast-radius query. */
function filterOf(q: {
  kind?: VertexKind[] | undefined;
  namespace?: string | undefined;
  maxCost?: number | undefined;
}) {
  return {
    ...(q.kind ? { kinds: q.kind } : {}),
    ...(q.namespace ? { namespace: q.namespace } : {}),
    ...(q.maxCost !== undefined ? { maxCost: q.maxCost } : {}),
  };
}

function limits(config: Limits, maxResults?: number) {
  return {
    budgetMs: config.queryBudgetMs,
    maxResults: Math.min(maxResults ?? config.maxResults, config.maxResults),
  };
}
