/** Live collections: the configured clusters, starting a collection (admin), following it. */
import { Router } from 'express';
import type { Deps } from '../app.js';
import { requireScope } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { CollectionBody, CollectionIdParams } from '../schemas.js';

export function collectionRoutes(deps: Deps): Router {
  const r = Router();
  // GET /clusters is in routes/reports.ts: it lists scheduled clusters too.
  r.post('/collections', requireScope(deps.tokens, 'admin'), (req, res) => {
    const { cluster } = CollectionBody.parse(req.body);
    const started = deps.collections.start(cluster);
    if (!started)
      throw new HttpProblem(404, 'unknown cluster', `no configured cluster ${cluster} (KUBEPATH_CLUSTERS)`);
    res.status(202).location(`/api/v1/collections/${started.job.id}`).json(started.job);
  });
  r.get('/collections', requireScope(deps.tokens, 'read'), (_req, res) => {
    res.json({ collections: deps.collections.list() });
  });
  r.get('/collections/:id', requireScope(deps.tokens, 'read'), (req, res) => {
    const { id } = CollectionIdParams.parse(req.params);
    const job = deps.collections.get(id);
    if (!job) throw new HttpProblem(404, 'unknown collection', `no collection ${id}`);
    res.json(job);
  });
  return r;
}
