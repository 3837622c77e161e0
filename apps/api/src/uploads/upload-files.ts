/**
 * Where uploads wait while they are read: `<data dir>/uploads`, one folder each. A raw upload
 * may hold secret values (it is the client's file, before redaction), so none outlives its
 * request: the route removes its folder, and a start or a stop of the server removes any a
 * crash left behind.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** The folder uploads are written to while they are read. */
export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}

/** Removes every upload folder left in the data directory. */
export function removeStaleUploads(dataDir: string): void {
  rmSync(uploadsDir(dataDir), { recursive: true, force: true });
}
