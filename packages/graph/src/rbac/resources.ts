/**
 * Resource names as `kubectl auth can-i` and `who-can` take them: `pods`, `pods/exec`,
 * `deployments.apps`, `deploy`, `clusterroles.rbac.authorization.k8s.io`, or a non-resource
 * URL (`/metrics`). Without a live API to ask (discovery), kubepath knows the built-in
 * resources below; anything else must name its group.
 */
import { KINDS, KIND_NAMES, type KindSpec, UsageError } from '@kubepath/model';

/** Built-in resources beyond the kinds kubepath reads, with their groups. */
const EXTRA_RESOURCES: Record<string, string> = {
  users: '',
  groups: '',
  userextras: 'authentication.k8s.io',
  uids: 'authentication.k8s.io',
  signers: 'certificates.k8s.io',
  tokenreviews: 'authentication.k8s.io',
  subjectaccessreviews: 'authorization.k8s.io',
  persistentvolumes: '',
  persistentvolumeclaims: '',
  events: '',
  limitranges: '',
  resourcequotas: '',
  podtemplates: '',
  horizontalpodautoscalers: 'autoscaling',
  poddisruptionbudgets: 'policy',
  storageclasses: 'storage.k8s.io',
  customresourcedefinitions: 'apiextensions.k8s.io',
  leases: 'coordination.k8s.io',
  priorityclasses: 'scheduling.k8s.io',
  ingressclasses: 'networking.k8s.io',
  runtimeclasses: 'node.k8s.io',
};

/** kubectl's short names. */
const SHORT_NAMES: Record<string, string> = {
  po: 'pods',
  no: 'nodes',
  ns: 'namespaces',
  sa: 'serviceaccounts',
  svc: 'services',
  ep: 'endpoints',
  cm: 'configmaps',
  deploy: 'deployments',
  ds: 'daemonsets',
  sts: 'statefulsets',
  rs: 'replicasets',
  rc: 'replicationcontrollers',
  cj: 'cronjobs',
  ing: 'ingresses',
  netpol: 'networkpolicies',
  csr: 'certificatesigningrequests',
  pv: 'persistentvolumes',
  pvc: 'persistentvolumeclaims',
};

/** Built-in cluster-scoped resources (requests for them carry no namespace). */
const CLUSTER_SCOPED = new Set([
  'users',
  'groups',
  'userextras',
  'uids',
  'signers',
  'tokenreviews',
  'subjectaccessreviews',
  'persistentvolumes',
  'storageclasses',
  'customresourcedefinitions',
  'priorityclasses',
  'ingressclasses',
  'runtimeclasses',
]);

/** True when kubepath knows the resource to be cluster-scoped (nodes, clusterroles, users…). */
export function isClusterScopedResource(resource: string): boolean {
  if (CLUSTER_SCOPED.has(resource)) return true;
  return KIND_NAMES.some((kind) => {
    const spec: KindSpec = KINDS[kind];
    return spec.resource === resource && !spec.namespaced;
  });
}

function groupOf(resource: string): string | undefined {
  for (const kind of KIND_NAMES) {
    const spec: KindSpec = KINDS[kind];
    if (spec.resource === resource) return spec.groups[0];
  }
  return EXTRA_RESOURCES[resource];
}

/** Every resource name `parseResource` knows without a group (built-in names and kubectl's short names). */
export function knownResourceNames(): string[] {
  const names = new Set<string>([...Object.keys(EXTRA_RESOURCES), ...Object.keys(SHORT_NAMES)]);
  for (const kind of KIND_NAMES) names.add(KINDS[kind].resource);
  return [...names].sort();
}

/** Splits `resource[.group][/subresource]` into its parts; throws UsageError for an unknown resource without a group. */
export function parseResource(text: string): { apiGroup: string; resource: string; subresource?: string } {
  const parts = text.split('/');
  if (parts.length > 2 || parts.some((p) => p === ''))
    throw new UsageError(`"${text}" is not a resource: write resource[.group][/subresource], e.g. pods/exec`);
  const [main, subresource] = parts as [string, string | undefined];
  const dot = main.indexOf('.');
  let resource = (dot < 0 ? main : main.slice(0, dot)).toLowerCase();
  resource = SHORT_NAMES[resource] ?? resource;
  const explicitGroup = dot < 0 ? undefined : main.slice(dot + 1);
  const apiGroup = explicitGroup ?? groupOf(resource);
  if (apiGroup === undefined) {
    throw new UsageError(`unknown resource "${main}": name its API group, e.g. ${main}.example.com`);
  }
  return subresource ? { apiGroup, resource, subresource } : { apiGroup, resource };
}
