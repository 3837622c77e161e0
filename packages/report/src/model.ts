/**
 * The report of one analysed snapshot (kubepath.dev/report/v1): what a scheduled run stores,
 * diffs against the previous one and delivers. Versioned and validated by this schema when
 * read back (`--baseline`, `kubepath diff`); members are listed in a stable order, and a
 * finding's `identity` is the same for the same problem in tomorrow's scan (identity.ts).
 */
import { z } from 'zod';

export const REPORT_API_VERSION = 'kubepath.dev/report/v1';

const Severity = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.infer<typeof Severity>;
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** An object of the cluster, and where it came from when the input was files. */
export const ObjectRefSchema = z.object({
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  /** JSON pointer into the object: the field that makes the step. */
  path: z.string().optional(),
  /** The manifest file and the line of the object in it (file inputs only). */
  file: z.string().optional(),
  line: z.number().int().optional(),
});
export type ObjectRef = z.infer<typeof ObjectRefSchema>;

export const ReportStepSchema = z.object({
  from: z.string(),
  kind: z.string(),
  to: z.string(),
  cost: z.number(),
  assumesExploit: z.literal(true).optional(),
  knownExploit: z.literal(true).optional(),
  /** The objects and fields that make the step (at most a few). */
  evidence: z.array(
    z.object({
      kind: z.string(),
      namespace: z.string().optional(),
      name: z.string(),
      path: z.string(),
      note: z.string().optional(),
    }),
  ),
});
export type ReportStep = z.infer<typeof ReportStepSchema>;

export const ReportFindingSchema = z.object({
  /** Stable across scans: `kp-` and 16 hex digits of a hash of `key`. */
  identity: z.string(),
  /** What the identity is made of, readable: `<entry class> → <cause> (<jewel class>)`. */
  key: z.string(),
  severity: Severity,
  severityReason: z.string(),
  cost: z.number(),
  assumesExploit: z.literal(true).optional(),
  /** The binding, the pod-spec field or the entry point that opens the path. */
  cause: z.string(),
  causeObject: ObjectRefSchema.optional(),
  /** The kind of attack, for grouping (JUnit test cases, SARIF rules): the cause's edge kind. */
  kind: z.string(),
  entryClass: z.string(),
  entries: z.array(z.object({ id: z.string(), cost: z.number(), workload: z.string().optional() })),
  entriesTotal: z.number().int(),
  jewels: z.array(z.object({ id: z.string(), cost: z.number() })),
  /** The cheapest entry's path to the first jewel, with its evidence. */
  path: z.array(ReportStepSchema),
  remediation: z.string(),
  /** From the history: when this identity was first and last seen (ISO times). */
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export type ReportFinding = z.infer<typeof ReportFindingSchema>;

export const ReportFixSchema = z.object({
  id: z.string(),
  object: z.string(),
  fix: z.string(),
  closes: z.number().int(),
  addedCost: z.number(),
  paths: z.number().int(),
});
export type ReportFix = z.infer<typeof ReportFixSchema>;

export const ReportSchema = z.object({
  apiVersion: z.literal(REPORT_API_VERSION),
  kind: z.literal('Report'),
  cluster: z.object({
    name: z.string(),
    serverVersion: z.string().nullable(),
    collectedAt: z.string(),
    source: z.string(),
  }),
  generatedAt: z.string(),
  kubepathVersion: z.string(),
  exploits: z.enum(['none', 'known', 'assumed']),
  /** What the snapshot could not see: a finding there may be missing (and a diff incomparable). */
  coverage: z.object({
    /** Kinds absent from the input, forbidden or failed in a live collection. */
    unseenKinds: z.array(z.string()),
    gaps: z.array(z.string()),
    skippedTotal: z.number().int(),
    /** Evidence from other tools: scans, KEV, kube-bench (null: none given). */
    evidence: z
      .object({
        scans: z.number(),
        kev: z.boolean(),
        cisFiles: z.number(),
        containersWithReport: z.number(),
        containers: z.number(),
      })
      .nullable(),
  }),
  counts: z.object({
    findings: z.number().int(),
    bySeverity: z.record(Severity, z.number().int()),
    entryPoints: z.number().int(),
    jewels: z.array(z.string()),
  }),
  findings: z.array(ReportFindingSchema),
  /** Findings listed are capped; `counts.findings` counts all. */
  findingsTruncated: z.boolean(),
  fixes: z.array(ReportFixSchema),
  tierZero: z.object({ count: z.number().int(), byKind: z.record(z.string(), z.number().int()) }),
  /** kube-bench failures that open no path (node findings). */
  nodeFindings: z.array(
    z.object({
      node: z.string().optional(),
      id: z.string(),
      text: z.string(),
      remediation: z.string().optional(),
    }),
  ),
});
export type Report = z.infer<typeof ReportSchema>;

/** Reads a report back (a baseline, one side of a diff); throws with the first problem. */
export function parseReport(value: unknown, file: string): Report {
  const parsed = ReportSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(
    `${file} is not a kubepath report (${REPORT_API_VERSION}): /${issue.path.join('/')}: ${issue.message}`,
  );
}
