/**
 * Vulnerability scans and the KEV catalog, from the formats the tools write, into the
 * snapshot's trimmed form (ImageScan, KevCatalog). Each reader takes one parsed document and
 * throws ScanFormatError, naming the field, when it is not what the format documents.
 *
 * - trivy-operator `VulnerabilityReport` (aquasecurity.github.io/v1alpha1): `report.vulnerabilities[]`
 *   with vulnerabilityID, resource, installedVersion, fixedVersion, severity, score; the
 *   workload and container in the labels `trivy-operator.resource.kind/name/namespace` and
 *   `trivy-operator.container.name` (a long name has only `…name-hash`: the report's owner
 *   reference names it). https://aquasecurity.github.io/trivy-operator/latest/docs/crds/vulnerability-report/
 * - `trivy image --format json`: SchemaVersion 2, ArtifactName, Metadata.RepoTags/RepoDigests,
 *   Results[].Vulnerabilities[] with VulnerabilityID, PkgName, InstalledVersion, FixedVersion,
 *   Severity, CVSS.<source>.V3Vector/V3Score. https://trivy.dev/latest/docs/configuration/reporting/#json
 * - `trivy k8s --format json`: ClusterName and Resources[] (older: Vulnerabilities[]) of
 *   {Namespace, Kind, Name, Results[]}; a result's Target starts with the image.
 * - `grype -o json`: matches[] of {vulnerability: {id, severity, cvss[], fix.versions},
 *   relatedVulnerabilities[], artifact: {name, version}}, source.target {userInput, tags,
 *   repoDigests}. https://github.com/anchore/grype#supported-output-formats
 * - CISA KEV: {catalogVersion, vulnerabilities: [{cveID, …}]}.
 *   https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json
 */
import type { CveSeverity, ImageScan, KevCatalog, Vulnerability } from '@kubepath/model';

export class ScanFormatError extends Error {}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ScanFormatError(`${where} is not a list`);
  return v;
}

/** Severity in any scanner's spelling (Grype: `Critical`, `Negligible`). */
export function severityOf(v: unknown): CveSeverity {
  const s = typeof v === 'string' ? v.toUpperCase() : '';
  if (s === 'CRITICAL' || s === 'HIGH' || s === 'MEDIUM' || s === 'LOW') return s;
  if (s === 'NEGLIGIBLE') return 'LOW';
  return 'UNKNOWN';
}

