/**
 * KubeHound-style dump archives: a `.tar.gz` of per-type List JSON, per namespace, with a
 * `metadata.json` naming the cluster. Entries are streamed, never written to disk, and an
 * entry whose path would leave the archive's folder (absolute, `..`, links) is refused.
 *
 * Decompressed bytes are counted as they arrive (a 2 MB archive can hold a 2 GiB entry): an
 * entry past `maxEntryBytes` is skipped and drained, an archive past `maxArchiveBytes` stops
 * there, keeping what was read.
 */
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InputTooLargeError } from '@kubepath/model';
import tar from 'tar-stream';
import { readCapped } from './bounded-read.js';
import { addJsonStream } from './json-documents.js';
import { DEFAULT_INPUT_LIMITS, limitBreach, type InputLimits } from './limits.js';
import { listKindForDumpFile } from './list-kind.js';
import type { SnapshotBuilder } from './snapshot-builder.js';
import { addYamlDocuments } from './yaml-documents.js';

/**
 * A dump holds text, which has no zero bytes; tar pads with at most a record's worth (GNU tar
 * writes 10 KiB records). A longer run of zeros is the archive's end, or a bomb: stop there.
 */
const MAX_ZERO_RUN = 64 * 1024;

/** metadata.json is a few hundred bytes; more is not KubeHound's. */
const MAX_METADATA_BYTES = 1024 * 1024;

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

/**
 * The longest run of zero bytes seen so far, across chunks. Text chunks stop both scans at
 * their first and last byte; only a chunk of zeros is read through.
 */
class ZeroRun {
  private run = 0;
  longest = 0;
  add(chunk: Buffer): void {
    const first = chunk.findIndex((b) => b !== 0);
    if (first < 0) this.run += chunk.length;
    else {
      this.longest = Math.max(this.longest, this.run + first);
      let last = chunk.length - 1;
      while (chunk[last] === 0) last--;
      this.run = chunk.length - 1 - last;
    }
    this.longest = Math.max(this.longest, this.run);
  }
}

/** An entry's chunks, failing with the breach once it passed `maxBytes` (checked as they arrive). */
async function* capEntry(stream: AsyncIterable<Uint8Array>, maxBytes: number) {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw limitBreach('maxEntryBytes', maxBytes, 'an archive entry');
    yield chunk;
  }
}

/**
 * Reads a dump archive into the builder; returns its metadata and how many documents it had.
 * A breach of a limit in an entry stops the archive there (draining gigabytes of a bomb to
 * reach the next entry would take minutes); the entries before it are kept.
 */
export async function addDumpArchive(
  file: string,
  builder: SnapshotBuilder,
  onBytes: (bytes: number) => void = () => {},
  limits: Readonly<InputLimits> = DEFAULT_INPUT_LIMITS,
): Promise<{ metadata: DumpMetadata; documents: number }> {
  let metadata: DumpMetadata = {};
  let documents = 0;
  let stopped: InputTooLargeError | undefined;
  const extract = tar.extract();
  const stop = (breach: InputTooLargeError) => {
    stopped = breach;
    extract.destroy(breach);
  };
  extract.on('entry', (header, stream, next) => {
    const name = header.name;
    const label = `${file}:${name}`;
    const drain = () => (stream.resume(), stream.on('end', () => next()));
    if (header.type === 'directory') return drain();
    if (!isSafeEntryName(name) || header.type !== 'file') {
      builder.skip(
        { file: label, where: 'entry' },
        `entry escapes the archive (${header.type ?? 'file'} "${name}"); refused`,
      );
      return drain();
    }
    const base = posix.basename(name);
    const entry = capEntry(stream as unknown as AsyncIterable<Uint8Array>, limits.maxEntryBytes); // streamx yields Buffers
    const work = async (): Promise<InputTooLargeError | undefined> => {
      if (base === 'metadata.json') {
        const tooLarge = () =>
          new InputTooLargeError(
            'metadata.json',
            MAX_METADATA_BYTES,
            "metadata.json over 1 MiB: not a dump's",
          );
        const text = (await readCapped(entry, MAX_METADATA_BYTES, tooLarge)).toString('utf8');
        try {
          metadata = readMetadata(text);
        } catch {
          builder.skip({ file: label, where: 'document' }, 'invalid metadata.json');
        }
      } else if (base.endsWith('.json')) {
        const kindHint = listKindForDumpFile(base);
        const read = await addJsonStream(entry, label, builder, {
          limits,
          ...(kindHint ? { kindHint } : {}),
        });
        documents += read.documents;
        return read.breach; // already reported by addJsonStream
      } else if (base.endsWith('.yaml') || base.endsWith('.yml')) {
        const tooLarge = () => limitBreach('maxYamlBytes', limits.maxYamlBytes, 'a YAML entry');
        const text = (await readCapped(entry, limits.maxYamlBytes, tooLarge)).toString('utf8');
        documents += addYamlDocuments(text, label, builder, limits);
      } else {
        for await (const _ of entry); // not ours: read past it, counted against the limit
      }
      return undefined;
    };
    work().then(
      (breach) => (breach ? stop(breach) : next()),
      (error: unknown) => {
        if (error instanceof InputTooLargeError) {
          builder.skip({ file: label, where: 'entry' }, error.message, error.limit);
          return stop(error);
        }
        builder.skip(
          { file: label, where: 'entry' },
          `unreadable: ${error instanceof Error ? error.message : String(error)}`,
        );
        stream.resume(); // tar-stream moves on only once the entry is drained
        next();
      },
    );
  });
  const source = createReadStream(file);
  source.on('data', (chunk) => onBytes(chunk.length));
  let archiveBytes = 0;
  const zeros = new ZeroRun();
  const capArchive = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      archiveBytes += chunk.length;
      zeros.add(chunk);
      if (archiveBytes > limits.maxArchiveBytes)
        callback(limitBreach('maxArchiveBytes', limits.maxArchiveBytes, 'the archive, decompressed,'));
      else if (zeros.longest > MAX_ZERO_RUN)
        callback(
          new InputTooLargeError(
            'zeroRun',
            MAX_ZERO_RUN,
            `over ${MAX_ZERO_RUN / 1024} KiB of zero bytes in a row at byte ${archiveBytes - chunk.length}: not a dump's text (a decompression bomb?)`,
          ),
        );
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(source, createGunzip(), capArchive, extract);
  } catch (error) {
    const breach = stopped ?? (error instanceof InputTooLargeError ? error : undefined);
    if (!breach) throw error;
    if (!stopped) builder.skip({ file, where: 'archive' }, breach.message, breach.limit);
    builder.skip({ file, where: 'archive' }, 'the rest of the archive was skipped (a limit was breached)');
  }
  return { metadata, documents };
}
