/**
 * The shapes the viewer reads from the public API (see /api/v1/openapi.json). Results the API
 * passes through from the analyzer are typed by the analyzer itself (type-only imports: nothing
 * of those packages is bundled); the API's own envelopes are written here.
 */
import type { Finding, Removal, WhoCanReachResult } from '@kubepath/analyzer';
import type { Evidence } from '@kubepath/graph';

export type {
  FixCandidate as ChokePoint,
  Finding,
  ReachEntry,
  Removal,
  TierZeroEntry,
  VertexMatch,
} from '@kubepath/analyzer';
import type { TierZeroEntry } from '@kubepath/analyzer';
export type { WhatIfResult as WhatIfAnswer } from '@kubepath/analyzer';
export type { Evidence };

/** Which limit cut an answer short. */
export type Truncation = NonNullable<WhoCanReachResult['truncated']>;

export interface PathStep {
  from: string;
  kind: string;
  to: string;
  /** An exploit step taken on assumption (no vulnerability report says it is known). */
  assumesExploit?: boolean;
}

export interface NodeData {
  id: string;
  kind: string;
  name: string;
  /** What the vertex stands for, e.g. "create pods in web"; a binding's is the role it grants. */
  label: string;
  namespace?: string;
  crownJewel?: string;
  /** Why it is Tier Zero (holds a crown jewel by design), when it is. */
  tierZero?: string;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  kind: string;
  cost: number;
  evidence: Evidence[];
}

export interface Elements {
  nodes: { data: NodeData }[];
  edges: { data: EdgeData }[];
}

export interface PathsAnswer {
  elements: Elements;
  paths: { cost: number; path: PathStep[]; assumesExploit?: boolean }[];
  truncated: boolean;
  unmatched: Removal[];
  uncut: PathStep[];
}

export interface NeighbourhoodAnswer {
  elements: Elements;
  truncated: boolean;
  /** When the cap cut it short: how large the neighbourhood really is. */
  size?: { vertices: number; edges: number; atLeast?: boolean };
}

export interface EdgeKindInfo {
  kind: string;
  category: 'identity' | 'workload' | 'network' | 'crown-jewel';
  description: string;
  /** Absent for a structural step (HUB_MEMBER). */
  mitre?: { id: string; name: string };
  cost: number;
  remediation: string;
  kubehound?: string;
  /** The step needs an exploit of a running service (not a permission or a spec field). */
  exploit?: boolean;
}

export interface Catalog {
  edges: EdgeKindInfo[];
  vertices: { kind: string; description: string }[];
}

export interface SnapshotInfo {
  id: string;
  cluster: string;
  objects: number;
  createdAt?: string;
  bytes?: number;
}

export interface FindingsAnswer {
  exploits: 'assumed' | 'known' | 'none';
  jewels: string[];
  /** What holds a crown jewel by design: never an entry point, listed apart. */
  tierZero: TierZeroEntry[];
  /** The first `limit` findings, most severe first. */
  findings: (Finding & { entriesTotal?: number })[];
  total: number;
  bySeverity: Record<Finding['severity'], number>;
  byJewel: Record<string, number>;
  entryPoints: number;
  truncated: boolean;
}

/** A collection from a configured cluster (GET /collections/{id}). */
export interface CollectionJob {
  id: string;
  cluster: string;
  state: 'running' | 'done' | 'failed';
  progress: { kind: string; objects: number; pages: number; done: boolean }[];
  snapshot?: string;
  figures?: { seconds: number; requests: number; retries: number; objects: number };
  unseen?: string[];
  error?: string;
}

/** A kind a live collection could not list, whole or in part (GET /snapshots/{id} `gaps`). */
export type { CoverageGap } from '@kubepath/model';

/** What the snapshot could not see (GET /snapshots/{id} `coverage`). */
export interface Coverage {
  resources: {
    kind: string;
    status: 'listed' | 'present' | 'absent' | 'forbidden' | 'failed';
    count: number;
    reason?: string | null;
  }[];
  skipped: { file: string; where: string; reason: string }[];
  skippedTotal: number;
  unknownKinds: Record<string, number>;
}

/** The answer to an upload: the new snapshot, and what was skipped. */
export interface UploadAnswer extends SnapshotInfo {
  skipped: { where: string; reason: string }[];
  skippedTotal: number;
}

/** A cluster the server collects, schedules reports for, or has reports of. */
export interface ClusterInfo {
  name: string;
  collect: boolean;
  schedule?: { cron: string; timezone: string; exploits: string };
  reports: number;
}
export interface ReportRun {
  id: string;
  cluster: string;
  status: 'ok' | 'failed';
  reason?: string;
  trigger: string;
  scheduledFor?: string;
  startedAt: string;
  finishedAt: string;
  counts?: Record<string, number>;
}
export interface TrendPoint {
  id: string;
  generatedAt: string;
  bySeverity: Record<string, number>;
}
export interface ReportDiffAnswer {
  id: string;
  cluster: string;
  baseline: string | null;
  snapshot: string;
  diff: {
    counts: Record<string, number>;
    entries: {
      identity: string;
      key: string;
      change: string;
      why?: string;
      finding: {
        severity: string;
        cost: number;
        cause: string;
        entries: { id: string }[];
        jewels: { id: string }[];
      };
    }[];
  } | null;
}

/** Known compromised (Falco alerts uploaded, vertices marked as owned) and what each reaches. */
export interface CompromisedAnswer {
  compromised: {
    id: string;
    alerts: { rule: string; priority?: string; time?: string }[];
    alertCount: number;
    jewels: { id: string; cost: number; path: PathStep[] }[];
    reaches: number;
  }[];
  unmatched: { line: number; rule: string; names: string }[];
  owned: string[];
}

/** One object of a snapshot (GET /snapshots/{id}/object). */
export interface ObjectAnswer {
  kind: string;
  namespace?: string;
  name: string;
  yaml: string;
  pointer?: { path: string; found: boolean; lines?: { from: number; to: number }; value?: unknown };
}

/** One vertex explored (GET /snapshots/{id}/entity). */
export interface EntityAnswer {
  id: string;
  kind: string;
  label: string;
  namespace?: string;
  tierZero?: string;
  crownJewel?: string;
  object?: { kind: string; namespace?: string; name: string };
  properties: { name: string; value: string }[];
  sections: {
    direction: 'out' | 'in';
    kind: string;
    count: number;
    vertices: { id: string; kind: string; label: string }[];
  }[];
  grants: {
    binding: string;
    role: string;
    rules: {
      verbs?: string[];
      apiGroups?: string[];
      resources?: string[];
      resourceNames?: string[];
      nonResourceURLs?: string[];
    }[];
  }[];
  jewels: { id: string; cost: number; assumesExploit?: boolean }[];
  jewelsTruncated?: boolean;
}

/** One pre-built query answered (GET /snapshots/{id}/queries). */
export interface PrebuiltQueryAnswer {
  id: string;
  title: string;
  description: string;
  count: number;
  truncated?: boolean;
  items: { id: string; cost?: number; detail?: string }[];
  open?: { view: 'reach'; target: string } | { view: 'blast'; source: string };
}
