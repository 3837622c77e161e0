/** JSON inputs (a List, a single object, or a saved kubepath snapshot), streamed. */
import { SNAPSHOT_API_VERSION, SnapshotSchema, type Snapshot } from '@kubepath/model';
import { JsonItemScanner } from './json-items.js';
import { withListKind } from './list-kind.js';
import { describeJsonError } from './sanitize.js';
import type { SnapshotBuilder } from './snapshot-builder.js';

/** A single JSON document bigger than this cannot be one Kubernetes object (V8 strings stop at 512 MiB). */
const MAX_SINGLE_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** What one JSON input held. */
export interface JsonReadResult {
  documents: number;
  /** Set when the input was a saved kubepath snapshot. */
  snapshot?: Snapshot;
}

/**
 * Streams a JSON input into the builder; `onBytes` reports progress. `kindHint` names the
 * List kind when the file itself does not (dump archives name their files by resource).
 */
export async function addJsonStream(
  stream: AsyncIterable<Uint8Array>,
  file: string,
  builder: SnapshotBuilder,
  onBytes: (bytes: number) => void = () => {},
  kindHint?: string,
): Promise<JsonReadResult> {
  let kindless = 0;
  const scanner = new JsonItemScanner((bytes, index, offset) => {
    let item: unknown;
    try {
      item = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      builder.skip({ file, where: `items[${index}]` }, describeJsonError(error, offset));
      return;
    }
    // Typed Lists from client-go leave `kind` off their items; the List's own kind names it.
    const typed =
      withListKind(item, scanner.listKind, scanner.listApiVersion) ?? withListKind(item, kindHint);
    if (typed === null) kindless++;
    else builder.add(typed, { file, where: `items[${index}]` });
  });
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    scanner.write(buffer);
    onBytes(buffer.length);
  }
  const { envelope, items, truncated } = scanner.end();
  if (kindless > 0) {
    const what =
      kindless === items ? 'no item has a kind: not Kubernetes objects' : 'items without a kind were skipped';
    builder.skip({ file, where: `${kindless} of ${items} items` }, what);
  }
  if (truncated) {
    builder.skip(
      { file, where: items > 0 ? `after items[${items - 1}]` : 'document' },
      'truncated: the file ends inside a value',
    );
    return { documents: items };
  }
  if (items > 0) return { documents: items };
  if (envelope.length > MAX_SINGLE_DOCUMENT_BYTES) {
    builder.skip(
      { file, where: 'document' },
      'a single JSON document over 256 MiB: export it as a List instead',
    );
    return { documents: 1 };
  }
  const text = envelope.toString('utf8');
  if (text.trim() === '') {
    builder.skip({ file, where: 'document' }, 'empty file');
    return { documents: 0 };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    builder.skip({ file, where: 'document' }, describeJsonError(error));
    return { documents: 1 };
  }
  const isObject = typeof document === 'object' && document !== null;
  if (isObject && (document as { apiVersion?: unknown }).apiVersion === SNAPSHOT_API_VERSION) {
    const parsed = SnapshotSchema.safeParse(document);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      builder.skip(
        { file, where: 'snapshot' },
        `invalid kubepath snapshot: /${issue.path.join('/')}: ${issue.message}`,
      );
      return { documents: 1 };
    }
    builder.addSnapshot(parsed.data, file);
    return { documents: 1, snapshot: parsed.data };
  }
  if (isObject && Array.isArray((document as { items?: unknown }).items)) return { documents: 0 }; // an empty List
  builder.add(document, { file, where: 'document' });
  return { documents: 1 };
}
