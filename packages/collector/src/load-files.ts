/**
 * File sources: any mix of files and directories of `kubectl get -o json` output, YAML
 * manifests, dump archives and saved kubepath snapshots, read into one Snapshot.
 *
 * Bad input never stops the load: an unreadable file, a broken document or an object with a
 * wrong field type is recorded in `coverage.skipped` with its file and place, and everything
 * else is still read. Callers decide what "nothing usable" means (the CLI exits 2).
 */
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { Coverage, Snapshot } from '@kubepath/model';
import { addDumpArchive } from './archive.js';
import { addJsonStream } from './json-documents.js';
import { SnapshotBuilder } from './snapshot-builder.js';
import { addYamlDocuments } from './yaml-documents.js';

/** YAML is parsed whole; past this size a file should be exported as JSON, which streams. */
const MAX_YAML_BYTES = 256 * 1024 * 1024;

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
}

type Format = 'json' | 'yaml' | 'archive' | 'json.gz' | 'yaml.gz';

const isArchive = (path: string) => /\.(tar\.gz|tgz)$/i.test(path);

async function sniffFormat(path: string): Promise<Format> {
  if (isArchive(path)) return 'archive';
  if (/\.gz$/i.test(path)) return /\.ya?ml\.gz$/i.test(path) ? 'yaml.gz' : 'json.gz';
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('{') || head.startsWith('[') ? 'json' : 'yaml';
  } finally {
    await handle.close();
  }
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
        const { metadata, documents: n } = await addDumpArchive(path, builder, onBytes);
        documents = n;
        clusterName ??= metadata.clusterName;
        serverVersion ??= metadata.serverVersion;
      } else if (format === 'json' || format === 'json.gz') {
        const source = createReadStream(path, { highWaterMark: 1 << 20 });
        const stream = format === 'json' ? source : source.pipe(createGunzip());
        if (format === 'json.gz') source.on('data', (c) => onBytes(c.length));
        const result = await addJsonStream(stream, path, builder, format === 'json' ? onBytes : undefined);
        documents = result.documents;
        savedSnapshot ??= result.snapshot;
      } else {
        if (size > MAX_YAML_BYTES) {
          builder.skip(
            { file: path, where: 'file' },
            'YAML file over 256 MiB: export it with -o json, which streams',
          );
        } else {
          const raw = await readFile(path);
          const text = format === 'yaml.gz' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
          documents = addYamlDocuments(text, path, builder);
        }
        onBytes(size);
      }
    } catch (error) {
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
    },
    inputRows,
  );
}
