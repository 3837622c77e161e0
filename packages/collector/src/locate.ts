/**
 * Where objects came from: the YAML manifest file and line of each object, for reports that
 * point at the line to change (SARIF's physicalLocation). Read again after loading, and only
 * from YAML inputs (a manifest repository), up to a size: a JSON dump has no lines worth
 * pointing at, and a report never waits on re-reading a 2 GB file.
 */
import { readFile, stat } from 'node:fs/promises';
import { Composer, LineCounter, Parser } from 'yaml';

export interface ObjectLocation {
  file: string;
  line: number;
}

/** YAML read for locations, in all: past it, objects are not located (the report still names them). */
export const MAX_LOCATE_BYTES = 32 * 1024 * 1024;

const keyOf = (kind: string, namespace: string | undefined, name: string) =>
  `${kind}\u0000${namespace ?? ''}\u0000${name}`;

/**
 * A lookup of `Kind namespace/name` → file and line, over these YAML files. A namespaced
 * object without a namespace is found under "default", as kubectl applies it; ask without a
 * namespace for cluster-scoped ones.
 */
export async function locateObjects(
  files: readonly string[],
  maxBytes = MAX_LOCATE_BYTES,
): Promise<(o: { kind: string; namespace?: string; name: string }) => ObjectLocation | undefined> {
  const found = new Map<string, ObjectLocation>();
  let budget = maxBytes;
  for (const file of files) {
    const size = (await stat(file).catch(() => null))?.size ?? Infinity;
    if (size > budget) continue;
    budget -= size;
    const text = await readFile(file, 'utf8').catch(() => '');
    const lines = new LineCounter();
    try {
      for (const doc of new Composer().compose(new Parser(lines.addNewLine).parse(text), true, text.length)) {
        if (doc.errors.length) continue;
        const kind = doc.get('kind');
        const name = doc.getIn(['metadata', 'name']);
        const namespace = doc.getIn(['metadata', 'namespace']);
        if (typeof kind !== 'string' || typeof name !== 'string') continue;
        const line = lines.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
        const at = { file, line };
        const k = keyOf(kind, typeof namespace === 'string' ? namespace : undefined, name);
        if (!found.has(k)) found.set(k, at);
        // Without a namespace it lands in "default" (if namespaced): find it there too.
        if (typeof namespace !== 'string' && !found.has(keyOf(kind, 'default', name)))
          found.set(keyOf(kind, 'default', name), at);
      }
    } catch {
      // A file the loader already reported as broken: its objects stay unlocated.
    }
  }
  return (o) => found.get(keyOf(o.kind, o.namespace, o.name));
}
