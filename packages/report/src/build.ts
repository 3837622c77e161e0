/**
 * One analysed snapshot → its Report. Pure: the analysis is given (the index of the exploit
 * mode, and its findings when the caller has them), and so is "now".
 */
import {
  explain,
  findings as computeFindings,
  fixCandidates,
  type ExploitMode,
  type Finding,
  type FixCandidate,
  type FindingsResult,
  type GraphIndex,
  type SearchResult,
} from '@kubepath/analyzer';
import { coverageGaps, KUBEPATH_VERSION, type Snapshot } from '@kubepath/model';
import { identityOf, podWorkloads } from './identity.js';
import {
  REPORT_API_VERSION,
  SEVERITY_ORDER,
  type ObjectRef,
  type Report,
  type ReportFinding,
  type Severity,
} from './model.js';

/** Findings a report lists (each with its path and evidence); the counts cover all. */
export const MAX_REPORT_FINDINGS = 500;
/** Entries listed per finding. */
const ENTRIES_LISTED = 10;
/** Evidence items kept per step. */
const EVIDENCE_PER_STEP = 3;

export interface ReportInput {
  snapshot: Snapshot;
  /** The index of the report's exploit mode. */
  index: GraphIndex;
  exploits: ExploitMode;
  /** The findings of that index, when already computed (with their searches, for the fixes). */
  findings?: FindingsResult & { searches: Map<number, SearchResult> };
  /** The fix candidates, when already computed (analyze has them). */
  fixes?: FixCandidate[];
  now?: Date;
  /** Where each cause object came from (file inputs): `Kind ns/name` → file and line. */
  locate?: (object: {
    kind: string;
    namespace?: string;
    name: string;
  }) => { file: string; line?: number } | undefined;
  maxFindings?: number;
}

/** The finding kind: the edge that opens the path at its cause (the step out of a binding, the escape). */
function kindOf(f: Finding): string {
  const at = f.path.findIndex((s) => s.to === f.cause);
  if (at >= 0) return f.path[at + 1]?.kind ?? f.path[at]!.kind;
  const escape = f.cause.split(' ')[0]!;
  if (/^[A-Z_]+$/.test(escape)) return escape;
  return f.path[0]?.kind ?? 'UNKNOWN';
}

export function buildReport(input: ReportInput): Report {
  const { snapshot, index } = input;
  const now = (input.now ?? new Date()).toISOString();
  const result = input.findings ?? computeFindings(index);
  const workloadOf = podWorkloads(snapshot);
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of result.findings) bySeverity[f.severity]++;

  const reportFindings = result.findings.map((f): ReportFinding => {
    const { key, identity } = identityOf(f, workloadOf);
    const ev = f.causeEvidence;
    const where = ev ? input.locate?.(ev) : undefined;
    const causeObject: ObjectRef | undefined = ev
      ? {
          kind: ev.kind,
          ...(ev.namespace ? { namespace: ev.namespace } : {}),
          name: ev.name,
          path: ev.path,
          ...where,
        }
      : bindingRef(index, f.cause, input.locate);
    return {
      identity,
      key,
      severity: f.severity,
      severityReason: f.severityReason,
      cost: f.cost,
      ...(f.assumesExploit ? { assumesExploit: true as const } : {}),
      cause: f.cause,
      ...(causeObject ? { causeObject } : {}),
      kind: kindOf(f),
      entryClass: f.entryClass,
      entries: f.entries
        .slice(0, ENTRIES_LISTED)
        .map((e) => ({ id: e.id, cost: e.cost, ...(e.workload ? { workload: e.workload } : {}) })),
      entriesTotal: f.entries.length,
      jewels: f.jewels,
      path: explain(index, f.path).map((s) => ({
        from: s.from,
        kind: s.kind,
        to: s.to,
        cost: s.cost,
        ...(s.assumesExploit ? { assumesExploit: true as const } : {}),
        ...(s.knownExploit ? { knownExploit: true as const } : {}),
        evidence: s.evidence.slice(0, EVIDENCE_PER_STEP).map((e) => ({ ...e })),
      })),
      remediation: f.remediation,
      firstSeen: now,
      lastSeen: now,
    };
  });
  // Stable order: severity, then cost, then identity (never the order of the input).
  reportFindings.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.cost - b.cost ||
      a.identity.localeCompare(b.identity),
  );
  const max = input.maxFindings ?? MAX_REPORT_FINDINGS;

  const fixes = (input.fixes ?? fixCandidates(index, result.searches, { limit: 10 })).map((c) => ({
    id: c.id,
    object: c.object,
    fix: c.fix,
    closes: c.closes,
    addedCost: c.addedCost,
    paths: c.paths,
  }));
  const byKind: Record<string, number> = {};
  for (const t of result.tierZero) byKind[t.kind] = (byKind[t.kind] ?? 0) + 1;
  const evidence = index.graph.evidence;
  const coverage = snapshot.coverage;
  return {
    apiVersion: REPORT_API_VERSION,
    kind: 'Report',
    cluster: {
      name: snapshot.cluster.name,
      serverVersion: snapshot.cluster.serverVersion ?? null,
      collectedAt: snapshot.cluster.collectedAt,
      source: snapshot.cluster.source,
    },
    generatedAt: now,
    kubepathVersion: KUBEPATH_VERSION,
    exploits: input.exploits,
    coverage: {
      unseenKinds: coverage.resources
        .filter((r) => r.status !== 'listed' && r.status !== 'present')
        .map((r) => r.kind)
        .sort(),
      gaps: coverageGaps(coverage).map((g) => g.summary),
      skippedTotal: coverage.skippedTotal,
      evidence: evidence
        ? {
            scans: evidence.scans,
            kev: evidence.kev !== undefined,
            cisFiles: evidence.cis?.files ?? 0,
            containersWithReport: evidence.containersWithReport,
            containers: evidence.containers,
          }
        : null,
    },
    counts: {
      findings: result.findings.length,
      bySeverity,
      entryPoints: result.entryPoints,
      jewels: result.jewels,
    },
    findings: reportFindings.slice(0, max),
    findingsTruncated: reportFindings.length > max,
    fixes,
    tierZero: { count: result.tierZero.length, byKind },
    nodeFindings: (evidence?.cis?.findings ?? [])
      .filter((f) => !f.opens)
      .map((f) => ({
        ...(f.node ? { node: f.node } : {}),
        id: f.id,
        text: f.text,
        ...(f.remediation ? { remediation: f.remediation } : {}),
      })),
  };
}

/** A binding cause as the object to fix, from its vertex's attributes (ids are never parsed). */
function bindingRef(index: GraphIndex, cause: string, locate: ReportInput['locate']): ObjectRef | undefined {
  const v = index.numberOf(cause);
  const a = v === undefined ? undefined : index.attributes[v]!;
  if (!a || (a.kind !== 'binding' && a.kind !== 'clusterbinding')) return undefined;
  const ref = {
    kind: a.kind === 'binding' ? 'RoleBinding' : 'ClusterRoleBinding',
    ...(a.namespace ? { namespace: a.namespace } : {}),
    name: a.name,
  };
  return { ...ref, ...locate?.(ref) };
}
