/** The shapes the viewer reads from the public API (see /api/v1/openapi.json). */

export interface PathStep {
  from: string;
  kind: string;
  to: string;
}

export interface Evidence {
  kind: string;
  namespace?: string;
  name: string;
  path: string;
  note?: string;
}

export interface NodeData {
  id: string;
  kind: string;
  name: string;
  /** What the vertex stands for, e.g. "create pods in web"; a binding's is the role it grants. */
  label: string;
  namespace?: string;
  crownJewel?: string;
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

export interface Removal {
  kind: string;
  namespace?: string;
  name: string;
}

export interface PathsAnswer {
  elements: Elements;
  paths: { cost: number; path: PathStep[] }[];
  truncated: boolean;
  unmatched: Removal[];
  uncut: PathStep[];
}

export interface NeighbourhoodAnswer {
  elements: Elements;
  truncated: boolean;
}

export interface EdgeKindInfo {
  kind: string;
  category: 'identity' | 'workload' | 'network' | 'crown-jewel';
  description: string;
  mitre: { id: string; name: string };
  cost: number;
  remediation: string;
  kubehound?: string;
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
}

export interface Finding {
  id: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  jewel: string;
  cause: string;
  cost: number;
  entries: { id: string; cost: number }[];
  path: PathStep[];
}

export interface FindingsAnswer {
  jewels: string[];
  /** The first `limit` findings, most severe first. */
  findings: (Finding & { entriesTotal?: number })[];
  total: number;
  bySeverity: Record<Finding['severity'], number>;
  byJewel: Record<string, number>;
  entryPoints: number;
  truncated: boolean;
}

export interface ChokePoint {
  object: string;
  evidence: Evidence;
  paths: number;
  jewels: string[];
  edgeKinds: string[];
  remediation: string[];
  example: { entry: string; jewel: string; cost: number };
}

export interface VertexMatch {
  id: string;
  kind: string;
  label: string;
  namespace?: string;
}

export interface ReachEntry {
  id: string;
  cost: number;
  path: PathStep[];
}

export interface Truncation {
  reason: string;
  limit: number;
}

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

/** POST /snapshots/{id}/what-if: the pairs that close when the objects are gone. */
export interface WhatIfAnswer {
  removed: Removal[];
  unmatched: Removal[];
  before: { pairs: number; findings: number };
  after: { pairs: number; findings: number };
  closed: { entry: string; jewel: string }[];
}
