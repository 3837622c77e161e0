/**
 * Fleet routes, answered by the fleet's Neo4j (every analysed snapshot is pushed there when
 * KUBEPATH_NEO4J_URL is set): the clusters in which a vertex reaches a crown jewel, cheapest
 * first; an identity's reach across clusters. Per-snapshot queries stay in memory.
 */
import { Router } from 'express';
import { fleetJewel, identityReach } from '@kubepath/neo4j';
import type { Deps } from '../app.js';
import { requireScope } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { FleetIdentityQuery, FleetReachQuery } from '../schemas.js';

export function fleetRoutes(deps: Deps): Router {
  const r = Router();
  const read = requireScope(deps.tokens, 'read');
  const neo4j = () => {
    if (!deps.neo4j)
      // Not configured is not "down": there is no fleet here to ask (404).
      throw new HttpProblem(404, 'no fleet here', 'fleet queries need a Neo4j: set KUBEPATH_NEO4J_URL');
    return deps.neo4j;
  };
  r.get('/fleet/reach', read, async (req, res) => {
    const q = FleetReachQuery.parse(req.query);
    const clusters = await neo4j().with((d) => fleetJewel(d, q.from, q.to));
    res.json({ from: q.from, to: q.to, clusters });
  });
  r.get('/fleet/identity', read, async (req, res) => {
    const q = FleetIdentityQuery.parse(req.query);
    const clusters = await neo4j().with((d) => identityReach(d, q.id));
    res.json({ id: q.id, clusters });
  });
  return r;
}
