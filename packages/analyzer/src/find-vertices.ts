/**
 * Vertex lookup for completion boxes (the viewer's search): every word of the query must
 * appear, case-insensitively, in the vertex id or its label. Exact ids first, then matches at
 * the start of the name, then the rest; shorter ids first within each group. A linear scan:
 * ~10 ms over the 355,000 vertices of a 150,000-pod graph, fine for a debounced text box.
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

/** Up to `limit` vertices matching every word of `text`, best first; `[]` for a blank query. */
export function findVertices(index: GraphIndex, text: string, limit = 20): VertexMatch[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const exact = text.trim();
  const scored: { v: number; rank: number }[] = [];
  for (let v = 0; v < index.vertexCount; v++) {
    const id = index.ids[v]!;
    const a = index.attributes[v]!;
    const haystack = `${id} ${a.label ?? ''}`.toLowerCase();
    if (!words.every((w) => haystack.includes(w))) continue;
    const rank = id === exact ? 0 : a.name.toLowerCase().startsWith(words[0]!) ? 1 : 2;
    scored.push({ v, rank });
  }
  scored.sort(
    (x, y) =>
      x.rank - y.rank ||
      index.ids[x.v]!.length - index.ids[y.v]!.length ||
      index.ids[x.v]!.localeCompare(index.ids[y.v]!),
  );
  return scored.slice(0, limit).map(({ v }) => {
    const a = index.attributes[v]!;
    return {
      id: index.ids[v]!,
      kind: a.kind,
      label: a.label ?? a.name,
      ...(a.namespace ? { namespace: a.namespace } : {}),
    };
  });
}
