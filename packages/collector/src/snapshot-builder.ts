/**
 * Collects raw Kubernetes objects from any source into a Snapshot: routes each to its kind,
 * normalises and redacts it through the model's schemas, and keeps the coverage record
 * (what was skipped and why, unknown kinds, duplicates). Every source feeds this one place.
 */
import {
  KINDS,
  KIND_NAMES,
  SNAPSHOT_API_VERSION,
  emptySnapshotObjects,
  isKeptConfigMap,
  kindSpecFor,
  type ClusterInfo,
  type Coverage,
  type ImageScan,
  type CisResult,
  type KevCatalog,
  type KindSpec,
  type ResourceStatus,
  type SkippedItem,
  type Snapshot,
  type SnapshotObjects,
} from '@kubepath/model';
import type { z } from 'zod';
import {
  ScanFormatError,
  fromGrype,
  fromKev,
  fromTrivyImage,
  fromTrivyK8s,
  fromTrivyOperator,
  scanFormatOf,
} from './evidence/scan-formats.js';
import { fromKubeBench, isKubeBench, nodeNamedByFile } from './evidence/kube-bench.js';
import { withListKind } from './list-kind.js';

/** At most this many skipped items are listed one by one; all are counted. */
const MAX_SKIPPED_LISTED = 1000;

/** Where a raw object came from, for messages: the file and the document or item in it. */
export interface Origin {
  file: string;
  where: string;
}

/** What became of one raw object. */
export type AddOutcome = 'kept' | 'ignored' | 'unknown' | 'skipped';

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Zod issues as `/json/pointer: message`, at most three; never the offending value. */
function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const pointer = issue.path.length ? '/' + issue.path.map(String).join('/') : '(object)';
    return `${pointer}: ${issue.message}`;
  });
  if (error.issues.length > 3) parts.push(`and ${error.issues.length - 3} more`);
  return parts.join('; ');
}

/** How a live collection saw a kind. */
type LiveStatus = { status: ResourceStatus; reason?: string; forbiddenNamespaces?: string[] };

/** Accumulates objects and coverage; `build` returns the Snapshot. */
export class SnapshotBuilder {
  private readonly objects: SnapshotObjects = emptySnapshotObjects();
  private readonly positions = new Map<string, number>();
  private readonly skipped: SkippedItem[] = [];
  private skippedTotal = 0;
  private duplicates = 0;
  private readonly unknownKinds: Record<string, number> = {};
  private readonly ignored: Record<string, number> = {};
  private kept = 0;
  /** Kinds as a live collection saw them, from saved snapshots read as input. */
  private readonly seenLive = new Map<string, LiveStatus>();
  /** Vulnerability scans and the KEV catalog read beside the cluster. */
  private readonly imageScans: ImageScan[] = [];
  private kev: KevCatalog | undefined;
  /** kube-bench results, and the node named for those whose file name names none (`--node`). */
  private readonly cisResults: CisResult[] = [];
  private cisNode: string | undefined;

  /** The node of the kube-bench results whose file name names no node (`--node`). */
  setCisNode(node: string | undefined): void {
    this.cisNode = node;
  }

  /** Objects kept so far. */
  get objectCount(): number {
    return this.kept;
  }

  /** Documents, objects and files skipped so far. */
  get skippedCount(): number {
    return this.skippedTotal;
  }

  /** Records an unusable document, object or file. */
  skip(origin: Origin, reason: string, limit?: string): void {
    this.skippedTotal++;
    if (this.skipped.length < MAX_SKIPPED_LISTED)
      this.skipped.push({ file: origin.file, where: origin.where, reason, ...(limit ? { limit } : {}) });
  }

