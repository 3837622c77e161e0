/** @kubepath/analyzer — queries over the attack graph: who can reach, blast radius, paths, findings, choke points. */
export { GraphIndex, globMatcher, type IndexBase } from './graph-index.js';
export {
  encodeAnalysis,
  encodeAnalysisSteps,
  decodeAnalysis,
  StaleAnalysis,
  STORED_ANALYSIS_FORMAT,
  type StoredAnalysis,
} from './stored-analysis.js';
export {
  dijkstra,
  distancesWithout,
  pathEdges,
  type SearchResult,
  type SearchOptions,
  type Direction,
} from './search.js';
export {
  whoCanReach,
  blastRadius,
  paths,
  explain,
  explainPaths,
  exploitMark,
  resolveTargets,
  steps,
  DEFAULT_LIMITS,
  ACTOR_KINDS,
  type ActorFilter,
  type ReachOptions,
  type PathStep,
  type ExplainedStep,
  type ReachEntry,
  type QueryLimits,
  type WhoCanReachResult,
  type BlastRadiusResult,
  type PathsResult,
} from './queries.js';
export {
  findings,
  entryPoints,
  jewels,
  SEVERITIES,
  type Finding,
  type FindingsResult,
  type TierZeroEntry,
  type FindingEntry,
  type EntryClass,
  ENTRY_CLASSES,
  severityOf,
  type Severity,
} from './findings.js';
export { chokePoints, type ChokePoint } from './choke-points.js';
export { fixCandidates, fixEdges, type FixCandidate, type FixOptions } from './fix-candidates.js';
export { EXPLOIT_MODES, indexForExploits, needsExploit, type ExploitMode } from './exploits.js';
export { whatIf, withoutObjects, type Removal, type WhatIfChange, type WhatIfResult } from './what-if.js';
export { findVertices, type VertexMatch } from './find-vertices.js';
export { vulnerableExposures, type VulnerableExposure } from './exposures.js';
export {
  knownCompromised,
  OWNED_RULE,
  type CompromisedResult,
  type CompromisedVertex,
} from './compromised.js';
