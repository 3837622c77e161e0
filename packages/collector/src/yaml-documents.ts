/**
 * Multi-document YAML (manifests, `kubectl get -o yaml`, Helm renders) into raw objects.
 * Each document is judged on its own: a broken one is reported with its line, the others load.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { describeYamlError } from './sanitize.js';
import type { Origin, SnapshotBuilder } from './snapshot-builder.js';

/**
 * Aliases allowed per document. Real manifests use a handful; a "billion laughs" bomb needs
 * thousands, and the yaml library refuses to expand past this count.
 */
const MAX_ALIAS_COUNT = 100;

/** Adds every document of a YAML text to the builder; returns how many documents it had. */
export function addYamlDocuments(text: string, file: string, builder: SnapshotBuilder): number {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  let count = 0;
  documents.forEach((document, i) => {
    // The line of the document's content, not of its `---` marker.
    const line = lineCounter.linePos(document.contents?.range?.[0] ?? document.range[0]).line;
    const origin: Origin = { file, where: `document ${i + 1} (line ${line})` };
    const firstError = document.errors[0];
    if (firstError) {
      builder.skip(origin, `invalid YAML: ${describeYamlError(firstError.message)}`);
      count++;
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      builder.skip(
        origin,
        `invalid YAML: ${describeYamlError(error instanceof Error ? error.message : String(error))}`,
      );
      count++;
      return;
    }
    if (value === null || value === undefined) return; // an empty document (a stray `---`)
    count++;
    builder.add(value, origin);
  });
  return count;
}
