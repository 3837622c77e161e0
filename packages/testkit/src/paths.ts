/** Where things are, from any test: the repository root, ../shared and its corpus, the demo cluster. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with pnpm-workspace.yaml). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('testkit: repository root not found');
    dir = parent;
  }
  return dir;
}

/** The shared folder beside the checkout (KUBEPATH_SHARED_DIR overrides). */
export function sharedDir(): string {
  return resolve(process.env.KUBEPATH_SHARED_DIR ?? join(repoRoot(), '..', 'shared'));
}

/** ../shared/corpus: third-party test data. */
export function corpusDir(...parts: string[]): string {
  return join(sharedDir(), 'corpus', ...parts);
}

/** The bundled demo cluster. */
export function demoClusterDir(): string {
  return join(repoRoot(), 'examples', 'demo-cluster');
}
