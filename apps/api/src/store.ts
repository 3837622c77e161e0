/**
 * The embedded snapshot store: one SQLite file (better-sqlite3) under the data directory,
 * snapshots gzipped, each write one transaction (a crash mid-write leaves no half snapshot),
 * the schema versioned with numbered migrations.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { SnapshotSchema, type Snapshot } from '@kubepath/model';

/** Schema migrations, in order; the store records how many have run. */
const MIGRATIONS = [
  `CREATE TABLE snapshots (
     id TEXT PRIMARY KEY,
     cluster TEXT NOT NULL,
     created_at TEXT NOT NULL,
     objects INTEGER NOT NULL,
     bytes INTEGER NOT NULL,
     data BLOB NOT NULL
   )`,
];

export interface SnapshotInfo {
  id: string;
  cluster: string;
  createdAt: string;
  objects: number;
  bytes: number;
}

export class SnapshotStore {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'kubepath.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.db.prepare('SELECT version FROM schema_version').get() as
      { version: number } | undefined;
    const current = row?.version ?? 0;
    const run = this.db.transaction(() => {
      for (let v = current; v < MIGRATIONS.length; v++) this.db.exec(MIGRATIONS[v]!);
      if (row) this.db.prepare('UPDATE schema_version SET version = ?').run(MIGRATIONS.length);
      else this.db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(MIGRATIONS.length);
    });
    run();
  }

  /** The schema version after migrations. */
  get schemaVersion(): number {
    return (this.db.prepare('SELECT version FROM schema_version').get() as { version: number }).version;
  }

  put(id: string, snapshot: Snapshot, objects: number): SnapshotInfo {
    const data = gzipSync(JSON.stringify(snapshot));
    const info: SnapshotInfo = {
      id,
      cluster: snapshot.cluster.name,
      createdAt: new Date().toISOString(),
      objects,
      bytes: data.length,
    };
    this.db
      .prepare(
        'INSERT INTO snapshots (id, cluster, created_at, objects, bytes, data) VALUES (@id, @cluster, @createdAt, @objects, @bytes, @data)',
      )
      .run({ ...info, data });
    return info;
  }

  list(): SnapshotInfo[] {
    return this.db
      .prepare(
        'SELECT id, cluster, created_at AS createdAt, objects, bytes FROM snapshots ORDER BY created_at, id',
      )
      .all() as SnapshotInfo[];
  }

  info(id: string): SnapshotInfo | null {
    return (
      (this.db
        .prepare('SELECT id, cluster, created_at AS createdAt, objects, bytes FROM snapshots WHERE id = ?')
        .get(id) as SnapshotInfo | undefined) ?? null
    );
  }

  get(id: string): Snapshot | null {
    const row = this.db.prepare('SELECT data FROM snapshots WHERE id = ?').get(id) as
      { data: Buffer } | undefined;
    if (!row) return null;
    return SnapshotSchema.parse(JSON.parse(gunzipSync(row.data).toString('utf8')));
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM snapshots WHERE id = ?').run(id).changes > 0;
  }

  close(): void {
    this.db.close();
  }
}
