/**
 * The snapshot: the Kubernetes objects an analysis needs, normalised and redacted, with the
 * cluster's metadata and a coverage record of what could and could not be seen.
 * A plain versioned JSON document (`apiVersion: kubepath.dev/v1`).
 */
import { z } from 'zod';
import { ExternalEvidenceSchema } from './evidence.js';
import * as k from './kubernetes.js';

export const SNAPSHOT_API_VERSION = 'kubepath.dev/v1';

/** How a kind was seen: listed by the API, present or absent in files, or not visible. */
export const ResourceStatusSchema = z.enum(['listed', 'present', 'absent', 'forbidden', 'failed']);
export type ResourceStatus = z.infer<typeof ResourceStatusSchema>;

export const SkippedItemSchema = z.object({
  file: z.string(),
  where: z.string(),
  reason: z.string(),
  /** Set when the item was skipped because it breached a load limit (its name, e.g. `maxYamlBytes`). */
  limit: z.string().optional(),
});
export type SkippedItem = z.infer<typeof SkippedItemSchema>;

export const CoverageSchema = z.object({
  /** One row per kind kubepath reads. */
  resources: z.array(
    z.object({
      kind: z.string(),
      status: ResourceStatusSchema,
      count: z.number().int(),
      reason: z.string().nullish(),
      /** A live collection: the namespaces whose objects of this kind could not be listed. */
      forbiddenNamespaces: z.array(z.string()).optional(),
    }),
  ),
  /** One row per file read. */
  inputs: z.array(
    z.object({
      path: z.string(),
      format: z.string(),
      documents: z.number().int(),
      objects: z.number().int(),
      skipped: z.number().int(),
    }),
  ),
  /** Documents and objects that could not be used, and why (capped; `skippedTotal` counts all). */
  skipped: z.array(SkippedItemSchema),
  skippedTotal: z.number().int(),
  /** Objects of kinds kubepath does not read, by `apiVersion/kind`. */
  unknownKinds: z.record(z.string(), z.number().int()),
  /** Objects read but deliberately not kept (e.g. ConfigMaps other than aws-auth), by kind. */
  ignored: z.record(z.string(), z.number().int()),
  /** The same object seen more than once; the last one read wins. */
  duplicates: z.number().int(),
});
export type Coverage = z.infer<typeof CoverageSchema>;

export const SnapshotObjectsSchema = z.object({
  namespaces: z.array(k.NamespaceSchema),
  nodes: z.array(k.NodeSchema),
  pods: z.array(k.PodSchema),
  serviceAccounts: z.array(k.ServiceAccountSchema),
  secrets: z.array(k.SecretSchema),
  configMaps: z.array(k.ConfigMapSchema),
  roles: z.array(k.RoleSchema),
  clusterRoles: z.array(k.ClusterRoleSchema),
  roleBindings: z.array(k.RoleBindingSchema),
  clusterRoleBindings: z.array(k.ClusterRoleBindingSchema),
  services: z.array(k.ServiceSchema),
  endpoints: z.array(k.EndpointsSchema),
  endpointSlices: z.array(k.EndpointSliceSchema),
  ingresses: z.array(k.IngressSchema),
  networkPolicies: z.array(k.NetworkPolicySchema),
  deployments: z.array(k.DeploymentSchema),
  daemonSets: z.array(k.DaemonSetSchema),
  statefulSets: z.array(k.StatefulSetSchema),
  replicaSets: z.array(k.ReplicaSetSchema),
  replicationControllers: z.array(k.ReplicationControllerSchema),
  jobs: z.array(k.JobSchema),
  cronJobs: z.array(k.CronJobSchema),
  mutatingWebhookConfigurations: z.array(k.WebhookConfigurationSchema),
  validatingWebhookConfigurations: z.array(k.WebhookConfigurationSchema),
  certificateSigningRequests: z.array(k.CertificateSigningRequestSchema),
});
export type SnapshotObjects = z.infer<typeof SnapshotObjectsSchema>;

/** One resource the API server serves (API discovery), for the scope of requests on it. */
export const ApiResourceSchema = z.object({
  /** `''` for the core group. */
  group: z.string(),
  /** Plural, lower case: `pods`. */
  resource: z.string(),
  namespaced: z.boolean(),
});
export type ApiResource = z.infer<typeof ApiResourceSchema>;

export const ClusterInfoSchema = z.object({
  name: z.string(),
  serverVersion: z.string().nullish(),
  collectedAt: z.string(),
  source: z.enum(['files', 'live']),
  /** Every resource the cluster serves, custom ones included (a live collection's discovery). */
  apiResources: z.array(ApiResourceSchema).optional(),
});
export type ClusterInfo = z.infer<typeof ClusterInfoSchema>;

export const SnapshotSchema = z.object({
  apiVersion: z.literal(SNAPSHOT_API_VERSION),
  kind: z.literal('Snapshot'),
  cluster: ClusterInfoSchema,
  objects: SnapshotObjectsSchema,
  coverage: CoverageSchema,
  /** Vulnerability scans and the KEV catalog read beside the cluster, when any were given. */
  evidence: ExternalEvidenceSchema.optional(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** Empty object lists, one per kind. */
export function emptySnapshotObjects(): SnapshotObjects {
  const objects = {} as Record<string, unknown[]>;
  for (const key of Object.keys(SnapshotObjectsSchema.shape)) objects[key] = [];
  return objects as SnapshotObjects;
}
