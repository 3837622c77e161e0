/**
 * Puts the evidence of other tools on the graph and says what it covered: matched
 * vulnerabilities on the container vertices, kube-bench results as node ports that open.
 */
import type { Snapshot, VertexId } from '@kubepath/model';
import type { CisSummary, EvidenceSummary, GraphBuilder } from '../graph-builder.js';
import type { Inventory } from '../inventory.js';
import { hub } from '../rbac/hubs.js';
import { podContainers } from '../workloads/workload-graph.js';
import { readCisEvidence, type CisEvidence } from './cis-checks.js';
import { matchVulnerabilities, type KnownExploit } from './vulnerabilities.js';

/** Unmatched scans named one by one before "and N more". */
const UNMATCHED_LISTED = 20;
/** Node findings kept in the summary (a 5,000-node cluster with 20 failures a node has 100,000). */
export const MAX_NODE_FINDINGS = 1000;

/** What the evidence phase hands on to the network phase. */
export interface AppliedEvidence {
  known: Map<VertexId, KnownExploit>;
  cis: CisEvidence | undefined;
}

/** Both kinds of evidence; the summary is set when any was given. */
export function addEvidence(b: GraphBuilder, snapshot: Snapshot, inv: Inventory): AppliedEvidence {
  const known = addVulnerabilityEvidence(b, snapshot, inv);
  const cis = readCisEvidence(snapshot);
  if (cis) {
    // The kubelet hubs of open kubelets exist before the hubs are linked to their pods.
    const nodes = new Set(inv.nodes);
    for (const [node, ports] of cis.nodes) if (ports.kubeletOpen && nodes.has(node)) hub(b, 'kubelet', node);
    b.evidence = { ...(b.evidence ?? emptyVulnerabilitySummary(inv)), cis: cisSummary(cis, inv) };
  }
  return { known, cis };
}

function cisSummary(cis: CisEvidence, inv: Inventory): CisSummary {
  const nodes = new Set<string>();
  for (const r of inv.snapshot.evidence?.cisResults ?? []) if (r.node) nodes.add(r.node);
  const known = new Set(inv.nodes);
  return {
    files: cis.files,
    nodes: [...nodes].sort(),
    unplaced: cis.unplaced,
    unknownNodes: [...nodes].filter((n) => !known.has(n)).sort(),
    ...(cis.apiAnonymous ? { apiAnonymous: cis.apiAnonymous.check.status as 'PASS' | 'FAIL' } : {}),
    findings: cis.findings.slice(0, MAX_NODE_FINDINGS),
    findingsTotal: cis.findings.length,
  };
}

/** The vulnerability part of the summary when only kube-bench results were given. */
function emptyVulnerabilitySummary(inv: Inventory): EvidenceSummary {
  let containers = 0;
  for (const pod of inv.pods) containers += podContainers(pod).length;
  return {
    containers,
    containersWithReport: 0,
    knownExploitable: 0,
    scans: 0,
    unmatched: [],
    unmatchedTotal: 0,
  };
}

/** Returns the known exploits by container, for the exploit steps the network phase adds. */
function addVulnerabilityEvidence(
  b: GraphBuilder,
  snapshot: Snapshot,
  inv: Inventory,
): Map<VertexId, KnownExploit> {
  const evidence = snapshot.evidence;
  if (!evidence || (!evidence.imageScans.length && !evidence.kev)) return new Map();
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
