/**
 * Vertex lookup for completion boxes (the viewer's search): every word of the query must
 * appear, case-insensitively, in the vertex id, its label, or the spec fields behind its edges
 * (PROPERTY_FIELDS). Exact ids first, then matches at
 * the start of the name, then the rest; shorter ids first within each group. A linear scan
 * over lower-cased texts kept with the index, fine for a debounced text box.
 */
import type { VertexId, VertexKind } from '@kubepath/model';
import type { GraphIndex } from './graph-index.js';

/** One vertex found: its id, kind, label and namespace (for a completion list). */
export interface VertexMatch {
  id: VertexId;
  kind: VertexKind;
  label: string;
  namespace?: string;
}

/** Each vertex's searchable text (id and label, lower case), built once per index. */
const haystacks = new WeakMap<GraphIndex, string[]>();

/**
 * Spec fields a search can name ("privileged", "hostPath"): a vertex is found by one when an
 * edge out of it was made by that field (its evidence pointer passes through it), so
 * "privileged" finds the containers whose privileged flag gives them their node.
 */
const PROPERTY_FIELDS = new Set([
  'privileged',
  'hostPID',
  'hostIPC',
  'hostNetwork',
  'hostPath',
  'capabilities',
  'allowPrivilegeEscalation',
  'hostPort',
]);

function propertyWords(index: GraphIndex, v: number): string {
  const words = new Set<string>();
  for (const e of index.outEdges.subarray(index.outStart[v]!, index.outStart[v + 1]!))
    for (const evidence of index.edges[e]!.evidence)
      for (const segment of evidence.path.split('/')) if (PROPERTY_FIELDS.has(segment)) words.add(segment);
  return [...words].join(' ');
}

function haystacksOf(index: GraphIndex): string[] {
  let hay = haystacks.get(index);
  if (!hay) {
    hay = index.ids.map((id, v) =>
      `${id} ${index.attributes[v]!.label ?? ''} ${propertyWords(index, v)}`.toLowerCase(),
    );
    haystacks.set(index, hay);
  }
  return hay;
}

/** Up to `limit` vertices matching every word of `text`, best first; `[]` for a blank query. */
export function findVertices(index: GraphIndex, text: string, limit = 20): VertexMatch[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const exact = text.trim();
  const hay = haystacksOf(index);
  const order = (x: { v: number; rank: number }, y: { v: number; rank: number }) =>
    x.rank - y.rank ||
    index.ids[x.v]!.length - index.ids[y.v]!.length ||
    index.ids[x.v]!.localeCompare(index.ids[y.v]!);
  // Only the best `limit` are kept (sorted): a one-letter query matches most of a large graph.
  const best: { v: number; rank: number }[] = [];
  for (let v = 0; v < index.vertexCount; v++) {
    const haystack = hay[v]!;
    if (!words.every((w) => haystack.includes(w))) continue;
    const id = index.ids[v]!;
    const rank = id === exact ? 0 : index.attributes[v]!.name.toLowerCase().startsWith(words[0]!) ? 1 : 2;
    const entry = { v, rank };
    if (best.length === limit && order(entry, best[limit - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && order(entry, best[at - 1]!) < 0) at--;
    best.splice(at, 0, entry);
    if (best.length > limit) best.pop();
  }
  return best.map(({ v }) => {
    const a = index.attributes[v]!;
    return {
      id: index.ids[v]!,
      kind: a.kind,
      label: a.label ?? a.name,
      ...(a.namespace ? { namespace: a.namespace } : {}),
    };
  });
}