/** Vulnerability rows, trimmed; a duplicate (same id, package) keeps the first. */
function vulnerabilityRows() {
  const rows: Vulnerability[] = [];
  const seen = new Set<string>();
  return {
    rows,
    add(v: Vulnerability): void {
      const key = `${v.id}\u0000${v.package ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      rows.push(v);
    },
  };
}

const defined = <T extends Raw>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * One vulnerability row, its optional fields set only when given. Built field by field: at
 * 40,000 reports of 10–40 CVEs each, spreading objects and filtering their entries (`defined`)
 * was a quarter of the time to read them.
 */
function row(
  id: string,
  severity: CveSeverity,
  cvss: { vector?: string; score?: number },
  fields: { score?: number; package?: string; installedVersion?: string; fixedVersion?: string },
): Vulnerability {
  const v: Vulnerability = { id, severity };
  if (cvss.vector !== undefined) v.vector = cvss.vector;
  const score = fields.score ?? cvss.score;
  if (score !== undefined) v.score = score;
  if (fields.package !== undefined) v.package = fields.package;
  if (fields.installedVersion !== undefined) v.installedVersion = fields.installedVersion;
  if (fields.fixedVersion !== undefined) v.fixedVersion = fields.fixedVersion;
  return v;
}
const NO_CVSS = {};

/** Trivy's CVSS map: the NVD v3 vector first, then any source's. */
function trivyCvss(cvss: unknown): { vector?: string; score?: number } {
  if (!isRecord(cvss)) return {};
  const sources = [cvss.nvd, ...Object.values(cvss)].filter(isRecord);
  for (const s of sources) {
    const vector = str(s.V3Vector) ?? str(s.V40Vector);
    if (vector) return defined({ vector, score: num(s.V3Score) ?? num(s.V40Score) });
  }
  return {};
}

function trivyVulnerabilities(results: unknown, where: string): Vulnerability[] {
  const out = vulnerabilityRows();
  list(results, where).forEach((result, r) => {
    if (!isRecord(result)) throw new ScanFormatError(`${where}[${r}] is not an object`);
    list(result.Vulnerabilities, `${where}[${r}].Vulnerabilities`).forEach((v, i) => {
      if (!isRecord(v) || !str(v.VulnerabilityID))
        throw new ScanFormatError(`${where}[${r}].Vulnerabilities[${i}] has no VulnerabilityID`);
      out.add(
        row(v.VulnerabilityID as string, severityOf(v.Severity), trivyCvss(v.CVSS), {
          package: str(v.PkgName),
          installedVersion: str(v.InstalledVersion),
          fixedVersion: str(v.FixedVersion),
        }),
      );
    });
  });
  return out.rows;
}

/** `trivy image --format json`. */
export function fromTrivyImage(doc: Raw, file: string): ImageScan {
  const artifact = str(doc.ArtifactName);
  if (!artifact) throw new ScanFormatError('ArtifactName is missing');
  const meta = isRecord(doc.Metadata) ? doc.Metadata : {};
  const references = [
    artifact,
    ...list(meta.RepoTags, 'Metadata.RepoTags').filter((x): x is string => typeof x === 'string'),
    ...list(meta.RepoDigests, 'Metadata.RepoDigests').filter((x): x is string => typeof x === 'string'),
  ];
  return {
    source: { file, format: 'trivy-image', object: `image ${artifact}` },
    subject: { by: 'image', references: [...new Set(references)] },
    vulnerabilities: trivyVulnerabilities(doc.Results, 'Results'),
  };
}

/** The image a trivy result's Target names: `nginx:1.27 (debian 12.5)` → `nginx:1.27`. */
const targetImage = (target: unknown) => {
  const t = str(target);
  const m = t?.match(/^(\S+) \([^)]*\)$/);
  return m ? m[1] : undefined;
};

/** `trivy k8s --format json`: one scan per (workload, image) it lists. */
export function fromTrivyK8s(doc: Raw, file: string): ImageScan[] {
  const key = Array.isArray(doc.Resources) ? 'Resources' : 'Vulnerabilities';
  const out: ImageScan[] = [];
  list(doc[key], key).forEach((res, i) => {
    if (!isRecord(res)) throw new ScanFormatError(`${key}[${i}] is not an object`);
    const namespace = str(res.Namespace);
    const kind = str(res.Kind);
    const name = str(res.Name);
    if (!kind || !name) throw new ScanFormatError(`${key}[${i}] has no Kind or Name`);
    // Cluster-scoped and infrastructure resources (nodes, control plane binaries) name no pod.
    if (!namespace) return;
    // Results come image by image: an OS result names the image, the language results after it belong to it.
    const byImage = new Map<string, unknown[]>();
    let image = '';
    for (const result of list(res.Results, `${key}[${i}].Results`)) {
      image = (isRecord(result) && targetImage(result.Target)) || image;
      const group = byImage.get(image) ?? [];
      group.push(result);
      byImage.set(image, group);
    }
    for (const [img, results] of byImage) {
      const vulnerabilities = trivyVulnerabilities(results, `${key}[${i}].Results`);
      if (vulnerabilities.length === 0) continue;
      out.push({
        source: {
          file,
          format: 'trivy-k8s',
          object: `${kind} ${namespace}/${name}${img ? ` (${img})` : ''}`,
        },
        subject: { by: 'workload', kind, namespace, name, ...(img ? { image: img } : {}) },
        vulnerabilities,
      });
    }
  });
  return out;
}

/** A trivy-operator VulnerabilityReport. */
export function fromTrivyOperator(obj: Raw, file: string): ImageScan {
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const labels = isRecord(meta.labels) ? meta.labels : {};
  const report = isRecord(obj.report) ? obj.report : undefined;
  if (!report) throw new ScanFormatError('report is missing');
  const label = (k: string) => str(labels[`trivy-operator.${k}`]);
  const owner = list(meta.ownerReferences, 'metadata.ownerReferences').find(
    (o): o is Raw => isRecord(o) && o.controller === true,
  );
  const kind = label('resource.kind') ?? str(owner?.kind);
  const name = label('resource.name') ?? str(owner?.name);
  const namespace = label('resource.namespace') ?? str(meta.namespace);
  if (!kind || !name || !namespace)
    throw new ScanFormatError(
      'names no workload: neither the trivy-operator.resource.* labels nor a controller owner reference',
    );
  const artifact = isRecord(report.artifact) ? report.artifact : {};
  const registry = isRecord(report.registry) ? str(report.registry.server) : undefined;
  const repository = str(artifact.repository);
  const image = repository
    ? `${registry ? `${registry}/` : ''}${repository}${str(artifact.tag) ? `:${artifact.tag as string}` : ''}`
    : undefined;
  const out = vulnerabilityRows();
  list(report.vulnerabilities, 'report.vulnerabilities').forEach((v, i) => {
    if (!isRecord(v) || !str(v.vulnerabilityID))
      throw new ScanFormatError(`report.vulnerabilities[${i}] has no vulnerabilityID`);
    out.add(
      row(v.vulnerabilityID as string, severityOf(v.severity), v.cvss ? trivyCvss(v.cvss) : NO_CVSS, {
        score: num(v.score),
        package: str(v.resource),
        installedVersion: str(v.installedVersion),
        fixedVersion: str(v.fixedVersion),
      }),
    );
  });
  const container = label('container.name');
  return {
    source: {
      file,
      format: 'trivy-operator',
      object: `VulnerabilityReport ${str(meta.namespace) ?? namespace}/${str(meta.name) ?? '(unnamed)'}`,
    },
    subject: defined({ by: 'workload' as const, kind, namespace, name, container, image }),
    vulnerabilities: out.rows,
  };
}

/** `grype -o json`. */
export function fromGrype(doc: Raw, file: string): ImageScan {
  const source = isRecord(doc.source) ? doc.source : {};
  const target = isRecord(source.target) ? source.target : {};
  const references = [
    str(target.userInput),
    ...list(target.tags, 'source.target.tags'),
    ...list(target.repoDigests, 'source.target.repoDigests'),
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  if (references.length === 0) throw new ScanFormatError('source.target names no image');
  const out = vulnerabilityRows();
  list(doc.matches, 'matches').forEach((m, i) => {
    const v = isRecord(m) && isRecord(m.vulnerability) ? m.vulnerability : undefined;
    if (!v || !str(v.id)) throw new ScanFormatError(`matches[${i}].vulnerability has no id`);
    const related = list((m as Raw).relatedVulnerabilities, `matches[${i}].relatedVulnerabilities`).filter(
      isRecord,
    );
    const cvss = [v, ...related]
      .flatMap((x) => list(x.cvss, `matches[${i}] cvss`))
      .filter(isRecord)
      .find((c) => str(c.vector)?.startsWith('CVSS:3'));
    const artifact = isRecord((m as Raw).artifact) ? ((m as Raw).artifact as Raw) : {};
    const fix = isRecord(v.fix) ? list(v.fix.versions, `matches[${i}].vulnerability.fix.versions`) : [];
    const aliases = related.map((r) => str(r.id)).filter((x): x is string => !!x && x !== v.id);
    const vulnerability = row(
      v.id as string,
      severityOf(v.severity),
      {
        vector: str(cvss?.vector),
        score: isRecord(cvss?.metrics) ? num(cvss.metrics.baseScore) : undefined,
      },
      { package: str(artifact.name), installedVersion: str(artifact.version), fixedVersion: str(fix[0]) },
    );
    if (aliases.length) vulnerability.aliases = [...new Set(aliases)];
    out.add(vulnerability);
  });
  return {
    source: { file, format: 'grype', object: `image ${references[0]}` },
    subject: { by: 'image', references: [...new Set(references)] },
    vulnerabilities: out.rows,
  };
}

/** CISA's KEV catalog JSON. */
export function fromKev(doc: Raw, file: string): KevCatalog {
  const ids = list(doc.vulnerabilities, 'vulnerabilities').map((v, i) => {
    const id = isRecord(v) ? str(v.cveID) : undefined;
    if (!id) throw new ScanFormatError(`vulnerabilities[${i}] has no cveID`);
    return id;
  });
  return defined({ file, catalogVersion: str(doc.catalogVersion), ids: [...new Set(ids)] });
}

/** Which of these formats a JSON document is, by its shape; undefined for none. */
export function scanFormatOf(doc: unknown): 'trivy-image' | 'trivy-k8s' | 'grype' | 'kev' | undefined {
  if (!isRecord(doc)) return undefined;
  if ('SchemaVersion' in doc && 'ArtifactName' in doc) return 'trivy-image';
  if ('ClusterName' in doc && (Array.isArray(doc.Resources) || Array.isArray(doc.Vulnerabilities)))
    return 'trivy-k8s';
  if ('matches' in doc && isRecord(doc.source) && isRecord(doc.descriptor)) return 'grype';
  if ('catalogVersion' in doc && Array.isArray(doc.vulnerabilities)) return 'kev';
  return undefined;
}
