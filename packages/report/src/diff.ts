/**
 * A report against a baseline (the previous scan of the cluster): which findings are new,
 * resolved, unchanged, worse or better (severity, then cost: a cheaper path is worse), and
 * which cannot be compared because one side could not see part of the path (a kind absent,
 * forbidden or failed in its coverage) — a finding that "appears" because RBAC was unreadable
 * yesterday is not new. First seen carries over from the baseline.
 */
import { SEVERITY_ORDER, type Report, type ReportFinding } from './model.js';

export const CHANGES = ['new', 'worse', 'incomparable', 'unchanged', 'better', 'resolved'] as const;
export type Change = (typeof CHANGES)[number];

export interface DiffEntry {
  identity: string;
  key: string;
  change: Change;
  /** The finding as it is now (as it was, for a resolved one). */
  finding: ReportFinding;
  /** As the baseline had it, when it had it. */
  before?: { severity: ReportFinding['severity']; cost: number };
  /** For an incomparable one: what the other side could not see. */
  why?: string;
}

export interface ReportDiff {
  cluster: string;
  baseline: { generatedAt: string; cluster: string };
  current: { generatedAt: string; cluster: string };
  counts: Record<Change, number>;
  /** In CHANGES order, then by severity and identity. */
  entries: DiffEntry[];
  /** The baseline listed fewer findings than it counted: a "new" one may have been cut off there. */
  baselineTruncated: boolean;
}

/** The object kinds a finding's path runs through (what a coverage must see to find it). */
function kindsOf(f: ReportFinding): Set<string> {
  const kinds = new Set<string>();
  if (f.causeObject) kinds.add(f.causeObject.kind);
  for (const s of f.path) for (const e of s.evidence) if (e.kind !== 'kubepath') kinds.add(e.kind);
  return kinds;
}

function unseenBy(f: ReportFinding, side: Report): string | undefined {
  const unseen = new Set(side.coverage.unseenKinds);
  const missing = [...kindsOf(f)].filter((k) => unseen.has(k));
  return missing.length ? missing.join(', ') : undefined;
}

const rank = (s: ReportFinding['severity']) => SEVERITY_ORDER.indexOf(s);

export function diffReports(baseline: Report, current: Report): ReportDiff {
  const before = new Map(baseline.findings.map((f) => [f.identity, f]));
  const now = new Map(current.findings.map((f) => [f.identity, f]));
  const entries: DiffEntry[] = [];
  for (const f of current.findings) {
    const b = before.get(f.identity);
    if (!b) {
      const missing = unseenBy(f, baseline);
      entries.push({
        identity: f.identity,
        key: f.key,
        change: missing ? 'incomparable' : 'new',
        finding: f,
        ...(missing ? { why: `the baseline could not see ${missing}` } : {}),
      });
      continue;
    }
    const worse = rank(f.severity) < rank(b.severity) || (f.severity === b.severity && f.cost < b.cost);
    const better = rank(f.severity) > rank(b.severity) || (f.severity === b.severity && f.cost > b.cost);
    entries.push({
      identity: f.identity,
      key: f.key,
      change: worse ? 'worse' : better ? 'better' : 'unchanged',
      finding: f,
      before: { severity: b.severity, cost: b.cost },
    });
  }
  for (const b of baseline.findings) {
    if (now.has(b.identity)) continue;
    const missing = unseenBy(b, current);
    // Listed findings are capped: one past the cap of this report is not resolved.
    const cutOff = current.findingsTruncated && !missing;
    entries.push({
      identity: b.identity,
      key: b.key,
      change: missing || cutOff ? 'incomparable' : 'resolved',
      finding: b,
      before: { severity: b.severity, cost: b.cost },
      ...(missing
        ? { why: `this scan could not see ${missing}` }
        : cutOff
          ? { why: 'this report lists only its first findings' }
          : {}),
    });
  }
  pairExploitChanges(entries);
  entries.sort(
    (a, b) =>
      CHANGES.indexOf(a.change) - CHANGES.indexOf(b.change) ||
      rank(a.finding.severity) - rank(b.finding.severity) ||
      a.identity.localeCompare(b.identity),
  );
  const counts = Object.fromEntries(CHANGES.map((c) => [c, 0])) as Record<Change, number>;
  for (const e of entries) counts[e.change]++;
  return {
    cluster: current.cluster.name,
    baseline: { generatedAt: baseline.generatedAt, cluster: baseline.cluster.name },
    current: { generatedAt: current.generatedAt, cluster: current.cluster.name },
    counts,
    entries,
    baselineTruncated: baseline.findingsTruncated,
  };
}

const EXPLOIT_MARK = ' (assumes an exploit)';

/**
 * A path that needed an exploit and now does not (or the other way round) is one problem that
 * got worse (better), not one resolved and one new: the identities differ by the mark only.
 */
function pairExploitChanges(entries: DiffEntry[]): void {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  for (const gone of entries.filter((e) => e.change === 'resolved')) {
    const other = gone.key.endsWith(EXPLOIT_MARK)
      ? byKey.get(gone.key.slice(0, -EXPLOIT_MARK.length))
      : byKey.get(gone.key + EXPLOIT_MARK);
    if (!other || other.change !== 'new') continue;
    other.change = gone.key.endsWith(EXPLOIT_MARK) ? 'worse' : 'better';
    other.before = { severity: gone.finding.severity, cost: gone.finding.cost };
    other.why = gone.key.endsWith(EXPLOIT_MARK) ? 'no longer needs an exploit' : 'now needs an exploit';
    entries.splice(entries.indexOf(gone), 1);
  }
}

/** The report with first seen carried over from the baseline (the history's earliest sighting). */
export function withHistory(current: Report, baseline: Report | undefined): Report {
  if (!baseline) return current;
  const seen = new Map(baseline.findings.map((f) => [f.identity, f.firstSeen]));
  return {
    ...current,
    findings: current.findings.map((f) => ({ ...f, firstSeen: seen.get(f.identity) ?? f.firstSeen })),
  };
}
