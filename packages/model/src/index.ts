/** @kubepath/model — vertex kinds and ids, the edge catalog, Kubernetes kinds, the snapshot schema, errors. */
export * from './vertex.js';
export * from './edge-catalog.js';
export * from './errors.js';
export * from './kubernetes.js';
export * from './kinds.js';
export * from './snapshot.js';
export * from './edge-docs.js';
export * from './label-selector.js';
export * from './crown-jewels.js';
export * from './coverage-gaps.js';
export * from './evidence.js';
export * from './version.js';
