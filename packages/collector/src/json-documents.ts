/** JSON inputs (a List, a single object, or a saved kubepath snapshot), streamed. */
import { InputTooLargeError, SNAPSHOT_API_VERSION, SnapshotSchema, type Snapshot } from '@kubepath/model';
import { isKubeBenchControls } from './evidence/kube-bench.js';
import { JsonItemScanner } from './json-items.js';
import { DEFAULT_INPUT_LIMITS, limitBreach, type InputLimits } from './limits.js';
import { withListKind } from './list-kind.js';
import { describeJsonError } from './sanitize.js';
import type { SnapshotBuilder } from './snapshot-builder.js';
import { addYamlDocuments, YAML_DOCUMENT_MARKER } from './yaml-documents.js';

/** What one JSON input held. */
export interface JsonReadResult {
  documents: number;
  /** Set when the input was a saved kubepath snapshot. */
  snapshot?: Snapshot;
  /** Set when a limit stopped the reading (already recorded as skipped). */
  breach?: InputTooLargeError;
}

/** How to read one JSON input. */
export interface JsonStreamOptions {
  /** Progress: bytes read so far, per chunk. */
  onBytes?: (bytes: number) => void;
  /** The List kind when the file itself does not say (dump archives name their files by resource). */
  kindHint?: string;
  limits?: Readonly<InputLimits>;
}

/**
 * Streams a JSON input into the builder. A breach of a limit found while scanning skips the
 * rest of the input (the items before it are kept), stops reading, and is returned. A stream
 * that fails (a limit its source enforces) rejects.
 */
export async function addJsonStream(
  stream: AsyncIterable<Uint8Array>,
  file: string,
  builder: SnapshotBuilder,
  options: JsonStreamOptions = {},
): Promise<JsonReadResult> {
  const { onBytes = () => {}, kindHint, limits = DEFAULT_INPUT_LIMITS } = options;
  let kindless = 0;
  const onOversized = (index: number) => {
    const breach = limitBreach('maxDocumentBytes', limits.maxDocumentBytes, 'one object');
    builder.skip({ file, where: `items[${index}]` }, breach.message, breach.limit);
  };
  let itemsRead = 0;
  const scanner = new JsonItemScanner(
    (bytes, index, offset) => {
      itemsRead++;
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
      if (typed !== null) builder.add(typed, { file, where: `items[${index}]` });
      // Older kube-bench writes its Controls as a bare array: evidence, not objects.
      else if (
        !isKubeBenchControls(item) ||
        !builder.addScanDocument(item, { file, where: `items[${index}]` })
      )
        kindless++;
    },
    limits,
    onOversized,
  );
  let breach: InputTooLargeError | undefined;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    onBytes(buffer.length);
    try {
      scanner.write(buffer);
    } catch (error) {
      if (!(error instanceof InputTooLargeError)) throw error;
      breach = error;
      break;
    }
  }
  if (breach) {
    builder.skip(
      { file, where: 'document' },
      `${breach.message}; the rest of the file was skipped`,
      breach.limit,
    );
    return { documents: itemsRead, breach };
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
  const text = envelope.toString('utf8');
  if (text.trim() === '') {
    builder.skip({ file, where: 'document' }, 'empty file');
    return { documents: 0 };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // JSON documents separated by `---` lines past the sniffed head: a YAML stream after all
    // (YAML is a superset of JSON), read as kubectl's YAMLOrJSONDecoder would. Nothing of
    // the file was added yet: no item was streamed.
    if (YAML_DOCUMENT_MARKER.test(text) && envelope.length <= limits.maxYamlBytes)
      return { documents: addYamlDocuments(text, file, builder, limits) };
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
