/**
 * A `who-can` question as the API server's authorizer would see the request: which
 * namespace it carries decides which bindings count.
 *
 * - A cluster-scoped resource is requested without a namespace, whatever `-n` says, so only
 *   ClusterRoleBindings can grant it.
 * - A Namespace object is in its own namespace when the request names it in the path (get,
 *   update, patch, delete, and its subresources): `GET /api/v1/namespaces/alpha`. Listing or
 *   watching one namespace by name is a cluster-scoped request with a field selector
 *   (`GET /api/v1/namespaces?fieldSelector=metadata.name=alpha`), and create and
 *   deletecollection carry no name: none of these is in a namespace.
 *   (k8s.io/apiserver pkg/endpoints/request/requestinfo.go, NewRequestInfo)
 * - A name is matched against `resourceNames` as given, as a SubjectAccessReview would.
 */
import { ResourceCatalog, type ResourceScope } from './resources.js';
import type { RequestAttributes } from './rule-match.js';

export interface RequestSpec {
  verb: string;
  /** `pods`, `pods/exec`, `deployments.apps`, or a URL path such as `/metrics`. */
  resource: string;
  namespace?: string;
  name?: string;
}

export interface BuiltRequest {
  request: RequestAttributes;
  /** `url` for a non-resource request; `namespaced` requests without a namespace mean "any namespace". */
  scope: ResourceScope | 'url';
  /** What kubepath assumed or ignored, for the user to read. */
  warnings: string[];
}

/** Verbs whose request names no object in its path (list/watch name one by field selector). */
const NO_PATH_NAME = new Set(['list', 'watch', 'create', 'deletecollection']);

export function buildRequest(spec: RequestSpec, catalog: ResourceCatalog): BuiltRequest {
  const { verb, name } = spec;
  const warnings: string[] = [];
  if (spec.resource.startsWith('/')) {
    if (spec.namespace || name)
      warnings.push(`a URL path has no namespace or name: ignored for ${spec.resource}`);
    return { request: { verb, path: spec.resource }, scope: 'url', warnings };
  }
  const parsed = catalog.parse(spec.resource);
  if (parsed.warning) warnings.push(parsed.warning);
  const { apiGroup, resource, subresource } = parsed;
  const base = {
    verb,
    apiGroup,
    resource,
    ...(subresource ? { subresource } : {}),
    ...(name ? { name } : {}),
  };
  if (apiGroup === '' && resource === 'namespaces') {
    const inItself = name !== undefined && !(NO_PATH_NAME.has(verb) && !subresource);
    if (spec.namespace && spec.namespace !== (inItself ? name : undefined))
      warnings.push(
        inItself
          ? `a request on the Namespace ${name} is in namespace ${name}: namespace ${spec.namespace} ignored`
          : `${verb} namespaces is a cluster-scoped request: namespace ${spec.namespace} ignored`,
      );
    return inItself
      ? { request: { ...base, namespace: name }, scope: 'namespaced', warnings }
      : { request: base, scope: 'cluster', warnings };
  }
  if (parsed.scope === 'cluster') {
    if (spec.namespace) warnings.push(`${resource} is cluster-scoped: namespace ${spec.namespace} ignored`);
    return { request: base, scope: 'cluster', warnings };
  }
  return {
    request: spec.namespace ? { ...base, namespace: spec.namespace } : base,
    scope: 'namespaced',
    warnings,
  };
}
