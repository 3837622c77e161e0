/** @kubepath/testkit — private helpers for tests: temporary file trees, repository and corpus paths. */
export { writeTree, makeTarGz, yamlFilesUnder } from './files.js';
export { repoRoot, sharedDir, corpusDir, demoClusterDir } from './paths.js';
export { runKubepathMeasured, type MeasuredRun } from './measure.js';
export { serveKubepath, type ServedKubepath } from './serve.js';
export { CANARY, CANARY_YAML_DOCUMENTS, writeGzipBomb, writeHostileSet, writeTarBomb } from './hostile.js';
export {
  applyObjects,
  collectionPath,
  kube,
  readManifests,
  testCluster,
  testClusterStateFile,
  type KubeAnswer,
  type TestClusterState,
} from './test-cluster.js';
export { BENCH, kubeBenchJson, type BenchCheck } from './kube-bench.js';
export { seededRandom } from './random.js';
