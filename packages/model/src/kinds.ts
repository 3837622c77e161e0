/**
 * The Kubernetes kinds kubepath reads, with their API groups, scope and schema. The collector
 * routes every incoming object through this table; anything not in it is counted and ignored.
 */
import type { z } from 'zod';
import * as k from './kubernetes.js';

/** How kubepath reads one Kubernetes kind. */
export interface KindSpec {
  /** Key under `snapshot.objects`. */
  readonly key: string;
  /** API groups the kind is served from (`''` is the core group), newest first. */
  readonly groups: readonly string[];
  /** Lower-case plural as the API spells it (RBAC rules and dump archive file names use it). */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly schema: z.ZodType;
}

export const KINDS = {
  Namespace: {
    key: 'namespaces',
    groups: [''],
    resource: 'namespaces',
    namespaced: false,
    schema: k.NamespaceSchema,
  },
  Node: { key: 'nodes', groups: [''], resource: 'nodes', namespaced: false, schema: k.NodeSchema },
  Pod: { key: 'pods', groups: [''], resource: 'pods', namespaced: true, schema: k.PodSchema },
  ServiceAccount: {
    key: 'serviceAccounts',
    groups: [''],
    resource: 'serviceaccounts',
    namespaced: true,
    schema: k.ServiceAccountSchema,
  },
  Secret: { key: 'secrets', groups: [''], resource: 'secrets', namespaced: true, schema: k.SecretSchema },
  ConfigMap: {
    key: 'configMaps',
    groups: [''],
    resource: 'configmaps',
    namespaced: true,
    schema: k.ConfigMapSchema,
  },
  Role: {
    key: 'roles',
    groups: ['rbac.authorization.k8s.io'],
    resource: 'roles',
    namespaced: true,
    schema: k.RoleSchema,
  },
  ClusterRole: {
    key: 'clusterRoles',
    groups: ['rbac.authorization.k8s.io'],
    resource: 'clusterroles',
    namespaced: false,
    schema: k.ClusterRoleSchema,
  },
  RoleBinding: {
    key: 'roleBindings',
    groups: ['rbac.authorization.k8s.io'],
    resource: 'rolebindings',
    namespaced: true,
    schema: k.RoleBindingSchema,
  },
  ClusterRoleBinding: {
    key: 'clusterRoleBindings',
    groups: ['rbac.authorization.k8s.io'],
    resource: 'clusterrolebindings',
    namespaced: false,
    schema: k.ClusterRoleBindingSchema,
  },
  Service: { key: 'services', groups: [''], resource: 'services', namespaced: true, schema: k.ServiceSchema },
  Endpoints: {
    key: 'endpoints',
    groups: [''],
    resource: 'endpoints',
    namespaced: true,
    schema: k.EndpointsSchema,
  },
  EndpointSlice: {
    key: 'endpointSlices',
    groups: ['discovery.k8s.io'],
    resource: 'endpointslices',
    namespaced: true,
    schema: k.EndpointSliceSchema,
  },
  Ingress: {
    key: 'ingresses',
    groups: ['networking.k8s.io', 'extensions'],
    resource: 'ingresses',
    namespaced: true,
    schema: k.IngressSchema,
  },
  NetworkPolicy: {
    key: 'networkPolicies',
    groups: ['networking.k8s.io'],
    resource: 'networkpolicies',
    namespaced: true,
    schema: k.NetworkPolicySchema,
  },
  Deployment: {
    key: 'deployments',
    groups: ['apps', 'extensions'],
    resource: 'deployments',
    namespaced: true,
    schema: k.DeploymentSchema,
  },
  DaemonSet: {
    key: 'daemonSets',
    groups: ['apps', 'extensions'],
    resource: 'daemonsets',
    namespaced: true,
    schema: k.DaemonSetSchema,
  },
  StatefulSet: {
    key: 'statefulSets',
    groups: ['apps'],
    resource: 'statefulsets',
    namespaced: true,
    schema: k.StatefulSetSchema,
  },
  ReplicaSet: {
    key: 'replicaSets',
    groups: ['apps', 'extensions'],
    resource: 'replicasets',
    namespaced: true,
    schema: k.ReplicaSetSchema,
  },
  ReplicationController: {
    key: 'replicationControllers',
    groups: [''],
    resource: 'replicationcontrollers',
    namespaced: true,
    schema: k.ReplicationControllerSchema,
  },
  Job: { key: 'jobs', groups: ['batch'], resource: 'jobs', namespaced: true, schema: k.JobSchema },
  CronJob: {
    key: 'cronJobs',
    groups: ['batch'],
    resource: 'cronjobs',
    namespaced: true,
    schema: k.CronJobSchema,
  },
  MutatingWebhookConfiguration: {
    key: 'mutatingWebhookConfigurations',
    groups: ['admissionregistration.k8s.io'],
    resource: 'mutatingwebhookconfigurations',
    namespaced: false,
    schema: k.WebhookConfigurationSchema,
  },
  ValidatingWebhookConfiguration: {
    key: 'validatingWebhookConfigurations',
    groups: ['admissionregistration.k8s.io'],
    resource: 'validatingwebhookconfigurations',
    namespaced: false,
    schema: k.WebhookConfigurationSchema,
  },
  CertificateSigningRequest: {
    key: 'certificateSigningRequests',
    groups: ['certificates.k8s.io'],
    resource: 'certificatesigningrequests',
    namespaced: false,
    schema: k.CertificateSigningRequestSchema,
  },
} as const satisfies Record<string, KindSpec>;

/** A Kubernetes kind kubepath reads. */
export type KindName = keyof typeof KINDS;

/** Every kind kubepath reads. */
export const KIND_NAMES = Object.keys(KINDS) as KindName[];

/** The kind spec for `kind` served as `apiVersion`, or null when kubepath does not read it. */
export function kindSpecFor(apiVersion: string | undefined, kind: string): KindSpec | null {
  if (!Object.hasOwn(KINDS, kind)) return null;
  const spec: KindSpec = KINDS[kind as KindName];
  // A kind is only ours if it comes from its group: a CRD named "Role" in another group is not RBAC.
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return apiVersion === undefined || spec.groups.includes(group) ? spec : null;
}

/** ConfigMaps kubepath keeps (all others are ignored at the source). */
export function isKeptConfigMap(namespace: string, name: string): boolean {
  return namespace === 'kube-system' && name === 'aws-auth';
}

/** How many objects a snapshot's object lists hold, all kinds together. */
export function countObjects(objects: Readonly<Record<string, readonly unknown[]>>): number {
  return KIND_NAMES.reduce((n, kind) => n + (objects[KINDS[kind].key]?.length ?? 0), 0);
}
