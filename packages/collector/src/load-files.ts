/**
 * File sources: any mix of files and directories of `kubectl get -o json` output, YAML
 * manifests, dump archives and saved kubepath snapshots, read into one Snapshot.
 *
 * Bad input never stops the load: an unreadable file, a broken document or an object with a
 * wrong field type is recorded in `coverage.skipped` with its file and place, and everything
 * else is still read. Callers decide what "nothing usable" means (the CLI exits 2).
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputTooLargeError, type Coverage, type Snapshot } from '@kubepath/model';
import { addDumpArchive } from './archive.js';
import { readCapped } from './bounded-read.js';
import { addJsonStream } from './json-documents.js';
import { DEFAULT_INPUT_LIMITS, limitBreach, type InputLimits } from './limits.js';
import { SnapshotBuilder } from './snapshot-builder.js';
import { addYamlDocuments, YAML_DOCUMENT_MARKER } from './yaml-documents.js';

/** Extensions read when walking a directory (a file named on the command line is always read). */
const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml', '.tar.gz', '.tgz', '.json.gz', '.yaml.gz', '.yml.gz'];

/** Progress of a load, for a progress bar. */
export interface LoadProgress {
  file: string;
  bytesDone: number;
  bytesTotal: number;
  objects: number;
}

export interface LoadFilesOptions {
  /** Cluster name for the snapshot; default: from a dump's metadata, else the first input's name. */
  clusterName?: string;
  /** Collection time; default now. */
  now?: Date;
  onProgress?: (progress: LoadProgress) => void;
  /** Load limits (bytes, documents, nesting); default DEFAULT_INPUT_LIMITS. */
  limits?: Readonly<InputLimits>;
  /** The node of the kube-bench results whose file name names no node of the input (`--node`). */
  cisNode?: string;
}

type Format = 'json' | 'yaml' | 'archive' | 'json.gz' | 'yaml.gz';

const isArchive = (path: string) => /\.(tar\.gz|tgz)$/i.test(path);

/**
 * A gzipped file's bytes, failing once more than `maxBytes` came out (a `.json.gz` bomb is
 * never expanded whole). One pipeline: stopping early closes the file too.
 */
function gunzipCapped(source: Readable, maxBytes: number): Readable {
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(limitBreach('maxEntryBytes', maxBytes, 'the file, decompressed,'));
      else callback(null, chunk);
    },
  });
  return pipeline(source, createGunzip(), cap, () => {}); // errors reach the reader of `cap`
}

/** The first `bytes` of a file (fewer when it is shorter). */
async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * JSON, unless a YAML document marker follows: a line `---` cannot occur in JSON text (its
 * strings hold no raw newline), so JSON documents separated by `---` are a YAML stream — as
 * kubectl's YAMLOrJSONDecoder reads them. (A marker past the head is caught by the JSON reader.)
 */
const looksLikeJson = (head: Buffer) => {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return (text.startsWith('{') || text.startsWith('[')) && !YAML_DOCUMENT_MARKER.test(text);
};

/**
 * A gzipped file's format, from what it holds rather than its name (an upload of a `.json.gz`
 * arrives as "gzip"): a tar has the `ustar` magic at byte 257 of its first header.
 */
async function sniffGzipped(path: string, compressedHead: Buffer): Promise<Format> {
  const head = await inflateHead(compressedHead);
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return 'archive';
  if (looksLikeJson(head)) return 'json.gz';
  if (/\.ya?ml\.gz$/i.test(path)) return 'yaml.gz';
  return isArchive(path) ? 'archive' : 'yaml.gz';
}

/** The first few KB of a gzip stream's content, from its first compressed bytes. */
function inflateHead(compressed: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const gunzip = createGunzip();
    const parts: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(parts));
    gunzip.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      size += chunk.length;
      if (size >= 4096) gunzip.destroy();
    });
    gunzip.on('close', done);
    gunzip.on('error', done); // the head ends mid-stream, or it is not gzip: gunzip will say
    gunzip.end(compressed);
  });
}

