// Types for neo4j.mjs (plain JavaScript, run before the tests without a build).
export const NEO4J_VERSION: string;
export function build(): void;
export function start(options?: { port?: number; dataDir?: string; timeoutMs?: number }): Promise<{
  url: string;
  dataDir: string;
  stop: () => Promise<void>;
  output: () => string;
}>;
export function importCsv(options: {
  dataDir: string;
  nodeFiles: string[];
  relationshipFiles: string[];
}): string;
