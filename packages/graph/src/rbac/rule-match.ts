/**
 * Does one RBAC rule allow one request? A line-by-line port of the semantics of
 * kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, APIGroupMatches,
 * ResourceMatches, ResourceNameMatches, NonResourceURLMatches) and the docs at
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources.
 *
 * Two traps that peers fall into, kept right here:
 * - `*\/scale` matches the scale subresource of any resource, but `pods/*` is NOT a wildcard:
 *   it only matches a subresource literally named "*". The API server denies pods/exec to it.
 * - a rule with resourceNames never allows create or deletecollection: those requests have
 *   no name when they are authorized (the name is `""`, so only `resourceNames: [""]` does).
 */
import type { PolicyRule } from '@kubepath/model';

/** A request to the API, as the authorizer sees it. */
export type RequestAttributes = ResourceRequest | NonResourceRequest;

export interface ResourceRequest {
  verb: string;
  /** `''` for the core group. */
  apiGroup: string;
  /** Plural, lower case: `pods`. */
  resource: string;
  /** e.g. `exec` for pods/exec. */
  subresource?: string;
  /** Absent for cluster-scoped requests (and for "all namespaces"). */
  namespace?: string;
  /** Absent for create, list without a field selector, deletecollection. */
  name?: string;
}

export interface NonResourceRequest {
  verb: string;
  /** A URL path such as `/metrics` or `/healthz`. */
  path: string;
}

export const isNonResourceRequest = (r: RequestAttributes): r is NonResourceRequest => 'path' in r;

const has = (list: readonly string[] | null | undefined, value: string) => (list ?? []).includes(value);

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return has(rule.verbs, '*') || has(rule.verbs, verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return has(rule.apiGroups, '*') || has(rule.apiGroups, group);
}

export function resourceMatches(
  rule: PolicyRule,
  combined: string,
  subresource: string | undefined,
): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (!subresource) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/**
 * A request without a name (list, create, deletecollection) is authorized with the name `""`,
 * so `resourceNames: [""]` matches exactly those requests (ResourceNameMatches compares strings).
 */
export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name ?? '');
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const spec of rule.nonResourceURLs ?? []) {
    if (spec === '*' || spec === path) return true;
    // strings.TrimRight(ruleURL, "*"): every trailing star goes, so `/logs**` is `/logs` + prefix.
    if (spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** True when `rule` allows `request` (scope is the binding's business, not the rule's). */
export function ruleAllows(rule: PolicyRule, request: RequestAttributes): boolean {
  if (!verbMatches(rule, request.verb)) return false;
  if (isNonResourceRequest(request)) return nonResourceURLMatches(rule, request.path);
  const combined = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return (
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, combined, request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}

/** True when the rule is "every verb on every resource in every group": the cluster-admin rule. */
export function isWildcardRule(rule: PolicyRule): boolean {
  return (
    has(rule.verbs, '*') &&
    has(rule.apiGroups, '*') &&
    has(rule.resources, '*') &&
    (rule.resourceNames ?? []).length === 0
  );
}
