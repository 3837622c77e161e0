/**
 * Vulnerable images within reach: every container whose vulnerability reports show a known
 * remotely exploitable CVE (KEV, critical or high `AV:N`), with who can send it traffic — the
 * internet, how many other containers — and the fixed version to install. A report's
 * "patch this first" list: exposure decides the order, not the CVSS score alone.
 */
import type { VertexId } from '@kubepath/model';
import type { GraphIndex } from './graph-index.js';
import { whoCanReach } from './queries.js';

export interface VulnerableExposure {
  container: VertexId;
  /** `Deployment web/nginx` for a live pod's container. */
  workload?: string;
  /** The known exploit: `CVE-2021-44228 (in CISA KEV: exploited in the wild); fixed in …`. */
  exploit: string;
  /** The cost of the exploit step (3 KEV, 4 critical, 5 high). */
  cost: number;
  fromInternet: boolean;
  /** Other containers that can reach it (through any path, within the budget). */
  fromContainers: number;
  /** What to install: the fixed versions the reports give. */
  remediation: string;
}

/** The exposed vulnerable containers, the internet-facing first, then by cost and reach. */
export function vulnerableExposures(
  index: GraphIndex,
  options: { limit?: number; budgetMs?: number } = {},
): { exposures: VulnerableExposure[]; truncated: boolean } {
  const limit = options.limit ?? 50;
  const deadline = performance.now() + (options.budgetMs ?? 5_000);
  const known: number[] = [];
  index.attributes.forEach((a, v) => {
    if (a.kind === 'container' && a.knownExploitable && !a.replicaOf) known.push(v);
  });
  const exposures: VulnerableExposure[] = [];
  let truncated = false;
  for (const v of known) {
    if (performance.now() > deadline) {
      truncated = true;
      break;
    }
    const a = index.attributes[v]!;
    const id = index.ids[v]!;
    const sources = whoCanReach(index, id, { kinds: ['external', 'container'], budgetMs: 1_000 }).sources;
    let cost = Number.POSITIVE_INFINITY;
    for (let i = index.inStart[v]!; i < index.inStart[v + 1]!; i++) {
      const e = index.inEdges[i]!;
      if (index.edges[e]!.kind === 'ENDPOINT_EXPLOIT') cost = Math.min(cost, index.cost[e]!);
    }
    exposures.push({
      container: id,
      ...(a.workload ? { workload: a.workload } : {}),
      exploit: a.knownExploitable!,
      cost: Number.isFinite(cost) ? cost : 0,
      fromInternet: sources.some((s) => s.id === 'external:internet'),
      fromContainers: sources.filter((s) => s.id.startsWith('container:')).length,
      remediation: a.vulnerabilities?.fixes.length
        ? `upgrade ${a.vulnerabilities.fixes.join(', ')} (rebuild the image)`
        : 'no fixed version reported: restrict who can reach the port, or replace the component',
    });
  }
  exposures.sort(
    (x, y) =>
      Number(y.fromInternet) - Number(x.fromInternet) ||
      x.cost - y.cost ||
      y.fromContainers - x.fromContainers ||
      (x.container < y.container ? -1 : 1),
  );
  return { exposures: exposures.slice(0, limit), truncated: truncated || exposures.length > limit };
}
