/**
 * Response schemas: the shapes the routes really return, for the OpenAPI document. Tests
 * check every route's answer against its schema (app.test.ts), and schemathesis checks the
 * served document against the running server (.ci/run), so the two cannot drift apart.
 * Objects are open (extra members allowed) so that adding a field is not a breaking change.
 */
import { ClusterInfoSchema, CoverageSchema } from '@kubepath/model';
import { z } from './schemas.js';

const int = () => z.number().int();
const Truncated = z
  .object({ reason: z.enum(['time-budget', 'result-cap']), limit: z.number() })
  .openapi('Truncated', { description: 'set when a limit cut the answer short' });
const Evidence = z
  .object({
    kind: z.string(),
    namespace: z.string().optional(),
    name: z.string(),
    path: z.string().openapi({ description: 'JSON pointer into the object' }),
    note: z.string().optional(),
  })
  .openapi('Evidence');
const Step = z
  .object({
    from: z.string(),
    kind: z.string(),
    to: z.string(),
    cost: int().optional().openapi({ description: 'with evidence=true' }),
    evidence: z.array(Evidence).optional().openapi({ description: 'with evidence=true' }),
    remediation: z.string().optional().openapi({ description: 'with evidence=true' }),
    assumesExploit: z
      .literal(true)
      .optional()
      .openapi({ description: 'the step needs an exploit of a running service' }),
  })
  .openapi('Step');
const assumesExploit = z
  .literal(true)
  .optional()
  .openapi({ description: 'the path assumes an exploit of a running service somewhere' });
const Reached = z
  .object({ id: z.string(), cost: z.number(), path: z.array(Step), assumesExploit })
  .openapi('Reached');

export const SnapshotInfo = z
  .object({ id: z.string(), cluster: z.string(), createdAt: z.string(), objects: int(), bytes: int() })
  .openapi('SnapshotInfo');
const UploadSkipped = z.object({ where: z.string(), reason: z.string(), limit: z.string().optional() });

export const SnapshotList = z.object({
  snapshots: z.array(SnapshotInfo),
  maxUploadBytes: int().openapi({
    description: 'the largest upload body the server takes (KUBEPATH_MAX_BODY_BYTES)',
  }),
});
export const Uploaded = SnapshotInfo.extend({ skipped: z.array(UploadSkipped), skippedTotal: int() });
export const SnapshotDetail = SnapshotInfo.extend({
  clusterInfo: ClusterInfoSchema,
  coverage: CoverageSchema,
  gaps: z
    .array(
      z.object({
        kind: z.string(),
        status: z.enum(['forbidden', 'failed', 'partly forbidden']),
        namespaces: z.array(z.string()).optional(),
        hides: z.string(),
        reason: z.string().optional(),
        summary: z.string(),
      }),
    )
    .openapi({
      description:
        'kinds a live collection could not list, whole or in some namespaces, and what paths through them may be missing',
    }),
});
export const WhoCanReachAnswer = z.object({
  target: z.string(),
  sources: z.array(Reached),
  truncated: Truncated.optional(),
});
export const PathsAnswer = z.object({
  from: z.string(),
  to: z.string(),
  paths: z.array(z.object({ cost: z.number(), path: z.array(Step), assumesExploit })),
  truncated: Truncated.optional(),
});
export const BlastRadiusAnswer = z.object({
  source: z.string(),
  reached: z.array(Reached),
  truncated: Truncated.optional(),
});
const Severity = z.enum(['critical', 'high', 'medium', 'low']);
const EvidenceSummaryOut = z
  .object({
    containers: z.number(),
    containersWithReport: z.number(),
    knownExploitable: z.number(),
    scans: z.number(),
    unmatched: z.array(z.string()),
    unmatchedTotal: z.number(),
    kev: z.object({ file: z.string(), catalogVersion: z.string().optional(), ids: z.number() }).optional(),
    cis: z
      .object({
        files: z.number(),
        nodes: z.array(z.string()),
        unplaced: z.array(z.string()),
        unknownNodes: z.array(z.string()),
        apiAnonymous: z.enum(['PASS', 'FAIL']).optional(),
        findings: z.array(
          z.object({
            node: z.string().optional(),
            file: z.string(),
            id: z.string(),
            text: z.string(),
            target: z.string(),
            remediation: z.string().optional(),
            opens: z.enum(['ANONYMOUS_API', 'KUBELET_OPEN', 'KUBELET_ANONYMOUS', 'ETCD_OPEN']).optional(),
          }),
        ),
        findingsTotal: z.number(),
      })
      .optional()
      .openapi({
        description:
          'kube-bench results: the nodes they cover, the API server anonymous-auth check, and the failed checks (node findings, with the edge a failure opened)',
      }),
  })
  .nullable()
  .openapi({
    description:
      'what evidence from other tools the analysis had (Trivy, trivy-operator, Grype, CISA KEV, kube-bench); null when none was given: every exploit step is then an assumption',
  });
