/**
 * The web viewer's static files (apps/viewer/dist, built by Vite). Every view of the viewer is
 * a `#/…` URL, so the server only ever serves index.html and hashed assets. The token stays in
 * the browser: the viewer calls the API with it like any other client.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { sendProblem } from '../problems.js';

/** Routes serving the built viewer in `dir` (index.html at `/`, hashed assets under /assets). */
export function viewerRoutes(dir: string): Router {
  const r = Router();
  // Hashed asset names never change content: cache them; index.html always revalidates.
  r.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d' }));
  r.get(['/', '/index.html'], (_req, res) => {
    const index = join(dir, 'index.html');
    if (!existsSync(index))
      return void sendProblem(
        res,
        503,
        'viewer not built',
        'run `pnpm --filter @kubepath/viewer build` (npm start does it), or use the API under /api/v1',
      );
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return r;
}
