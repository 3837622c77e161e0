/**
 * The limits that keep a load bounded whatever the input: checked while streaming, before
 * the memory is spent (a 2 MB `.tar.gz` can expand to gigabytes). Each breach skips what
 * breached it, names the limit, and the rest of the input still loads where it can.
 *
 * YAML is parsed whole and slowly (the `yaml` package reads ~1 MB/s of small documents), so
 * its limit is far below JSON's, which streams item by item.
 */
import { InputTooLargeError, UsageError } from '@kubepath/model';

/** Every load limit; `DEFAULT_INPUT_LIMITS` has the defaults. */
export interface InputLimits {
  /** Bytes of one JSON document, or of one item of a List. */
  maxDocumentBytes: number;
  /** Bytes of one YAML file or archive entry (after decompression). */
  maxYamlBytes: number;
  /** Documents (List items, YAML documents) in one file or archive entry. */
  maxDocuments: number;
  /** Nesting depth of a document (Kubernetes objects stay far below; CRD schemas are the deepest). */
  maxDepth: number;
  /** Decompressed bytes of one archive entry or one `.gz` file. */
  maxEntryBytes: number;
  /** Decompressed bytes of one archive, all entries together. */
  maxArchiveBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxDocumentBytes: 256 * MiB,
  maxYamlBytes: 16 * MiB,
  maxDocuments: 1_000_000,
  maxDepth: 512,
  maxEntryBytes: 2048 * MiB,
  maxArchiveBytes: 8192 * MiB,
});

/** The environment variable that sets each limit (for the CLI's and the API's help). */
export const INPUT_LIMIT_ENV: Readonly<Record<keyof InputLimits, string>> = Object.freeze({
  maxDocumentBytes: 'KUBEPATH_MAX_DOCUMENT_BYTES',
  maxYamlBytes: 'KUBEPATH_MAX_YAML_BYTES',
  maxDocuments: 'KUBEPATH_MAX_DOCUMENTS',
  maxDepth: 'KUBEPATH_MAX_DEPTH',
  maxEntryBytes: 'KUBEPATH_MAX_ENTRY_BYTES',
  maxArchiveBytes: 'KUBEPATH_MAX_ARCHIVE_BYTES',
});

/**
 * The limits set in an environment (`KUBEPATH_MAX_*`), over `base`. Pure: apps pass
 * `process.env`. A value that is not a positive integer is an error naming the variable.
 */
export function inputLimitsFromEnv(
  env: Record<string, string | undefined>,
  base: Readonly<InputLimits> = DEFAULT_INPUT_LIMITS,
): InputLimits {
  const limits = { ...base };
  for (const [key, name] of Object.entries(INPUT_LIMIT_ENV) as [keyof InputLimits, string][]) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new UsageError(`${name} must be a positive whole number, not "${text.slice(0, 40)}"`);
    limits[key] = value;
  }
  return limits;
}

/** A byte count as people read it ("16 MiB"). */
export function describeBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** A limit breach, with the reason shown to the user (which limit, and how to raise it). */
export function limitBreach(limit: keyof InputLimits, value: number, what: string): InputTooLargeError {
  const shown = limit === 'maxDocuments' || limit === 'maxDepth' ? String(value) : describeBytes(value);
  return new InputTooLargeError(limit, value, `${what} over the ${shown} limit (${INPUT_LIMIT_ENV[limit]})`);
}