const VulnerableExposureOut = z.object({
  container: z.string(),
  workload: z.string().optional(),
  exploit: z.string(),
  cost: z.number(),
  fromInternet: z.boolean(),
  fromContainers: z.number(),
  remediation: z.string(),
});
export const FindingsAnswer = z.object({
  exploits: z.enum(['none', 'known', 'assumed']),
  evidence: EvidenceSummaryOut,
  vulnerableExposures: z
    .array(VulnerableExposureOut)
    .openapi({ description: 'containers with a known exploit, the internet-facing first, with the fix' }),
  jewels: z.array(z.string()),
  tierZero: z
    .array(z.object({ id: z.string(), kind: z.string(), reason: z.string() }))
    .openapi({ description: 'Tier Zero: what holds a crown jewel by design, never an entry point' }),
  findings: z.array(
    z.object({
      id: z.string(),
      severity: Severity,
      severityReason: z.string(),
      jewel: z.string().openapi({ description: 'the jewel of the cheapest path' }),
      jewels: z.array(z.object({ id: z.string(), cost: z.number() })),
      cause: z.string(),
      causeEvidence: Evidence.optional(),
      remediation: z.string(),
      entryClass: z.enum(['internet', 'unauthenticated', 'authenticated', 'workload', 'identity']),
      cost: z.number(),
      entries: z.array(
        z.object({
          id: z.string(),
          cost: z.number(),
          workload: z.string().optional(),
          pods: int().optional(),
        }),
      ),
      entriesTotal: int().optional().openapi({ description: 'when entries= trimmed the list' }),
      path: z.array(Step),
      assumesExploit,
    }),
  ),
  entryPoints: int(),
  truncated: z.boolean(),
  total: int(),
  bySeverity: z.record(z.string(), int()),
  byJewel: z.record(z.string(), int()),
});
export const ChokePointsAnswer = z.object({
  chokePoints: z.array(
    z.object({
      id: z.string().openapi({ description: 'the fix id, as what-if takes it in `fixes`' }),
      object: z.string(),
      evidence: Evidence,
      paths: int(),
      jewels: z.array(z.string()),
      edgeKinds: z.array(z.string()),
      remediation: z.array(z.string()),
      example: z.object({ entry: z.string(), jewel: z.string(), cost: z.number() }),
      closes: int().openapi({
        description: 'entry → crown jewel pairs with no path left once it is changed',
      }),
      addedCost: z.number().openapi({ description: 'what the pairs that stay open pay more, summed' }),
      fix: z.string(),
    }),
  ),
});
export const WhoCanAnswer = z.object({
  request: z
    .object({ verb: z.string() })
    .passthrough()
    .openapi({ description: 'the request as the authorizer saw it (apiGroup, resource, … or path)' }),
  warnings: z.array(z.string()).openapi({
    description: 'what kubepath assumed or ignored: an unknown resource, -n on a cluster-scoped one',
  }),
  subjects: z.array(z.object({ id: z.string(), binding: z.string(), rules: z.array(z.unknown()) })),
});
const RemovalOut = z.object({ kind: z.string(), namespace: z.string().optional(), name: z.string() });
export const WhatIfAnswer = z.object({
  removed: z.array(RemovalOut),
  unmatched: z.array(RemovalOut),
  fixed: z.array(z.string()),
  unmatchedFixes: z.array(z.string()),
  before: z.object({ pairs: int(), findings: int() }),
  after: z.object({ pairs: int(), findings: int() }),
  closed: z.array(z.object({ entry: z.string(), jewel: z.string() })),
});
const Element = z.object({ data: z.record(z.string(), z.unknown()) });
const Elements = z.object({ nodes: z.array(Element), edges: z.array(Element) });
const CutEdgeOut = z.object({ from: z.string(), kind: z.string(), to: z.string() });
export const GraphAnswer = z
  .object({
    elements: Elements,
    truncated: z.boolean(),
    paths: z.array(z.object({ cost: z.number(), path: z.array(Step), assumesExploit })).optional(),
    uncut: z.array(CutEdgeOut).optional(),
    unmatched: z.array(RemovalOut).optional(),
    excluded: z.array(z.string()).optional().openapi({ description: 'the edge kinds searched without' }),
    size: z
      .object({ vertices: int(), edges: int(), atLeast: z.boolean().optional() })
      .optional()
      .openapi({ description: 'a neighbourhood cut short by limit: how large it really is' }),
  })
  .openapi({ description: 'Cytoscape elements; with from and to, also the paths drawn' });
