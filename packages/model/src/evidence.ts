/**
 * What other tools already know, as a snapshot carries it: image vulnerability scans (Trivy,
 * trivy-operator, Grype), CISA's Known Exploited Vulnerabilities catalog and CIS node checks
 * (kube-bench). Trimmed to the
 * fields an analysis uses: no descriptions, no layers, one row per CVE and package.
 */
import { z } from 'zod';

export const SEVERITIES_CVE = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type CveSeverity = (typeof SEVERITIES_CVE)[number];

export const VulnerabilitySchema = z.object({
  /** CVE-2021-44228, GHSA-…: the scanner's id. */
  id: z.string(),
  /** Other ids of the same vulnerability (Grype's related CVE of a GHSA). */
  aliases: z.array(z.string()).optional(),
  severity: z.enum(SEVERITIES_CVE),
  /** A CVSS v3 vector (`CVSS:3.1/AV:N/AC:L/…`) when the scanner gave one. */
  vector: z.string().optional(),
  score: z.number().optional(),
  package: z.string().optional(),
  installedVersion: z.string().optional(),
  fixedVersion: z.string().optional(),
});
export type Vulnerability = z.infer<typeof VulnerabilitySchema>;

/** Which containers a scan is about: a workload's container (trivy-operator, trivy k8s) or an image. */
export const ScanSubjectSchema = z.discriminatedUnion('by', [
  z.object({
    by: z.literal('workload'),
    /** The kind the scanner named: Pod, ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, CronJob… */
    kind: z.string(),
    namespace: z.string(),
    name: z.string(),
    /** The container's name; absent when the report names only the image. */
    container: z.string().optional(),
    /** The image the report is about (when the report says), to pick the container. */
    image: z.string().optional(),
  }),
  z.object({
    by: z.literal('image'),
    /** References (`nginx:1.27`, `docker.io/library/nginx:1.27`) and digests (`sha256:…`). */
    references: z.array(z.string()),
  }),
]);
export type ScanSubject = z.infer<typeof ScanSubjectSchema>;

export const ImageScanSchema = z.object({
  /** The file and the object in it the scan came from (evidence names it). */
  source: z.object({
    file: z.string(),
    format: z.enum(['trivy-operator', 'trivy-image', 'trivy-k8s', 'grype']),
    /** e.g. `VulnerabilityReport shop/replicaset-web-7d4-nginx`, or the image scanned. */
    object: z.string(),
  }),
  subject: ScanSubjectSchema,
  vulnerabilities: z.array(VulnerabilitySchema),
});
export type ImageScan = z.infer<typeof ImageScanSchema>;

/** CISA's KEV catalog, as ids (https://www.cisa.gov/known-exploited-vulnerabilities-catalog). */
export const KevCatalogSchema = z.object({
  file: z.string(),
  catalogVersion: z.string().optional(),
  ids: z.array(z.string()),
});
export type KevCatalog = z.infer<typeof KevCatalogSchema>;

/**
 * One check of a CIS benchmark run (kube-bench's `results[]`): its id (`test_number`), text and
 * status; the remediation only for a failure. Never the audit command or the actual value
 * (a command line may carry what no report should).
 */
export const CisCheckSchema = z.object({
  id: z.string(),
  text: z.string(),
  status: z.enum(['PASS', 'FAIL', 'WARN', 'INFO']),
  /** kube-bench's node_type of the controls it came from: master, node, etcd, controlplane, policies… */
  target: z.string(),
  remediation: z.string().optional(),
});
export type CisCheck = z.infer<typeof CisCheckSchema>;

/** One kube-bench JSON file: the checks it ran on one node. */
export const CisResultSchema = z.object({
  file: z.string(),
  /** The node: from `--node`, or the node the file's name names; absent when neither does. */
  node: z.string().optional(),
  /** The benchmark kube-bench ran (`cis-1.9`, `eks-1.5.0`…). */
  benchmark: z.string().optional(),
  checks: z.array(CisCheckSchema),
});
export type CisResult = z.infer<typeof CisResultSchema>;

export const ExternalEvidenceSchema = z.object({
  imageScans: z.array(ImageScanSchema),
  kev: KevCatalogSchema.optional(),
  /** kube-bench results, one per file. */
  cisResults: z.array(CisResultSchema).optional(),
});
export type ExternalEvidence = z.infer<typeof ExternalEvidenceSchema>;

/**
 * A runtime detector's alert (Falco), as kubepath keeps it: the rule and the place it names,
 * never the alert's output text.
 */
export interface RuntimeAlert {
  rule: string;
  priority?: string;
  time?: string;
  /** The line of the file it came from (1-based), for messages. */
  line: number;
  namespace?: string;
  pod?: string;
  container?: string;
  /** Set for an alert on the host itself (container.id `host`), or when no pod is named. */
  hostname?: string;
}
