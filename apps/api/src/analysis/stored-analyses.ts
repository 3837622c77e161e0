/**
 * Analysed snapshots kept on disk beside the store (performance issue, "re-open without
 * rebuilding"): after a restart, a snapshot's first query reads its analysis back in seconds
 * instead of parsing the snapshot and building its graph again (40 s at 150,000 pods).
 *
 * One file per snapshot under `<dataDir>/analyses/`, in the analyzer's layout
 * (stored-analysis.ts). A file is used only when it was written by this very code (kubepath's
 * version and a hash of the sources that decide an analysis) for this very content (the
 * store's digest of the snapshot): anything else is rebuilt, never half trusted. Files are
 * written whole and renamed into place, so a crash leaves the old file or none.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import {
  STORED_ANALYSIS_FORMAT,
  StaleAnalysis,
  decodeAnalysis,
  encodeAnalysisSteps,
  type StoredAnalysis,
} from '@kubepath/analyzer';
import { KUBEPATH_VERSION, type Snapshot } from '@kubepath/model';

/** What a file holds besides the analysis: what `info` answers without reading the snapshot. */
export interface StoredInfo {
  cluster: Snapshot['cluster'];
  coverage: Snapshot['coverage'];
}

/** Bytes written between two steps of writeSteps. */
const WRITE_SLICE = 8 * 1024 * 1024;

/** The packages whose sources decide what an analysis holds. */
const DECIDING_PACKAGES = ['model', 'collector', 'graph', 'analyzer'];

let fingerprint: string | undefined;

/**
 * kubepath's version, the layout's, and a hash of the deciding packages' sources when they are
 * at hand (kubepath runs from source): a developer's change invalidates files as a release does.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const packages = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'packages');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
        hash.update(name).update(readFileSync(path));
    }
  };
  for (const p of DECIDING_PACKAGES) {
    const src = join(packages, p, 'src');
    if (existsSync(src)) walk(src);
  }
  return (fingerprint = `kubepath ${KUBEPATH_VERSION} format ${STORED_ANALYSIS_FORMAT} sources ${hash.digest('hex').slice(0, 16)}`);
}

export class StoredAnalyses {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'analyses');
  }

  private fileOf(id: string): string {
    // Ids are the API's to choose: the file name is their hash, never the id itself.
    return join(this.dir, `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.kpa`);
  }

  /**
   * The stored analysis of snapshot `id` with content `digest`, or null (none, stale, damaged:
   * `onStale` hears why, and the file is removed).
   */
  read(
    id: string,
    digest: string,
    onStale: (why: string) => void = () => {},
  ): (StoredAnalysis & { info: StoredInfo }) | null {
    const file = this.fileOf(id);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return null;
    }
    try {
      const a = decodeAnalysis(bytes, `${codeFingerprint()} snapshot ${digest}`);
      return { ...a, info: a.extra as StoredInfo };
    } catch (error) {
      onStale(
        !(error instanceof StaleAnalysis)
          ? `unreadable: ${(error as Error).message}`
          : error.found === undefined
            ? error.message
            : error.found.startsWith(`${codeFingerprint()} snapshot `)
              ? 'the snapshot stored under this id has changed'
              : 'written by another version of kubepath',
      );
      rmSync(file, { force: true });
      return null;
    }
  }

  /**
   * Writes the analysis of snapshot `id` (content `digest`) in steps of a few milliseconds: it
   * yields between them, and its value at the end is the bytes written. The analysis worker
   * answers queries between steps (a 150,000-pod analysis takes seconds to encode and write,
   * which a query must not wait for). Stopped early (`return()`), it leaves no file behind.
   */
  *writeSteps(id: string, digest: string, a: StoredAnalysis, info: StoredInfo): Generator<void, number> {
    mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(id);
    const partial = `${file}.${process.pid}.${threadId}.partial`;
    const chunks = yield* encodeAnalysisSteps(
      { ...a, extra: info },
      `${codeFingerprint()} snapshot ${digest}`,
    );
    let written = 0;
    try {
      const fd = openSync(partial, 'w');
      try {
        for (const chunk of chunks)
          for (let at = 0; at < chunk.length;) {
            const n = writeSync(fd, chunk, at, Math.min(chunk.length - at, WRITE_SLICE));
            at += n;
            written += n;
            yield;
          }
      } finally {
        closeSync(fd);
      }
      renameSync(partial, file);
    } finally {
      rmSync(partial, { force: true });
    }
    return written;
  }

  remove(id: string): void {
    rmSync(this.fileOf(id), { force: true });
  }

  /** Removes the files of snapshots no longer held (deleted while the server was down). */
  prune(held: readonly string[]): void {
    if (!existsSync(this.dir)) return;
    const keep = new Set(held.map((id) => this.fileOf(id)));
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      // Another worker's file being written is that worker's to finish or remove.
      if (!keep.has(path) && !name.endsWith('.partial')) rmSync(path, { force: true });
    }
  }
}
