/** Test helpers for graph tests (not exported from the package). */
import { loadSnapshotFromFiles } from '@kubepath/collector';
import type { Snapshot } from '@kubepath/model';
import { writeTree } from '@kubepath/testkit';

/** A snapshot from multi-document YAML; fails the test if any document was skipped. */
export async function snapshotFromYaml(yaml: string): Promise<Snapshot> {
  const dir = writeTree({ 'fixture.yaml': yaml });
  const snapshot = await loadSnapshotFromFiles([dir]);
  if (snapshot.coverage.skippedTotal > 0) {
    throw new Error(`fixture has bad documents: ${JSON.stringify(snapshot.coverage.skipped)}`);
  }
  return snapshot;
}

/** Vertices reachable from `from` (BFS over the edge list): for reach / non-reach assertions. */
export function reachable(
  graph: { edges: readonly { from: string; to: string }[] },
  from: string,
): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    for (const next of out.get(queue.shift()!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}