async function sniffFormat(path: string): Promise<Format> {
  const head = await readHead(path, 16 * 1024);
  if (head[0] === 0x1f && head[1] === 0x8b) return await sniffGzipped(path, head);
  // Named gzip but not gzip: read it as the name says, and gunzip will say what is wrong.
  if (isArchive(path)) return 'archive';
  if (/\.gz$/i.test(path)) return 'json.gz';
  return looksLikeJson(head) ? 'json' : 'yaml';
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile() && MANIFEST_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext)))
      out.push(path);
  }
}

/** Loads files and directories into one Snapshot. */
export async function loadSnapshotFromFiles(
  inputs: readonly string[],
  options: LoadFilesOptions = {},
): Promise<Snapshot> {
  const builder = new SnapshotBuilder();
  builder.setCisNode(options.cisNode);
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  const files: { path: string; size: number }[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info === null) {
      builder.skip({ file: input, where: 'input' }, 'no such file or directory');
    } else if (info.isDirectory()) {
      const found: string[] = [];
      await walk(input, found);
      if (found.length === 0)
        builder.skip({ file: input, where: 'input' }, 'directory holds no .json, .yaml or .tar.gz files');
      for (const path of found) files.push({ path, size: (await stat(path)).size });
    } else files.push({ path: input, size: info.size });
  }

  const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
  let bytesDone = 0;
  const inputRows: Coverage['inputs'] = [];
  let clusterName = options.clusterName;
  let serverVersion: string | undefined;
  let savedSnapshot: Snapshot | undefined;

  for (const { path, size } of files) {
    const before = { objects: builder.objectCount, skipped: builder.skippedCount };
    const report = () =>
      options.onProgress?.({ file: path, bytesDone, bytesTotal, objects: builder.objectCount });
    const onBytes = (n: number) => {
      bytesDone += n;
      report();
    };
    let format: Format = 'yaml';
    let documents = 0;
    try {
      format = await sniffFormat(path);
      if (format === 'archive') {
        const { metadata, documents: n } = await addDumpArchive(path, builder, onBytes, limits);
        documents = n;
        clusterName ??= metadata.clusterName;
        serverVersion ??= metadata.serverVersion;
      } else if (format === 'json' || format === 'json.gz') {
        const source = createReadStream(path, { highWaterMark: 1 << 20 });
        if (format === 'json.gz') source.on('data', (c) => onBytes(c.length));
        const stream = format === 'json' ? source : gunzipCapped(source, limits.maxEntryBytes);
        const result = await addJsonStream(stream, path, builder, {
          limits,
          ...(format === 'json' ? { onBytes } : {}),
        });
        documents = result.documents;
        savedSnapshot ??= result.snapshot;
      } else {
        // YAML is parsed whole: its bytes are counted as read, and refused past the limit.
        const source = createReadStream(path);
        const stream = format === 'yaml' ? source : gunzipCapped(source, limits.maxEntryBytes);
        const tooLarge = () =>
          limitBreach(
            'maxYamlBytes',
            limits.maxYamlBytes,
            'a YAML file (export it with -o json, which streams)',
          );
        const text = (await readCapped(stream, limits.maxYamlBytes, tooLarge)).toString('utf8');
        documents = addYamlDocuments(text, path, builder, limits);
        onBytes(size);
      }
    } catch (error) {
      if (error instanceof InputTooLargeError)
        builder.skip({ file: path, where: 'file' }, error.message, error.limit);
      else
        builder.skip(
          { file: path, where: 'file' },
          `unreadable: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
    inputRows.push({
      path,
      format,
      documents,
      objects: builder.objectCount - before.objects,
      skipped: builder.skippedCount - before.skipped,
    });
  }

  const first = inputs[0] ?? 'files';
  return builder.build(
    {
      name:
        clusterName ??
        savedSnapshot?.cluster.name ??
        basename(first).replace(/\.(tar\.gz|tgz|json|ya?ml|gz)$/i, ''),
      serverVersion: serverVersion ?? savedSnapshot?.cluster.serverVersion ?? null,
      collectedAt: (options.now ?? new Date()).toISOString(),
      source: 'files',
      ...(savedSnapshot?.cluster.apiResources ? { apiResources: savedSnapshot.cluster.apiResources } : {}),
    },
    inputRows,
  );
}
