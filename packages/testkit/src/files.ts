/** Temporary file trees and archives for tests. */
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** Writes `files` (relative path → content) under a new temporary folder; returns the folder. */
export function writeTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'kubepath-test-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** An entry of a test archive: a file, or a link (which a safe reader must refuse). */
export type TarEntry = { name: string; content: string } | { name: string; linkTo: string };

/** A gzipped tar of `entries`, in order. */
export async function makeTarGz(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c) => chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const entry of entries) {
    if ('content' in entry) pack.entry({ name: entry.name }, entry.content);
    else pack.entry({ name: entry.name, type: 'symlink', linkname: entry.linkTo });
  }
  pack.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

/** The `.yaml` files under a folder, sorted by path (a cluster of manifests, as files). */
export function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const path = join(dir, f);
      return statSync(path).isDirectory() ? yamlFilesUnder(path) : f.endsWith('.yaml') ? [path] : [];
    });
}
