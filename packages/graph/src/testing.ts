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
