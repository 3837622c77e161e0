/**
 * kubepath's errors: one base class with a closed union of codes. Apps map codes to exit
 * codes (CLI) and HTTP statuses (API); tests match on class or code, never on message text.
 */

/** Every error code kubepath raises. */
export type ErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'SNAPSHOT_INVALID'
  | 'OBJECT_INVALID'
  | 'ARCHIVE_UNSAFE'
  | 'NO_USABLE_INPUT'
  | 'INPUT_TOO_LARGE'
  | 'API_SERVER'
  | 'USAGE';

/** The base of every error kubepath throws on purpose. */
export class KubepathError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An input path that does not exist. */
export class InputNotFoundError extends KubepathError {
  constructor(readonly file: string) {
    super('INPUT_NOT_FOUND', `${file}: no such file or directory`, { file });
  }
}

/** A file that is not usable as a whole (unreadable, unsupported, truncated…). */
export class InputUnreadableError extends KubepathError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super('INPUT_UNREADABLE', `${file}: ${reason}`, { file });
  }
}

/** A document or object in an input that cannot be used; `where` names it (document, line, object). */
export class SnapshotInvalidError extends KubepathError {
  constructor(
    readonly file: string,
    readonly where: string,
    reason: string,
  ) {
    super('SNAPSHOT_INVALID', `${file} (${where}): ${reason}`, { file, where });
  }
}

/** An archive entry that would escape the archive's folder (`../`, absolute path, link). */
export class ArchiveUnsafeError extends KubepathError {
  constructor(
    readonly file: string,
    readonly entry: string,
  ) {
    super('ARCHIVE_UNSAFE', `${file}: entry "${entry}" escapes the archive; refused`, { file, entry });
  }
}

/** Nothing usable was read from the inputs. */
export class NoUsableInputError extends KubepathError {
  constructor(readonly inputs: readonly string[]) {
    super('NO_USABLE_INPUT', `nothing usable was read from ${inputs.join(', ')}`, { inputs });
  }
}

/** An input past one of the limits that keep a load bounded (bytes, documents, nesting). */
export class InputTooLargeError extends KubepathError {
  constructor(
    /** The limit's name, as configured (e.g. `maxYamlBytes`). */
    readonly limit: string,
    readonly value: number,
    reason: string,
  ) {
    super('INPUT_TOO_LARGE', reason, { limit, value });
  }
}

/** Bad command-line or API usage. */
export class UsageError extends KubepathError {
  constructor(message: string) {
    super('USAGE', message);
  }
}
