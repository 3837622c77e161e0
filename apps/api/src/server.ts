/**
 * Starting and stopping the API: listens (127.0.0.1 by default), optionally loads inputs as
 * the first snapshot, and shuts down gracefully.
 */
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { countObjects } from '@kubepath/model';
import { createApp, createDeps, type Deps } from './app.js';
import type { Config } from './config.js';
import { SnapshotStore } from './store.js';
import { removeStaleUploads } from './uploads/upload-files.js';

/** The server could not bind its address (in use, not permitted). */
export class ListenError extends Error {}

export interface RunningServer {
  url: string;
  deps: Deps;
  /** The id of the snapshot loaded from --input, if any. */
  snapshotId?: string;
  /** Seconds spent analysing that snapshot before listening. */
  analysedSeconds?: number;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  options: {
    inputs?: string[];
    snapshotId?: string;
    logger?: Logger;
    /** Progress of loading and analysing the inputs (steps of a second or more). */
    onProgress?: (message: string) => void;
  } = {},
): Promise<RunningServer> {
  const store = new SnapshotStore(config.dataDir);
  removeStaleUploads(config.dataDir); // a crash may have left a raw upload (and its values) behind
  const deps = createDeps(config, store, options.logger);
  let snapshotId: string | undefined;
  let analysedSeconds: number | undefined;
  if (options.inputs?.length) {
    const loadStarted = performance.now();
    const snapshot = await loadSnapshotFromFiles(options.inputs);
    const objects = countObjects(snapshot.objects);
    const loadMs = performance.now() - loadStarted;
    if (loadMs >= 1000)
      options.onProgress?.(
        `loaded ${objects.toLocaleString('en-US')} objects in ${(loadMs / 1000).toFixed(1)} s`,
      );
    snapshotId = options.snapshotId ?? 'default';
    store.delete(snapshotId);
    store.put(snapshotId, snapshot, objects);
    // Analyse it (in the worker) before listening, so that the first visitor does not wait.
    analysedSeconds = await deps.analysis.warm(snapshotId, snapshot, (phase, ms) => {
      if (ms >= 1000) options.onProgress?.(`${phase}: ${(ms / 1000).toFixed(1)} s`);
    });
  }
  const app = createApp(deps);
  const server: Server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await deps.analysis.close();
    store.close();
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'address in use' : code === 'EACCES' ? 'permission denied' : code;
    throw new ListenError(`cannot listen on ${config.host}:${config.port}: ${why ?? String(error)}`);
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  deps.baseUrl = url;
  deps.scheduler.start();
  return {
    url,
    deps,
    ...(snapshotId ? { snapshotId } : {}),
    ...(analysedSeconds !== undefined ? { analysedSeconds } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          void Promise.all([deps.scheduler.stop(), deps.analysis.close(), deps.neo4j?.close()]).then(() => {
            store.close();
            removeStaleUploads(config.dataDir);
            resolve();
          });
        });
        server.closeAllConnections();
      }),
  };
}
