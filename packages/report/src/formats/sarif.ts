/**
 * A report as SARIF 2.1.0 (OASIS; GitHub code scanning reads it), for CI on manifests.
 *
 * - One rule per finding kind (the edge kind that opens the path), with the edge catalog's
 *   description as its text, its remediation as help, its MITRE technique as a tag, and the
 *   worst `security-severity` of its results (GitHub ranks alerts by it).
 * - One result per finding: `partialFingerprints` from its stable identity (so an alert is
 *   the same alert tomorrow); a `physicalLocation` at the manifest file and line of the cause
 *   object when the input was files, else a `logicalLocation` naming the object — a result
 *   from a live cluster is never dropped for want of a file.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { relative, sep } from 'node:path';
import { EDGE_CATALOG, type EdgeKindSpec, type MitreTechnique } from '@kubepath/model';
import type { Report, ReportFinding, Severity } from '../model.js';

/** The parts of a SARIF log that kubepath writes (the schema allows much more). */
export interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
  logicalLocations: { name: string; kind: string; fullyQualifiedName: string }[];
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, string | number>;
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: { name: string; version: string; informationUri: string; rules: ReturnType<typeof rule>[] };
    };
    automationDetails: { id: string };
    results: SarifResult[];
  }[];
}

/** GitHub's scale: critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4.0. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

const spec = (kind: string): EdgeKindSpec | undefined =>
  (EDGE_CATALOG as Record<string, EdgeKindSpec | undefined>)[kind];

function rule(kind: string, findings: ReportFinding[]) {
  const s = spec(kind);
  const worst = findings
    .map((f) => Number(SECURITY_SEVERITY[f.severity]))
    .reduce((a, b) => Math.max(a, b), 0);
  const mitre: MitreTechnique | undefined = s?.mitre;
  return {
    id: kind,
    name: kind
      .toLowerCase()
      .split('_')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: s ? s.description.split(/(?<=\.)\s/)[0]! : `kubepath finding kind ${kind}` },
    fullDescription: { text: s?.description ?? `Paths whose cause opens with ${kind}.` },
    help: {
      text: s
        ? `${s.remediation}\n\nAn attack path: an entry point reaches a crown jewel through this step.`
        : 'See the finding.',
      markdown: s
        ? `**Fix:** ${s.remediation}\n\nkubepath found an attack path that this step opens.`
        : 'See the finding.',
    },
    ...(mitre ? { helpUri: `https://attack.mitre.org/techniques/${mitre.id.replace('.', '/')}/` } : {}),
    properties: {
      tags: ['security', 'kubernetes', ...(mitre ? [`external/mitre/${mitre.id}`] : [])],
      'security-severity': worst.toFixed(1),
    },
  };
}

const objectName = (o: NonNullable<ReportFinding['causeObject']>) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

function location(f: ReportFinding, cluster: string, baseDir: string): SarifLocation {
  const o = f.causeObject;
  if (o?.file) {
    const uri = relative(baseDir, o.file).split(sep).join('/');
    return {
      physicalLocation: {
        artifactLocation: { uri },
        ...(o.line ? { region: { startLine: o.line } } : {}),
      },
      logicalLocations: [
        { name: objectName(o), kind: 'object', fullyQualifiedName: `${cluster}/${objectName(o)}` },
      ],
    };
  }
  const name = o ? objectName(o) : f.cause;
  return { logicalLocations: [{ name, kind: 'object', fullyQualifiedName: `${cluster}/${name}` }] };
}

/** `baseDir`: what manifest paths are made relative to (the repository root in CI). */
export function reportSarif(report: Report, baseDir = process.cwd()): SarifLog {
  const kinds = [...new Set(report.findings.map((f) => f.kind))].sort();
  const byKind = new Map(kinds.map((k) => [k, report.findings.filter((f) => f.kind === k)]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubepath',
            version: report.kubepathVersion,
            informationUri: 'https://github.com/kubepath/kubepath',
            rules: kinds.map((k) => rule(k, byKind.get(k)!)),
          },
        },
        automationDetails: { id: `kubepath/${report.cluster.name}/` },
        results: report.findings.map((f) => ({
          ruleId: f.kind,
          ruleIndex: kinds.indexOf(f.kind),
          level: LEVEL[f.severity],
          message: {
            text: `${f.severity}: ${f.entries[0]?.id ?? f.entryClass}${f.entriesTotal > 1 ? ` and ${f.entriesTotal - 1} more` : ''} reach${f.entriesTotal > 1 ? '' : 'es'} ${f.jewels.map((j) => j.id).join(', ')} at cost ${f.cost} through ${f.cause}${f.assumesExploit ? ' (assumes an exploit of a running service)' : ''}. Fix: ${f.remediation}`,
          },
          locations: [location(f, report.cluster.name, baseDir)],
          partialFingerprints: { 'kubepathFinding/v1': f.identity },
          properties: {
            'security-severity': SECURITY_SEVERITY[f.severity],
            severity: f.severity,
            entryClass: f.entryClass,
            cost: f.cost,
            key: f.key,
          },
        })),
      },
    ],
  };
}