  /** Adds one raw object (or a `*List` of them), as read from a manifest, a List or the API. */
  add(raw: unknown, origin: Origin): AddOutcome {
    if (!isRecord(raw)) {
      this.skip(
        origin,
        `not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`,
      );
      return 'skipped';
    }
    const kind = raw.kind;
    const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : undefined;
    if (typeof kind !== 'string' || kind === '') {
      // A scanner's report or CISA's KEV catalog beside the cluster (evidence, not an object).
      if (this.addScanDocument(raw, origin)) return 'kept';
      this.skip(origin, 'document has no kind');
      return 'skipped';
    }
    if (kind.endsWith('List') && Array.isArray(raw.items)) {
      raw.items.forEach((item, i) => {
        const where = { file: origin.file, where: `${origin.where} items[${i}]` };
        // Items of a typed List (`kind: PodList`) may leave out their own kind.
        const typed = withListKind(item, kind, apiVersion);
        if (typed === null) this.skip(where, 'document has no kind');
        else this.add(typed, where);
      });
      return 'kept';
    }
    if (kind === 'VulnerabilityReport' && apiVersion?.startsWith('aquasecurity.github.io/')) {
      this.addScans(() => [fromTrivyOperator(raw, origin.file)], origin, 'VulnerabilityReport');
      return 'kept';
    }
    const spec = kindSpecFor(apiVersion, kind);
    if (spec === null) {
      const key = `${apiVersion ?? '?'}/${kind}`;
      this.unknownKinds[key] = (this.unknownKinds[key] ?? 0) + 1;
      return 'unknown';
    }
    return this.addTyped(raw, kind, spec, origin);
  }

  private addTyped(raw: Raw, kind: string, spec: KindSpec, origin: Origin): AddOutcome {
    const meta = isRecord(raw.metadata) ? raw.metadata : undefined;
    const name = typeof meta?.name === 'string' ? meta.name : undefined;
    // kubectl apply puts a namespaced object without a namespace into "default"; so do we.
    let namespace = typeof meta?.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
    if (spec.namespaced && namespace === undefined) namespace = 'default';
    if (!spec.namespaced) namespace = undefined;
    const label = `${kind} ${namespace ? `${namespace}/` : ''}${name ?? '(unnamed)'}`;
    const at: Origin = { file: origin.file, where: `${origin.where}, ${label}` };

    if (
      kind === 'ConfigMap' &&
      !(namespace !== undefined && name !== undefined && isKeptConfigMap(namespace, name))
    ) {
      // Only kube-system/aws-auth matters; others may hold credentials and are never parsed.
      this.ignored[kind] = (this.ignored[kind] ?? 0) + 1;
      return 'ignored';
    }
    const input = meta ? { ...raw, metadata: { ...meta, namespace } } : raw;
    const parsed = spec.schema.safeParse(input);
    if (!parsed.success) {
      this.skip(at, describeIssues(parsed.error));
      return 'skipped';
    }
    const list = (this.objects as Record<string, unknown[]>)[spec.key]!;
    const identity = `${spec.key}\u0000${namespace ?? ''}\u0000${name}`;
    const position = this.positions.get(identity);
    if (position === undefined) {
      this.positions.set(identity, list.length);
      list.push(parsed.data);
      this.kept++;
    } else {
      list[position] = parsed.data;
      this.duplicates++;
    }
    return 'kept';
  }

  /**
   * Adds a whole document of a scanner's or CISA's format (trivy, grype, KEV), when it is
   * one: false when the document is none of them.
   */
  addScanDocument(doc: unknown, origin: Origin): boolean {
    if (isKubeBench(doc)) {
      try {
        this.cisResults.push(fromKubeBench(doc as Raw, origin.file));
        this.kept++;
      } catch (error) {
        if (!(error instanceof ScanFormatError)) throw error;
        this.skip(origin, `kube-bench result: ${error.message}`);
      }
      return true;
    }
    const format = scanFormatOf(doc);
    if (!format) return false;
    const raw = doc as Raw;
    if (format === 'kev') {
      try {
        this.mergeKev(fromKev(raw, origin.file));
      } catch (error) {
        if (!(error instanceof ScanFormatError)) throw error;
        this.skip(origin, `KEV catalog: ${error.message}`);
      }
      return true;
    }
    const read = { 'trivy-image': fromTrivyImage, grype: fromGrype } as const;
    this.addScans(
      () => (format === 'trivy-k8s' ? fromTrivyK8s(raw, origin.file) : [read[format](raw, origin.file)]),
      origin,
      { 'trivy-image': 'trivy image report', 'trivy-k8s': 'trivy k8s report', grype: 'grype report' }[format],
    );
    return true;
  }

