/**
 * Parser messages that are safe to show. JSON.parse and the YAML parser quote the source
 * around an error ("Unexpected token 's', ..."password": s3cr"..."), which would leak a
 * secret value from a malformed Secret manifest into a log, so only the position is kept.
 */

/** A JSON.parse failure as "invalid JSON (at byte N)" without any quoted input. */
export function describeJsonError(error: unknown, baseOffset = 0): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Unexpected end of JSON input|Unterminated/.test(message))
    return 'invalid JSON: unexpected end of input';
  const position = /at position (\d+)/.exec(message);
  return position ? `invalid JSON at byte ${baseOffset + Number(position[1])}` : 'invalid JSON';
}

/** A YAML error's first line (its description and position), never the quoted source lines. */
export function describeYamlError(message: string): string {
  return message.split('\n')[0]!.replace(/:$/, '');
}