export const SearchAnswer = z.object({
  matches: z.array(
    z.object({ id: z.string(), kind: z.string(), label: z.string(), namespace: z.string().optional() }),
  ),
});
export const ProgressAnswer = z.object({
  state: z.enum(['idle', 'waiting', 'analysing']).openapi({
    description: 'analysing: its attack graph is being built; waiting: a request on it is queued or running',
  }),
  elapsedMs: int(),
  phases: z.array(z.object({ phase: z.string(), ms: int() })),
});
export const PrebuiltQueriesAnswer = z.object({
  queries: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      description: z.string(),
      count: int(),
      truncated: z.boolean().optional(),
      items: z.array(
        z.object({ id: z.string(), cost: z.number().optional(), detail: z.string().optional() }),
      ),
      open: z
        .union([
          z.object({ view: z.literal('reach'), target: z.string() }),
          z.object({ view: z.literal('blast'), source: z.string() }),
        ])
        .optional(),
    }),
  ),
});
const Neighbour = z.object({ id: z.string(), kind: z.string(), label: z.string() });
export const EntityAnswer = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  namespace: z.string().optional(),
  tierZero: z.string().optional(),
  crownJewel: z.string().optional(),
  object: z.object({ kind: z.string(), namespace: z.string().optional(), name: z.string() }).optional(),
  properties: z.array(z.object({ name: z.string(), value: z.string() })),
  sections: z.array(
    z.object({
      direction: z.enum(['out', 'in']),
      kind: z.string(),
      count: int().openapi({ description: 'every neighbour, though at most 50 are listed' }),
      vertices: z.array(Neighbour),
    }),
  ),
  grants: z.array(
    z.object({ binding: z.string(), role: z.string(), rules: z.array(z.record(z.string(), z.unknown())) }),
  ),
  jewels: z.array(z.object({ id: z.string(), cost: z.number(), assumesExploit: z.boolean().optional() })),
  jewelsTruncated: z.boolean().optional(),
});
export const ObjectAnswer = z.object({
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  yaml: z
    .string()
    .openapi({ description: "the snapshot's copy of the object (redacted as it was collected)" }),
  pointer: z
    .object({
      path: z.string(),
      found: z.boolean().openapi({ description: 'false when the snapshot does not hold that field' }),
      lines: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
      value: z.unknown().optional(),
    })
    .optional(),
});
export const NetpolAnswer = z.object({
  connections: z.array(z.object({ src: z.string(), dst: z.string(), conns: z.string() })),
  next: z.string().optional().openapi({ description: 'cursor of the next page, when there is one' }),
  truncated: Truncated.optional(),
});
export const CatalogAnswer = z.object({
  edges: z.array(
    z
      .object({
        kind: z.string(),
        category: z.string(),
        from: z.array(z.string()),
        to: z.array(z.string()),
        description: z.string(),
        mitre: z.object({ id: z.string(), name: z.string() }).optional(),
        cost: z.number(),
        remediation: z.string(),
        kubehound: z.string().optional(),
      })
      .passthrough(),
  ),
  vertices: z.array(z.object({ kind: z.string(), description: z.string() })),
});
export const Health = z.object({ status: z.string(), snapshots: int().optional() });