  /** Two KEV files (or a saved snapshot's catalog and a file) count as one catalog. */
  private mergeKev(kev: KevCatalog): void {
    this.kev = this.kev ? { ...this.kev, ids: [...new Set([...this.kev.ids, ...kev.ids])] } : kev;
  }

  /** Adds the scans `read` gives, or skips the document with the format's complaint. */
  private addScans(read: () => ImageScan[], origin: Origin, what: string): void {
    try {
      const scans = read();
      this.imageScans.push(...scans);
      this.kept += scans.length;
    } catch (error) {
      if (!(error instanceof ScanFormatError)) throw error;
      this.skip(origin, `${what}: ${error.message}`);
    }
  }

  /** The names of the namespaces added so far. */
  snapshotNamespaces(): string[] {
    return this.objects.namespaces.map((n) => n.metadata.name);
  }

  /** Merges the objects of an earlier snapshot (a saved kubepath snapshot used as input). */
  addSnapshot(snapshot: Snapshot, file: string): void {
    for (const kindName of KIND_NAMES) {
      const spec: KindSpec = KINDS[kindName];
      const list = (snapshot.objects as Record<string, unknown[]>)[spec.key] ?? [];
      list.forEach((object, i) =>
        this.add(
          { apiVersion: undefined, kind: kindName, ...(object as Raw) },
          { file, where: `${spec.key}[${i}]` },
        ),
      );
    }
    for (const item of snapshot.coverage.skipped) this.skip(item, item.reason, item.limit);
    if (snapshot.evidence) {
      this.imageScans.push(...snapshot.evidence.imageScans);
      if (snapshot.evidence.kev) this.mergeKev(snapshot.evidence.kev);
      this.cisResults.push(...(snapshot.evidence.cisResults ?? []));
    }
    // How a live collection saw each kind (listed, forbidden, failed) stays true when its
    // snapshot is read back: files can only say present or absent.
    for (const { kind, status, reason, forbiddenNamespaces } of snapshot.coverage.resources)
      if (status === 'listed' || status === 'forbidden' || status === 'failed')
        this.seenLive.set(kind, {
          status,
          ...(reason ? { reason } : {}),
          ...(forbiddenNamespaces ? { forbiddenNamespaces } : {}),
        });
  }

  /**
   * The snapshot of everything added so far. `seen` says how a live collection saw each kind
   * (listed, forbidden, absent from the API, failed); files say only present or absent.
   */
  build(
    cluster: ClusterInfo,
    inputs: Coverage['inputs'],
    seen: ReadonlyMap<string, LiveStatus> = this.seenLive,
  ): Snapshot {
    const resources = KIND_NAMES.map((kind) => {
      const count = (this.objects as Record<string, unknown[]>)[KINDS[kind].key]!.length;
      const live = seen.get(kind);
      if (live) return { kind, count, ...live };
      return count > 0
        ? { kind, status: 'present' as const, count }
        : {
            kind,
            status: 'absent' as const,
            count,
            reason: 'none in the input: kubepath cannot tell whether the cluster has any',
          };
    });
    return {
      apiVersion: SNAPSHOT_API_VERSION,
      kind: 'Snapshot',
      cluster,
      objects: this.objects,
      coverage: {
        resources,
        inputs,
        skipped: this.skipped,
        skippedTotal: this.skippedTotal,
        unknownKinds: this.unknownKinds,
        ignored: this.ignored,
        duplicates: this.duplicates,
      },
      ...(this.imageScans.length || this.kev || this.cisResults.length
        ? {
            evidence: {
              imageScans: this.imageScans,
              ...(this.kev ? { kev: this.kev } : {}),
              ...(this.cisResults.length ? { cisResults: this.cisResultsWithNodes() } : {}),
            },
          }
        : {}),
    };
  }

  /**
   * kube-bench does not record the node it ran on: a result read from a saved snapshot keeps
   * its node, a file names it (`kube-bench-worker-1.json`), or `--node` does.
   */
  private cisResultsWithNodes(): CisResult[] {
    const nodes = this.objects.nodes.map((n) => n.metadata.name);
    return this.cisResults.map((r) => {
      const node = r.node ?? nodeNamedByFile(r.file, nodes) ?? this.cisNode;
      return node ? { ...r, node } : r;
    });
  }
}
