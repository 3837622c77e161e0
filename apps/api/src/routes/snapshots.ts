/** Snapshots: upload (streamed to a temporary file, size-limited), list, get, delete. */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Deps } from '../app.js';
import { requireScope } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { SnapshotIdParams } from '../schemas.js';
import { readUpload } from '../uploads/read-upload.js';
import { uploadsDir } from '../uploads/upload-files.js';

/** The file name that makes the collector read the body in the right format. */
function fileNameFor(contentType: string | undefined): string {
  if (/gzip|tar/.test(contentType ?? '')) return 'upload.tar.gz';
  if (/yaml/.test(contentType ?? '')) return 'upload.yaml';
  return 'upload.json';
}

export function snapshotRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/snapshots', requireScope(deps.tokens, 'read'), (_req, res) => {
    // The upload limit too, so that a client can say it before a large upload is refused.
    res.json({ snapshots: deps.store.list(), maxUploadBytes: deps.config.maxBodyBytes });
  });

  r.post('/snapshots', requireScope(deps.tokens, 'admin'), async (req, res, next) => {
    // Under the data directory, not the system's temp folder: a start clears what a crash left.
    const parent = uploadsDir(deps.config.dataDir);
    await mkdir(parent, { recursive: true });
    const dir = await mkdtemp(`${parent}/upload-`);
    try {
      const name = fileNameFor(req.get('content-type'));
      const file = `${dir}/${name}`;
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
      const id = randomUUID();
      const { info, skipped, skippedTotal } = await readUpload(
        {
          file,
          label: `upload (${name.replace('upload.', '')})`,
          id,
          dataDir: deps.config.dataDir,
          // ?cluster= names it; else a dump's metadata does, else the upload is called "upload".
          ...(typeof req.query.cluster === 'string' ? { clusterName: req.query.cluster.slice(0, 253) } : {}),
          limits: deps.config.inputLimits,
        },
        { memoryMb: deps.config.uploadMemoryMb, timeoutMs: deps.config.uploadTimeoutMs },
      );
      // Start analysing it in the worker now: the first question about it will not wait as long.
      deps.analysis.warm(id).catch(() => {});
      deps.metrics.uploads.inc();
      res
        .status(201)
        .location(`/api/v1/snapshots/${id}`)
        .json({ ...info, skipped, skippedTotal });
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

  // Answered by this thread from what the analysis worker reported: the worker itself may be
  // busy building this very snapshot (a cold 150,000-pod one takes most of a minute).
  r.get('/snapshots/:id/progress', requireScope(deps.tokens, 'read'), (req, res) => {
    const { id } = SnapshotIdParams.parse(req.params);
    if (!deps.store.info(id)) throw new HttpProblem(404, 'unknown snapshot', `no snapshot ${id}`);
    res.json(deps.analysis.progress(id));
  });

  r.delete('/snapshots/:id', requireScope(deps.tokens, 'admin'), async (req, res) => {
    const { id } = SnapshotIdParams.parse(req.params);
    if (!deps.store.delete(id)) throw new HttpProblem(404, 'unknown snapshot', `no snapshot ${id}`);
    await deps.analysis.forget(id);
    res.status(204).end();
  });
  return r;
}
