/** @kubepath/collector — sources (files, dump archives; the live API later) to a redacted Snapshot. */
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
