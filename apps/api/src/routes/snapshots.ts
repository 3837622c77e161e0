/** Snapshots: upload (streamed to a temporary file, size-limited), list, get, delete. */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { countObjects, type Snapshot } from '@kubepath/model';
import type { Deps } from '../app.js';
import { requireScope } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { SnapshotIdParams } from '../schemas.js';

const objectCount = (s: Snapshot) => countObjects(s.objects);

/** The file name that makes the collector read the body in the right format. */
function fileNameFor(contentType: string | undefined): string {
  if (/gzip|tar/.test(contentType ?? '')) return 'upload.tar.gz';
  if (/yaml/.test(contentType ?? '')) return 'upload.yaml';
  return 'upload.json';
}

export function snapshotRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/snapshots', requireScope(deps.tokens, 'read'), (_req, res) => {
    res.json({ snapshots: deps.store.list() });
  });

  r.post('/snapshots', requireScope(deps.tokens, 'admin'), async (req, res, next) => {
    const dir = await mkdtemp(join(tmpdir(), 'kubepath-upload-'));
    try {
      const file = join(dir, fileNameFor(req.get('content-type')));
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > deps.config.maxBodyBytes)
            done(
              new HttpProblem(
                413,
                'request body too large',
                `the limit is ${deps.config.maxBodyBytes} bytes`,
              ),
            );
          else done(null, chunk);
        },
      });
      await pipeline(req, limit, createWriteStream(file));
      const snapshot = await loadSnapshotFromFiles([file], {
        // ?cluster= names it; else a dump's metadata does, else the upload is called "upload".
        clusterName: typeof req.query.cluster === 'string' ? req.query.cluster : undefined,
      });
      // The upload's temporary file means nothing to the client: name it after the request.
      const uploadName = `upload (${fileNameFor(req.get('content-type')).replace('upload.', '')})`;
      const rename = (path: string) => (path.startsWith(dir) ? uploadName : path);
      snapshot.coverage.skipped = snapshot.coverage.skipped.map((s) => ({ ...s, file: rename(s.file) }));
      snapshot.coverage.inputs = snapshot.coverage.inputs.map((i) => ({ ...i, path: rename(i.path) }));
      const objects = objectCount(snapshot);
      if (objects === 0)
        throw new HttpProblem(
          422,
          'nothing usable in the upload',
          snapshot.coverage.skipped
            .slice(0, 5)
            .map((s) => `${s.where}: ${s.reason}`)
            .join('; ') || 'no Kubernetes objects',
        );
      const id = randomUUID();
      const info = deps.store.put(id, snapshot, objects);
      // Start analysing it in the worker now: the first question about it will not wait as long.
      deps.analysis.warm(id).catch(() => {});
      deps.metrics.uploads.inc();
      res
        .status(201)
        .location(`/api/v1/snapshots/${id}`)
        .json({
          ...info,
          skipped: snapshot.coverage.skipped.map((s) => ({ where: s.where, reason: s.reason })),
          skippedTotal: snapshot.coverage.skippedTotal,
        });
    } catch (error) {
      next(error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  r.get('/snapshots/:id', requireScope(deps.tokens, 'read'), async (req, res) => {
    const { id } = SnapshotIdParams.parse(req.params);
    const info = deps.store.info(id);
    if (!info) throw new HttpProblem(404, 'unknown snapshot', `no snapshot ${id}`);
    // The worker answers: reading a large snapshot back from the store takes seconds.
    res.json({ ...info, ...(await deps.analysis.info(id)) });
  });

  r.delete('/snapshots/:id', requireScope(deps.tokens, 'admin'), async (req, res) => {
    const { id } = SnapshotIdParams.parse(req.params);
    if (!deps.store.delete(id)) throw new HttpProblem(404, 'unknown snapshot', `no snapshot ${id}`);
    await deps.analysis.forget(id);
    res.status(204).end();
  });
  return r;
}
