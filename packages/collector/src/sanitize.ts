/**
 * Parser messages that are safe to show. JSON.parse and the YAML parser quote the source
 * around an error ("Unexpected token 's', ..."password": s3cr"..."), and the YAML parser
 * names aliases and tags it cannot resolve ("Unresolved alias …: VALUE"), which would leak a
 * secret value from a malformed Secret manifest into a log, so only the kind of error and
 * its position are kept: never a message's text.
 */
import type { ErrorCode, LineCounter, YAMLError } from 'yaml';

/** A JSON.parse failure as "invalid JSON (at byte N)" without any quoted input. */
export function describeJsonError(error: unknown, baseOffset = 0): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Unexpected end of JSON input|Unterminated/.test(message))
    return 'invalid JSON: unexpected end of input';
  const position = /at position (\d+)/.exec(message);
  return position ? `invalid JSON at byte ${baseOffset + Number(position[1])}` : 'invalid JSON';
}

/** What each YAML error code means, in our words: the parser's own messages quote the input. */
const YAML_ERROR_TEXT: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias with an anchor or tag',
  BAD_ALIAS: 'an alias that names no anchor set before it',
  BAD_DIRECTIVE: 'a malformed directive',
  BAD_DQ_ESCAPE: 'a bad escape in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'an anchor or tag in the wrong place',
  BAD_SCALAR_START: 'a plain value that starts with a reserved character',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection used as a key',
  BLOCK_IN_FLOW: 'a block collection inside a flow collection',
  DUPLICATE_KEY: 'a key repeated in one mapping',
  IMPOSSIBLE: 'a document the parser cannot read',
  KEY_OVER_1024_CHARS: 'an implicit key over 1024 characters',
  MISSING_CHAR: 'a missing character (an unclosed quote or bracket?)',
  MULTILINE_IMPLICIT_KEY: 'an implicit key over several lines',
  MULTIPLE_ANCHORS: 'several anchors on one value',
  MULTIPLE_DOCS: 'several documents where one was expected',
  MULTIPLE_TAGS: 'several tags on one value',
  NON_STRING_KEY: 'a key that is not a string',
  RESOURCE_EXHAUSTION: 'nested too deeply or too many aliases to expand (resource exhaustion)',
  TAB_AS_INDENT: 'a tab used as indentation',
  TAG_RESOLVE_FAILED: 'a tag that cannot be resolved',
  UNEXPECTED_TOKEN: 'an unexpected token',
  BAD_COLLECTION_TYPE: 'a collection of the wrong type for its tag',
};

const isYamlError = (error: unknown): error is YAMLError =>
  error instanceof Error &&
  typeof (error as Partial<YAMLError>).code === 'string' &&
  Array.isArray((error as Partial<YAMLError>).pos);

/**
 * A YAML parse or conversion error as "what (line L, column C)", from its code and position
 * only. Errors raised while converting a document (aliases, nesting) are told by their class.
 */
export function describeYamlError(error: unknown, lineCounter?: LineCounter): string {
  if (isYamlError(error)) {
    const what = YAML_ERROR_TEXT[error.code] ?? 'a syntax error';
    if (!lineCounter) return what;
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return `${what} (line ${line}, column ${col})`;
  }
  if (error instanceof RangeError) return 'nested too deeply to read';
  const message = error instanceof Error ? error.message : '';
  // Matched, never echoed: these messages end with the alias's name, which is input text.
  if (/^Unresolved alias/.test(message)) return YAML_ERROR_TEXT.BAD_ALIAS;
  if (/^Excessive alias count/.test(message)) return 'too many aliases (a resource exhaustion attack?)';
  if (/^Alias nodes cannot have tags/.test(message)) return YAML_ERROR_TEXT.ALIAS_PROPS;
  return 'a document that cannot be converted to JSON';
}
