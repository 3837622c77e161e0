/** Puts the matched vulnerability evidence on the container vertices and says what it covered. */
import type { Snapshot, VertexId } from '@kubepath/model';
import type { GraphBuilder } from '../graph-builder.js';
import type { Inventory } from '../inventory.js';
import { matchVulnerabilities, type KnownExploit } from './vulnerabilities.js';

/** Unmatched scans named one by one before "and N more". */
const UNMATCHED_LISTED = 20;

/** Returns the known exploits by container, for the exploit steps the network phase adds. */
export function addVulnerabilityEvidence(
  b: GraphBuilder,
  snapshot: Snapshot,
  inv: Inventory,
): Map<VertexId, KnownExploit> {
  const evidence = snapshot.evidence;
  if (!evidence) return new Map();
  const match = matchVulnerabilities(snapshot, inv.pods);
  for (const [id, summary] of match.byContainer) {
    const vertex = b.vertices.get(id);
    if (vertex) vertex.vulnerabilities = summary;
  }
  for (const [id, k] of match.known) {
    const vertex = b.vertices.get(id);
    if (vertex) vertex.knownExploitable = k.summary;
  }
  b.evidence = {
    containers: match.containers,
    containersWithReport: match.containersWithReport,
    knownExploitable: match.known.size,
    scans: evidence.imageScans.length,
    unmatched: match.unmatched.slice(0, UNMATCHED_LISTED).map((s) => `${s.source.object} (${s.source.file})`),
    unmatchedTotal: match.unmatched.length,
    ...(evidence.kev
      ? {
          kev: {
            file: evidence.kev.file,
            ...(evidence.kev.catalogVersion ? { catalogVersion: evidence.kev.catalogVersion } : {}),
            ids: evidence.kev.ids.length,
          },
        }
      : {}),
  };
  return match.known;
}
