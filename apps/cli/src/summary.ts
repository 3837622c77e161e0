/** What was loaded, as a human summary or JSON: objects per kind, skipped input, coverage gaps. */
import { KINDS, KIND_NAMES, countObjects, coverageGaps, type Snapshot } from '@kubepath/model';
import { bytes, count, seconds, table } from './format.js';

/** Skipped items listed in the human summary before "and N more". */
const SKIPPED_SHOWN = 15;

/** The load summary as plain data (the `--json` output of `analyze`). */
export function loadSummary(snapshot: Snapshot, timing: { ms: number; peakRssBytes: number }) {
  const objects: Record<string, number> = {};
  for (const kind of KIND_NAMES)
    objects[kind] = (snapshot.objects as Record<string, unknown[]>)[KINDS[kind].key]!.length;
  return {
    cluster: snapshot.cluster,
    objects,
    coverage: snapshot.coverage,
    gaps: coverageGaps(snapshot.coverage),
    timing: { loadMs: Math.round(timing.ms), peakRssBytes: timing.peakRssBytes },
  };
}

/** The load summary as text. */
export function renderLoadSummary(snapshot: Snapshot, timing: { ms: number; peakRssBytes: number }): string {
  const { cluster, coverage } = snapshot;
  const total = countObjects(snapshot.objects);
  const out: string[] = [];
  out.push(
    `Cluster ${cluster.name}${cluster.serverVersion ? ` (Kubernetes ${cluster.serverVersion})` : ''}, ${
      cluster.source === 'live'
        ? `collected from ${coverage.inputs[0]?.path ?? 'the API server'} at ${cluster.collectedAt}`
        : `read from ${coverage.inputs.length} file(s)`
    }`,
  );
  out.push(
    `Loaded ${count(total)} objects in ${seconds(timing.ms)}, peak memory ${bytes(timing.peakRssBytes)}`,
  );
  out.push('');
  const present = coverage.resources.filter((r) => r.count > 0);
  out.push(
    table(
      ['KIND', 'OBJECTS'],
      present.map((r) => [r.kind, count(r.count)]),
    ).trimEnd(),
  );
  const absent = coverage.resources.filter((r) => r.status === 'absent').map((r) => r.kind);
  if (absent.length) {
    out.push('', `Not in the input (kubepath cannot tell whether the cluster has any): ${absent.join(', ')}`);
  }
  const gaps = coverageGaps(coverage);
  if (gaps.length) {
    out.push('', 'Not seen (a path through these to any crown jewel may be missing):');
    for (const g of gaps) out.push(`  ${g.summary}`);
  }
  const unknown = Object.entries(coverage.unknownKinds);
  if (unknown.length) {
    out.push('', `Ignored kinds kubepath does not read: ${unknown.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  }
  const ignored = Object.entries(coverage.ignored);
  if (ignored.length)
    out.push(
      `Not kept on purpose: ${ignored.map(([k, n]) => `${k} ×${n}`).join(', ')} (only kube-system/aws-auth is read)`,
    );
  if (coverage.duplicates)
    out.push(`Objects seen more than once (last copy kept): ${count(coverage.duplicates)}`);
  if (coverage.skippedTotal) {
    out.push('', `Skipped ${count(coverage.skippedTotal)} document(s) or object(s):`);
    for (const s of coverage.skipped.slice(0, SKIPPED_SHOWN))
      out.push(`  ${s.file} (${s.where}): ${s.reason}`);
    const more = coverage.skippedTotal - Math.min(SKIPPED_SHOWN, coverage.skipped.length);
    if (more > 0)
      out.push(`  … and ${count(more)} more (use --json for the first ${coverage.skipped.length})`);
  }
  return out.join('\n') + '\n';
}
