/** An edge's evidence as one line of text, as every export writes it (graph tools take strings). */
import type { Evidence } from '@kubepath/graph';

export const evidenceText = (e: Evidence) =>
  `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}${e.path ? ` ${e.path}` : ''}${e.note ? ` (${e.note})` : ''}`;
