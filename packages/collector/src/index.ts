/** @kubepath/collector — sources (files, dump archives, a live API server) to a redacted Snapshot. */
export { loadSnapshotFromFiles, type LoadFilesOptions, type LoadProgress } from './load-files.js';
export { SnapshotBuilder, type Origin, type AddOutcome } from './snapshot-builder.js';
export { JsonItemScanner, type ItemHandler, type ScanResult } from './json-items.js';
export { isSafeEntryName } from './archive.js';
export {
  DEFAULT_INPUT_LIMITS,
  INPUT_LIMIT_ENV,
  inputLimitsFromEnv,
  describeBytes,
  type InputLimits,
} from './limits.js';
export {
  checkAccess,
  collectFromCluster,
  METADATA_ONLY,
  type CollectOptions,
  type CollectProgress,
  type CollectResult,
  type KindStats,
} from './live/collect-live.js';
export { runsInCluster, type ConnectionOptions } from './live/connection.js';
export type { Permission } from './live/permissions.js';
export { collectorRules, COLLECTOR_ROLE_NAME, type PolicyRule } from './live/required-role.js';
export { parseFalcoAlerts, readFalcoAlerts, type FalcoAlert, type FalcoRead } from './evidence/falco.js';
export { fromKubeBench, isKubeBench, nodeNamedByFile } from './evidence/kube-bench.js';
export { locateObjects, MAX_LOCATE_BYTES, type ObjectLocation } from './locate.js';
