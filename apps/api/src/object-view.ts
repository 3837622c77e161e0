/**
 * One object of a snapshot as the viewer's "view object" drawer shows it: YAML, and for the
 * JSON pointer an evidence item names, the value there and the lines it spans. The object is
 * the snapshot's copy, already redacted by the collector (a Secret is its metadata, type and
 * key names; dropped annotations such as last-applied-configuration never reach a snapshot),
 * so nothing here can show more than the snapshot holds.
 */
import { KINDS, type Snapshot } from '@kubepath/model';
import { isMap, isSeq, parseDocument, stringify, type Node as YamlNode } from 'yaml';

export interface ObjectRef {
  kind: string;
  namespace?: string | undefined;
  name: string;
}

export interface ObjectView {
  kind: string;
  namespace?: string;
  name: string;
  yaml: string;
  /** What the pointer names, when one was asked for. */
  pointer?: {
    path: string;
    found: boolean;
    /** 1-based, inclusive: the lines of the YAML that hold the pointed-at field. */
    lines?: { from: number; to: number };
    value?: unknown;
  };
}

/** RFC 6901: `/spec/containers/0` → ['spec', 'containers', '0'], `~1` is `/`, `~0` is `~`. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function valueAt(object: unknown, segments: string[]): { found: boolean; value?: unknown } {
  let at: unknown = object;
  for (const s of segments) {
    if (Array.isArray(at) && /^\d+$/.test(s) && Number(s) < at.length) at = at[Number(s)];
    else if (at && typeof at === 'object' && !Array.isArray(at) && Object.hasOwn(at, s))
      at = (at as Record<string, unknown>)[s];
    else return { found: false };
  }
  return { found: true, value: at };
}

const lineOf = (text: string, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/** The lines of `yaml` that hold the field at `segments`: from its key (or `-`) to its value's end. */
function linesOf(yaml: string, segments: string[]): { from: number; to: number } | undefined {
  const doc = parseDocument(yaml);
  let node: YamlNode | null | undefined = doc.contents;
  let start: number | undefined;
  for (const s of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === s);
      if (!pair) return undefined;
      start = (pair.key as YamlNode).range?.[0];
      node = pair.value as YamlNode | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(s)] as YamlNode | undefined;
      if (!item) return undefined;
      // A sequence item's range starts after its "- ": the line is the same.
      start = item.range?.[0];
      node = item;
    } else return undefined;
  }
  const end = node?.range?.[1] ?? start;
  if (start === undefined || end === undefined) return { from: 1, to: lineOf(yaml, yaml.length) };
  // A block value ends after its newline: the last line is the one before.
  const last = end > 0 && yaml.charCodeAt(end - 1) === 10 ? end - 1 : end;
  return { from: lineOf(yaml, start), to: Math.max(lineOf(yaml, start), lineOf(yaml, last)) };
}

/** The snapshot's copy of the object `ref` names (a cluster-scoped kind ignores the namespace). */
export function findObject(
  snapshot: Snapshot,
  ref: ObjectRef,
): { object: Record<string, unknown>; namespace: string | undefined } | null {
  if (!Object.hasOwn(KINDS, ref.kind)) return null;
  const spec = (KINDS as Record<string, { key: string; namespaced: boolean }>)[ref.kind]!;
  const list = (
    snapshot.objects as Record<string, { metadata: { name: string; namespace?: string | null } }[]>
  )[spec.key];
  const namespace = spec.namespaced ? (ref.namespace ?? '') : undefined;
  const object = list?.find(
    (o) => o.metadata.name === ref.name && (!spec.namespaced || (o.metadata.namespace ?? '') === namespace),
  );
  return object ? { object: object as unknown as Record<string, unknown>, namespace } : null;
}

/** The object named by `ref`, or null when the snapshot has none of that kind and name. */
export function objectView(snapshot: Snapshot, ref: ObjectRef, pointer?: string): ObjectView | null {
  const hit = findObject(snapshot, ref);
  if (!hit) return null;
  const { object, namespace } = hit;
  const shown = { kind: ref.kind, ...object };
  const yaml = stringify(shown, { lineWidth: 0 });
  const view: ObjectView = {
    kind: ref.kind,
    ...(namespace ? { namespace } : {}),
    name: ref.name,
    yaml,
  };
  if (pointer !== undefined) {
    const segments = pointerSegments(pointer);
    const { found, value } = valueAt(object, segments);
    const lines = found ? linesOf(yaml, segments) : undefined;
    view.pointer = { path: pointer, found, ...(found ? { value } : {}), ...(lines ? { lines } : {}) };
  }
  return view;
}
