/**
 * KubeHound-style dump archives: a `.tar.gz` of per-type List JSON, per namespace, with a
 * `metadata.json` naming the cluster. Entries are streamed, never written to disk, and an
 * entry whose path would leave the archive's folder (absolute, `..`, links) is refused.
 */
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { addJsonStream } from './json-documents.js';
import { listKindForDumpFile } from './list-kind.js';
import type { SnapshotBuilder } from './snapshot-builder.js';
import { addYamlDocuments } from './yaml-documents.js';

/** A dump's metadata.json (KubeHound writes run_id, cluster.{name, version_major, version_minor}). */
export interface DumpMetadata {
  clusterName?: string;
  serverVersion?: string;
}

/** True when an entry name stays inside the archive's folder. */
export function isSafeEntryName(name: string): boolean {
  if (name.includes('\\') || name.includes('\0')) return false;
  if (posix.isAbsolute(name)) return false;
  const normalised = posix.normalize(name);
  return normalised !== '..' && !normalised.startsWith('../');
}

function readMetadata(text: string): DumpMetadata {
  const raw = JSON.parse(text) as {
    cluster?: { name?: unknown; version_major?: unknown; version_minor?: unknown };
  };
  const c = raw.cluster ?? {};
  const version =
    c.version_major !== undefined && c.version_minor !== undefined
      ? `${String(c.version_major)}.${String(c.version_minor)}`
      : undefined;
  return { clusterName: typeof c.name === 'string' ? c.name : undefined, serverVersion: version };
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

/** Reads a dump archive into the builder; returns its metadata and how many documents it had. */
export async function addDumpArchive(
  file: string,
  builder: SnapshotBuilder,
  onBytes: (bytes: number) => void = () => {},
): Promise<{ metadata: DumpMetadata; documents: number }> {
  let metadata: DumpMetadata = {};
  let documents = 0;
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const name = header.name;
    const label = `${file}:${name}`;
    const done = (error?: unknown) => {
      if (error) {
        builder.skip(
          { file: label, where: 'entry' },
          `unreadable: ${error instanceof Error ? error.message : String(error)}`,
        );
        stream.resume(); // tar-stream moves on only once the entry is drained
      }
      next();
    };
    if (header.type === 'directory') return (stream.resume(), stream.on('end', () => done()));
    if (!isSafeEntryName(name) || header.type !== 'file') {
      builder.skip(
        { file: label, where: 'entry' },
        `entry escapes the archive (${header.type ?? 'file'} "${name}"); refused`,
      );
      return (stream.resume(), stream.on('end', () => done()));
    }
    const base = posix.basename(name);
    const entry = stream as unknown as AsyncIterable<Uint8Array>; // streamx yields Buffers
    const work = async () => {
      if (base === 'metadata.json') {
        try {
          metadata = readMetadata(await readAll(entry));
        } catch {
          builder.skip({ file: label, where: 'document' }, 'invalid metadata.json');
        }
      } else if (base.endsWith('.json')) {
        documents += (await addJsonStream(entry, label, builder, undefined, listKindForDumpFile(base)))
          .documents;
      } else if (base.endsWith('.yaml') || base.endsWith('.yml')) {
        documents += addYamlDocuments(await readAll(entry), label, builder);
      } else {
        stream.resume();
        await new Promise<void>((resolve) => stream.on('end', () => resolve()));
      }
    };
    work().then(() => done(), done);
  });
  const source = createReadStream(file);
  source.on('data', (chunk) => onBytes(chunk.length));
  await pipeline(source, createGunzip(), extract);
  return { metadata, documents };
}
