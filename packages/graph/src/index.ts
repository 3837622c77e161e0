/** @kubepath/graph — Snapshot → AttackGraph: rbac, workloads and network rules, pure functions. */
export { buildAttackGraph, type BuildOptions } from './build.js';
export {
  GraphBuilder,
  toGraphology,
  edgeStrings,
  type AttackGraph,
  type EdgeRecord,
  type CisSummary,
  type EvidenceSummary,
  type Evidence,
  type VertexAttributes,
} from './graph-builder.js';
export {
  RbacAuthorizer,
  namespaceRequest,
  SYSTEM_MASTERS,
  type Grant,
  type Allowance,
} from './rbac/authorizer.js';
export {
  ResourceCatalog,
  BUILTIN_CATALOG,
  catalogFor,
  type ParsedResource,
  type ResourceScope,
} from './rbac/resources.js';
export { buildRequest, type BuiltRequest, type RequestSpec } from './rbac/request.js';
export { RoleIndex, type SourcedRule } from './rbac/roles.js';
export { principalId, principalLabel, type Principal } from './rbac/principals.js';
export type { RequestAttributes, ResourceRequest, NonResourceRequest } from './rbac/rule-match.js';
export { Inventory } from './inventory.js';
export { effectivePods, type EffectivePod } from './workloads/pods.js';
export {
  connlist,
  connlistLines,
  connlistPage,
  formatConnlistLine,
  formatConnlist,
  workloadName,
  type ConnlistCursor,
  type ConnlistLine,
  type ConnlistPage,
} from './network/connlist.js';
export {
  NetworkPolicyEvaluator,
  affects,
  KUBEPATH_DEFAULTS,
  NETPOL_ANALYZER_COMPAT,
  type EvaluatorOptions,
  type NetPod,
  type Peer,
} from './network/evaluator.js';
export { ConnectionSet, PROTOCOLS, type Protocol } from './network/connection-set.js';
export { namespaceLabeler, toNetPod } from './network/net-pods.js';
export {
  matchVulnerabilities,
  normaliseImage,
  sameImage,
  type ContainerVulnerabilities,
  type KnownExploit,
  type VulnerabilityMatch,
} from './evidence/vulnerabilities.js';
export { readCisEvidence, type CisEvidence, type NodeFinding } from './evidence/cis-checks.js';
export { MAX_NODE_FINDINGS } from './evidence/apply.js';
