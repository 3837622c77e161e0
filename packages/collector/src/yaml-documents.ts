/**
 * Multi-document YAML (manifests, `kubectl get -o yaml`, Helm renders) into raw objects.
 * Each document is judged on its own: a broken one is reported with its line, the others load.
 * Documents are composed one at a time (the yaml package's Composer), so a file of a million
 * `---` stops at the document limit instead of building them all first.
 */
import { InputTooLargeError } from '@kubepath/model';
import { Composer, LineCounter, Parser } from 'yaml';
import { DEFAULT_INPUT_LIMITS, limitBreach, type InputLimits } from './limits.js';
import { describeYamlError } from './sanitize.js';
import type { Origin, SnapshotBuilder } from './snapshot-builder.js';

/**
 * Aliases allowed per document. Real manifests use a handful; a "billion laughs" bomb needs
 * thousands, and the yaml library refuses to expand past this count.
 */
const MAX_ALIAS_COUNT = 100;

/** Whether a converted value nests deeper than `max` (walked without recursion). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) if (typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** A line that starts a YAML document (`---`, maybe with a comment): never part of JSON text. */
export const YAML_DOCUMENT_MARKER = /(^|\n)---[ \t]*(#[^\n]*)?(\r?\n|$)/;

/** Adds every document of a YAML text to the builder; returns how many documents it had. */
export function addYamlDocuments(
  text: string,
  file: string,
  builder: SnapshotBuilder,
  limits: Readonly<InputLimits> = DEFAULT_INPUT_LIMITS,
): number {
  const lineCounter = new LineCounter();
  const composer = new Composer({ uniqueKeys: true });
  let count = 0;
  let index = 0;
  try {
    for (const document of composer.compose(
      new Parser(lineCounter.addNewLine).parse(text),
      text.length > 0,
      text.length,
    )) {
      index++;
      // The line of the document's content, not of its `---` marker.
      const line = lineCounter.linePos(document.contents?.range?.[0] ?? document.range[0]).line;
      const origin: Origin = { file, where: `document ${index} (line ${line})` };
      const firstError = document.errors[0];
      if (firstError) {
        builder.skip(origin, `invalid YAML: ${describeYamlError(firstError, lineCounter)}`);
        count++;
        continue;
      }
      let value: unknown;
      try {
        value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        builder.skip(origin, `invalid YAML: ${describeYamlError(error, lineCounter)}`);
        count++;
        continue;
      }
      if (value === null || value === undefined) continue; // an empty document (a stray `---`)
      if (++count > limits.maxDocuments)
        throw limitBreach('maxDocuments', limits.maxDocuments, 'a YAML file with documents');
      if (nestsDeeperThan(value, limits.maxDepth)) {
        const breach = limitBreach('maxDepth', limits.maxDepth, 'a document nested');
        builder.skip(origin, breach.message, breach.limit);
        continue;
      }
      builder.add(value, origin);
    }
  } catch (error) {
    if (error instanceof InputTooLargeError) {
      builder.skip(
        { file, where: `after document ${index - 1}` },
        `${error.message}; the rest was skipped`,
        error.limit,
      );
      return count - 1;
    }
    // The parser recurses into flow collections: `[[[[…` thousands deep overflows its stack.
    if (error instanceof RangeError) {
      builder.skip(
        { file, where: `document ${index + 1}` },
        'invalid YAML: nested too deeply to read; the rest was skipped',
      );
      return count;
    }
    throw error;
  }
  return count;
}
