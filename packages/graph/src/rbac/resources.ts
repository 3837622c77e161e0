/**
 * Resource names as `kubectl auth can-i` and `who-can` take them: `pods`, `pods/exec`,
 * `deployments.apps`, `deploy`, `clusterroles.rbac.authorization.k8s.io`, or a non-resource
 * URL (`/metrics`), and whether a request for them carries a namespace.
 *
 * The scope decides which bindings count: a RoleBinding never grants a cluster-scoped
 * resource, because the request has no namespace. kubepath takes it from the snapshot's own
 * API discovery when it has one (a live collection records every served resource, custom ones
 * included), and otherwise from the discovery of a default kube-apiserver (builtin-resources.ts).
 * A resource found in neither is answered as namespaced in the core group, with a warning —
 * as `kubectl auth can-i` does ("the server doesn't have a resource type").
 */
import { UsageError, type ApiResource } from '@kubepath/model';
import { BUILTIN_RESOURCES } from './builtin-resources.js';

/**
 * Resources only the authorizer knows: impersonation (users, groups, uids, userextras; a
 * service account is impersonated as `serviceaccounts`) and certificate signers. None has a
 * namespace. https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */
const VIRTUAL_RESOURCES: readonly ApiResource[] = [
  { group: '', resource: 'users', namespaced: false },
  { group: '', resource: 'groups', namespaced: false },
  { group: 'authentication.k8s.io', resource: 'uids', namespaced: false },
  { group: 'authentication.k8s.io', resource: 'userextras', namespaced: false },
  { group: 'certificates.k8s.io', resource: 'signers', namespaced: false },
];

/** kubectl's short names. */
const SHORT_NAMES: Record<string, string> = {
  po: 'pods',
  no: 'nodes',
  ns: 'namespaces',
  sa: 'serviceaccounts',
  svc: 'services',
  ep: 'endpoints',
  cm: 'configmaps',
  cs: 'componentstatuses',
  ev: 'events',
  limits: 'limitranges',
  quota: 'resourcequotas',
  deploy: 'deployments',
  ds: 'daemonsets',
  sts: 'statefulsets',
  rs: 'replicasets',
  rc: 'replicationcontrollers',
  cj: 'cronjobs',
  hpa: 'horizontalpodautoscalers',
  pdb: 'poddisruptionbudgets',
  ing: 'ingresses',
  netpol: 'networkpolicies',
  csr: 'certificatesigningrequests',
  crd: 'customresourcedefinitions',
  crds: 'customresourcedefinitions',
  pc: 'priorityclasses',
  sc: 'storageclasses',
  pv: 'persistentvolumes',
  pvc: 'persistentvolumeclaims',
};

export type ResourceScope = 'cluster' | 'namespaced';

/** A resource as a request names it, with its scope and what kubepath had to assume. */
export interface ParsedResource {
  apiGroup: string;
  resource: string;
  subresource?: string;
  scope: ResourceScope;
  /** Set when kubepath does not know the resource (scope and group are then assumed). */
  warning?: string;
}

const key = (group: string, resource: string) => `${group}\t${resource}`;

/** Which resources exist, in which group, with which scope: a snapshot's discovery over the built-in table. */
export class ResourceCatalog {
  private readonly scopes = new Map<string, ResourceScope>();
  /** resource → its groups, the core group first, then in discovery order (kubectl's preference). */
  private readonly groups = new Map<string, string[]>();

  constructor(discovered: readonly ApiResource[] = []) {
    const builtin = BUILTIN_RESOURCES.map(([group, resource, namespaced]) => ({
      group,
      resource,
      namespaced,
    }));
    // The snapshot's own discovery first: it wins for any resource both know.
    for (const r of [...discovered, ...VIRTUAL_RESOURCES, ...builtin]) {
      if (this.scopes.has(key(r.group, r.resource))) continue;
      this.scopes.set(key(r.group, r.resource), r.namespaced ? 'namespaced' : 'cluster');
      const list = this.groups.get(r.resource) ?? [];
      if (r.group === '') list.unshift('');
      else list.push(r.group);
      this.groups.set(r.resource, list);
    }
  }

  /** The scope of a resource in a group, or undefined when neither discovery nor the table has it. */
  scope(group: string, resource: string): ResourceScope | undefined {
    return this.scopes.get(key(group, resource));
  }

  /** The group a bare resource name means (`deployments` → `apps`), or undefined. */
  groupOf(resource: string): string | undefined {
    return this.groups.get(resource)?.[0];
  }

  /**
   * Splits `resource[.group][/subresource]` into its parts and finds its scope. Throws
   * UsageError only for text that is no resource name at all; an unknown resource is
   * answered with a warning.
   */
  parse(text: string): ParsedResource {
    const parts = text.split('/');
    if (parts.length > 2 || parts.some((p) => p === ''))
      throw new UsageError(
        `"${text}" is not a resource: write resource[.group][/subresource], e.g. pods/exec`,
      );
    const [main, subresource] = parts as [string, string | undefined];
    const dot = main.indexOf('.');
    let resource = (dot < 0 ? main : main.slice(0, dot)).toLowerCase();
    resource = dot < 0 ? (SHORT_NAMES[resource] ?? resource) : resource;
    const apiGroup = dot < 0 ? (this.groupOf(resource) ?? '') : main.slice(dot + 1);
    const scope = this.scope(apiGroup, resource);
    const parsed: ParsedResource = { apiGroup, resource, scope: scope ?? 'namespaced' };
    if (subresource) parsed.subresource = subresource;
    if (scope === undefined) {
      const where = apiGroup === '' ? 'the core API group' : `API group ${apiGroup}`;
      parsed.warning = `kubepath does not know the resource "${main}" in ${where} (not in the snapshot's discovery nor among the built-in APIs): answered as a namespaced resource`;
    }
    return parsed;
  }
}

/** The catalog of a default API server, for inputs without discovery. */
export const BUILTIN_CATALOG = new ResourceCatalog();

const byDiscovery = new WeakMap<readonly ApiResource[], ResourceCatalog>();

/** The catalog for a snapshot's discovery (built once per list), or the built-in one without it. */
export function catalogFor(discovered: readonly ApiResource[] | undefined): ResourceCatalog {
  if (!discovered?.length) return BUILTIN_CATALOG;
  let catalog = byDiscovery.get(discovered);
  if (!catalog) byDiscovery.set(discovered, (catalog = new ResourceCatalog(discovered)));
  return catalog;
}
