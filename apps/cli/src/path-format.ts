/** Paths as text: one line per step, with the evidence (object and field) behind it. */
import { explain, type GraphIndex, type PathStep } from '@kubepath/analyzer';

const evidenceText = (e: { kind: string; namespace?: string; name: string; path: string; note?: string }) =>
  e.kind === 'kubepath'
    ? (e.note ?? '')
    : `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}${e.path ? ` ${e.path}` : ''}${e.note ? ` (${e.note})` : ''}`;

/** Kinds whose ids say little alone: a path names them with their label ("create pods in ci"). */
const INTERNAL = new Set(['hub', 'netclass', 'binding', 'clusterbinding', 'service', 'namespace']);

/** A vertex as a path shows it: its id, and for an internal vertex what it stands for. */
function named(index: GraphIndex, id: string): string {
  const v = index.numberOf(id);
  const a = v === undefined ? undefined : index.attributes[v];
  return a && INTERNAL.has(a.kind) && a.label && a.label !== a.name ? `${id} [${a.label}]` : id;
}

/** `a --KIND--> b` lines with evidence underneath, indented. */
export function renderPath(index: GraphIndex, path: readonly PathStep[], indent = '    '): string {
  if (path.length === 0) return `${indent}(the target itself)\n`;
  const lines: string[] = [];
  for (const step of explain(index, path)) {
    lines.push(
      `${indent}${named(index, step.from)} --${step.kind} (${step.cost})--> ${named(index, step.to)}`,
    );
    // An exploit step's own note ("assumes code execution … through TCP/8080") always shows.
    const shown =
      step.assumesExploit || step.knownExploit
        ? [
            ...step.evidence.slice(0, 2),
            ...step.evidence.filter(
              (e) => e.name === 'exploit' || /report$|^VulnerabilityReport$/.test(e.kind),
            ),
          ]
        : step.evidence.slice(0, 3);
    for (const e of new Set(shown)) lines.push(`${indent}    because: ${evidenceText(e)}`);
  }
  return lines.join('\n') + '\n';
}

/** The edge kinds of a path, joined: a one-line summary; an assumed exploit is starred, a known one marked `!`. */
export const pathSummary = (path: readonly PathStep[]) =>
  path.map((s) => (s.assumesExploit ? `${s.kind}*` : s.knownExploit ? `${s.kind}!` : s.kind)).join(' → ');