export const ClusterList = z.object({
  clusters: z.array(
    z.object({
      name: z.string(),
      collect: z.boolean().openapi({ description: 'POST /collections may collect it (KUBEPATH_CLUSTERS)' }),
      schedule: z
        .object({ cron: z.string(), timezone: z.string(), exploits: z.string() })
        .optional()
        .openapi({ description: 'its scheduled reports (KUBEPATH_SCHEDULES)' }),
      reports: z.number().int().openapi({ description: 'report runs in the history' }),
    }),
  ),
});
const ReportRunOut = z.object({
  id: z.string(),
  cluster: z.string(),
  status: z.enum(['ok', 'failed']),
  reason: z.string().optional(),
  trigger: z
    .string()
    .openapi({ description: 'cron, missed (due while the server was down), retry or manual' }),
  scheduledFor: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  counts: z.record(z.string(), z.number()).optional(),
});
export const ReportRuns = z.object({
  cluster: z.string(),
  running: z.boolean(),
  reports: z.array(ReportRunOut),
});
export const Trend = z.object({
  cluster: z.string(),
  points: z.array(
    z.object({ id: z.string(), generatedAt: z.string(), bySeverity: z.record(z.string(), z.number()) }),
  ),
});
export const ReportDiffAnswer = z.object({
  id: z.string(),
  cluster: z.string(),
  baseline: z.string().nullable(),
  snapshot: z.string().openapi({
    description: "the cluster's newest scheduled snapshot: the paths of new findings open there",
  }),
  diff: z
    .object({
      counts: z.record(z.string(), z.number()),
      entries: z.array(
        z.object({
          identity: z.string(),
          key: z.string(),
          change: z.string(),
          finding: z.object({}).passthrough(),
          why: z.string().optional(),
        }),
      ),
    })
    .passthrough()
    .nullable(),
});
export const FleetReach = z.object({
  from: z.string(),
  to: z.string(),
  clusters: z.array(z.object({ cluster: z.string(), snapshotAt: z.string(), cost: z.number() })),
});
export const FleetIdentity = z.object({
  id: z.string(),
  clusters: z.array(
    z.object({ cluster: z.string(), jewels: z.array(z.object({ id: z.string(), cost: z.number() })) }),
  ),
});
export const RunStarted = z.object({ cluster: z.string(), state: z.literal('started') });
export const CollectionJob = z
  .object({
    id: z.string(),
    cluster: z.string(),
    state: z.enum(['running', 'done', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    progress: z.array(z.object({ kind: z.string(), objects: int(), pages: int(), done: z.boolean() })),
    snapshot: z.string().optional().openapi({ description: 'the snapshot it made (state done)' }),
    figures: z.object({ seconds: z.number(), requests: int(), retries: int(), objects: int() }).optional(),
    unseen: z
      .array(z.string())
      .optional()
      .openapi({ description: 'kinds it could not list, whole or in part' }),
    error: z.string().optional(),
  })
  .openapi('CollectionJob');
export const CollectionList = z.object({ collections: z.array(CollectionJob) });

export const CompromisedAnswer = z.object({
  compromised: z
    .array(
      z.object({
        id: z.string(),
        alerts: z.array(
          z.object({ rule: z.string(), priority: z.string().optional(), time: z.string().optional() }),
        ),
        alertCount: int(),
        jewels: z.array(z.object({ id: z.string(), cost: z.number(), path: z.array(Step) })),
        reaches: int(),
      }),
    )
    .openapi({
      description:
        'what each known compromised vertex already reaches, the crown jewels first, cheapest first',
    }),
  unmatched: z
    .array(z.object({ line: int(), rule: z.string(), names: z.string() }))
    .openapi({ description: 'alerts (and owned marks, line 0) that name nothing in the snapshot' }),
  owned: z.array(z.string()).openapi({ description: 'the vertices marked as owned' }),
});
export const AlertsAdded = z.object({
  added: int(),
  alerts: int().openapi({ description: 'the alerts the snapshot holds now' }),
  skipped: z
    .array(z.string())
    .openapi({ description: 'lines that were no alert: `line N: why`, never their text' }),
  skippedTotal: int(),
});
export const OwnedList = z.object({ owned: z.array(z.string()) });
