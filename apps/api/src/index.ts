/** @kubepath/api — the REST API: createApp(deps), its config, store and tokens. */
export { createApp, createDeps, API_VERSION, type Deps } from './app.js';
export { loadConfig, ConfigSchema, type Config, type TokenEntry } from './config.js';
export { SnapshotStore, type SnapshotInfo } from './store.js';
export { AnalysisWorker } from './analysis/analysis-worker.js';
export { TokenStore, generateToken } from './auth.js';
export { startServer, type RunningServer } from './server.js';
