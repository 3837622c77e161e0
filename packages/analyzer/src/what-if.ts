/**
 * What a fix buys, two ways, combinable:
 *
 * - `remove`: objects deleted from the snapshot (a binding, a workload, a role…); the graph is
 *   built again without them. Deleting a workload also deletes its pods, so the pairs they
 *   started close too.
 * - `fix`: fix candidates' changes by fix id (fix-candidates.ts), made on the same graph: the
 *   edges the change makes true go, nothing else. This is exactly what the candidate's
 *   "closes" counts, so the two numbers agree.
 *
 * Either way, compare which entry points still reach which crown jewels.
 */
import { KINDS, KIND_NAMES, type KindSpec, type Snapshot, type SnapshotObjects } from '@kubepath/model';
import { buildAttackGraph, type BuildOptions } from '@kubepath/graph';
import { entryPoints, findings, jewels } from './findings.js';
import { indexForExploits, type ExploitMode } from './exploits.js';
import { fixEdges } from './fix-candidates.js';
import { GraphIndex } from './graph-index.js';

/** An object to remove: its kind, and namespace for namespaced kinds. */
export interface Removal {
  kind: string;
  namespace?: string;
  name: string;
}

/** What to change: objects to delete, fix ids to apply (at least one of either). */
export interface WhatIfChange {
  remove?: readonly Removal[];
  fix?: readonly string[];
}

export interface WhatIfResult {
  removed: Removal[];
  /** Removals that matched no object of the snapshot. */
  unmatched: Removal[];
  fixed: string[];
  /** Fix ids that name no change of the graph (no edge of the graph is theirs alone). */
  unmatchedFixes: string[];
  before: { pairs: number; findings: number };
  after: { pairs: number; findings: number };
  /** Entry point → crown jewel pairs that no longer connect. */
  closed: { entry: string; jewel: string }[];
}

const SEP = '\u0000';

/** Entry → jewel pairs that connect, and the number of findings. */
function reachablePairs(
  index: GraphIndex,
  result: ReturnType<typeof findings> = findings(index),
): { pairs: Set<string>; findings: number } {
  const entries = entryPoints(index);
  const pairs = new Set<string>();
  for (const jewel of jewels(index)) {
    const search = result.searches.get(jewel)!;
    for (const v of entries)
      if (v !== jewel && Number.isFinite(search.dist[v]!))
        pairs.add(`${index.ids[v]}${SEP}${index.ids[jewel]}`);
  }
  return { pairs, findings: result.findings.length };
}

/** The snapshot without the removed objects. */
export function withoutObjects(
  snapshot: Snapshot,
  removals: readonly Removal[],
): { snapshot: Snapshot; unmatched: Removal[] } {
  const objects = { ...snapshot.objects } as Record<
    string,
    { metadata: { name: string; namespace?: string | null } }[]
  >;
  const unmatched: Removal[] = [];
  for (const r of removals) {
    const kind = KIND_NAMES.find((k) => k.toLowerCase() === r.kind.toLowerCase());
    if (!kind) {
      unmatched.push(r);
      continue;
    }
    const spec: KindSpec = KINDS[kind];
    const list = objects[spec.key]!;
    const kept = list.filter(
      (o) =>
        !(
          o.metadata.name === r.name &&
          (!spec.namespaced || (o.metadata.namespace ?? 'default') === (r.namespace ?? 'default'))
        ),
    );
    if (kept.length === list.length) unmatched.push(r);
    objects[spec.key] = kept;
  }
  return { snapshot: { ...snapshot, objects: objects as unknown as SnapshotObjects }, unmatched };
}

/**
 * `prebuilt` is the snapshot's graph index and findings when the caller already has them (the
 * API's analysis): only the graph without the objects is built.
 */
export function whatIf(
  snapshot: Snapshot | (() => Snapshot),
  change: WhatIfChange,
  options: BuildOptions & { exploits?: ExploitMode } = {},
  prebuilt?: { index: GraphIndex; findings?: ReturnType<typeof findings> },
): WhatIfResult {
  const removals = change.remove ?? [];
  const fixes = change.fix ?? [];
  // A function when reading the snapshot costs (a restored analysis): fixes alone never need it.
  const theSnapshot = typeof snapshot === 'function' ? snapshot : () => snapshot;
  // Both sides in the same exploit mode; the prebuilt findings are the default mode's.
  const mode = options.exploits ?? 'assumed';
  const beforeIndex = indexForExploits(
    prebuilt?.index ?? new GraphIndex(buildAttackGraph(theSnapshot(), options)),
    mode,
  );
  // Objects deleted: the graph built again; otherwise the same graph.
  let rebuilt = beforeIndex;
  let unmatched: Removal[] = [];
  if (removals.length > 0) {
    const reduced = withoutObjects(theSnapshot(), removals);
    unmatched = reduced.unmatched;
    rebuilt = indexForExploits(new GraphIndex(buildAttackGraph(reduced.snapshot, options)), mode);
  }
  const fixed = fixEdges(rebuilt, fixes);
  const cut = new Set([...fixed.edges.values()].flatMap((set) => [...set]));
  const beforeFindings = mode === 'assumed' ? prebuilt?.findings : undefined;
  const answer = {
    removed: [...removals],
    unmatched,
    fixed: [...fixes],
    unmatchedFixes: fixed.unmatched,
  };
  // Fixes alone: the same index, its searches skipping the cut edges, which answers as an
  // index without them would without building one, and pairs compared by vertex number
  // (performance issue: 2–3 s of index and a million pair strings at 150,000 pods).
  if (rebuilt === beforeIndex)
    return { ...answer, ...pairsClosed(beforeIndex, beforeFindings ?? findings(beforeIndex), cut) };
  const before = reachablePairs(beforeIndex, beforeFindings);
  const after = reachablePairs(rebuilt.without(cut));
  const closed = [...before.pairs]
    .filter((p) => !after.pairs.has(p))
    .sort()
    .map((p) => {
      const [entry, jewel] = p.split(SEP) as [string, string];
      return { entry, jewel };
    });
  return {
    ...answer,
    before: { pairs: before.pairs.size, findings: before.findings },
    after: { pairs: after.pairs.size, findings: after.findings },
    closed,
  };
}

/** What cutting edges of one index closes: the pairs counted, and named only when closed. */
function pairsClosed(
  index: GraphIndex,
  before: ReturnType<typeof findings>,
  cut: ReadonlySet<number>,
): Pick<WhatIfResult, 'before' | 'after' | 'closed'> {
  const after = findings(index, { skip: cut });
  const entries = entryPoints(index);
  let pairsBefore = 0;
  let pairsAfter = 0;
  const closed: { entry: string; jewel: string }[] = [];
  for (const jewel of jewels(index)) {
    const was = before.searches.get(jewel)!.dist;
    const now = after.searches.get(jewel)!.dist;
    for (const v of entries) {
      if (v === jewel) continue;
      if (Number.isFinite(now[v]!)) pairsAfter++;
      if (!Number.isFinite(was[v]!)) continue;
      pairsBefore++;
      if (!Number.isFinite(now[v]!)) closed.push({ entry: index.ids[v]!, jewel: index.ids[jewel]! });
    }
  }
  // The order of the pairs' strings above (entry, then jewel), as before.
  closed.sort((a, b) =>
    a.entry !== b.entry ? (a.entry < b.entry ? -1 : 1) : a.jewel < b.jewel ? -1 : a.jewel > b.jewel ? 1 : 0,
  );
  return {
    before: { pairs: pairsBefore, findings: before.findings.length },
    after: { pairs: pairsAfter, findings: after.findings.length },
    closed,
  };
}
