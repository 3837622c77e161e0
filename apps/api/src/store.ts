/**
 * The embedded snapshot store: one SQLite file (better-sqlite3) under the data directory,
 * snapshots gzipped, each write one transaction (a crash mid-write leaves no half snapshot),
 * the schema versioned with numbered migrations.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { SnapshotSchema, type RuntimeAlert, type Snapshot } from '@kubepath/model';

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
  // Known compromised: Falco alerts uploaded beside a snapshot, and vertices marked as owned.
  `CREATE TABLE compromised (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     snapshot_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('alert', 'owned')),
     data TEXT NOT NULL
   );
   CREATE INDEX compromised_by_snapshot ON compromised (snapshot_id, kind)`,
  // Scheduled reports, ok or failed, per cluster (reports/report-store.ts).
  `CREATE TABLE reports (
     id TEXT PRIMARY KEY,
     cluster TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
     reason TEXT,
     trigger TEXT NOT NULL,
     scheduled_for TEXT,
     started_at TEXT NOT NULL,
     finished_at TEXT NOT NULL,
     counts TEXT,
     data BLOB
   );
   CREATE INDEX reports_by_cluster ON reports (cluster, started_at)`,
  // What a snapshot's stored analysis is checked against (stored-analyses.ts): the hash of its data.
  `ALTER TABLE snapshots ADD COLUMN digest TEXT`,
];

/** What is known compromised in a snapshot: its alerts (in upload order) and owned marks. */
export interface CompromisedMarks {
  alerts: RuntimeAlert[];
  owned: string[];
}

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

  /** The database, for the stores that share its file (reports). */
  get database(): Database.Database {
    return this.db;
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
    const digest = createHash('sha256').update(data).digest('hex');
    this.db
      .prepare(
        'INSERT INTO snapshots (id, cluster, created_at, objects, bytes, data, digest) VALUES (@id, @cluster, @createdAt, @objects, @bytes, @data, @digest)',
      )
      .run({ ...info, data, digest });
    return info;
  }

  /**
   * The SHA-256 of the snapshot's stored data: an id names whatever was stored under it last
   * (a scheduled collection replaces its cluster's), the digest names the content. Null for
   * an unknown id or a snapshot stored before digests were kept.
   */
  digest(id: string): string | null {
    const row = this.db.prepare('SELECT digest FROM snapshots WHERE id = ?').get(id) as
      { digest: string | null } | undefined;
    return row?.digest ?? null;
  }

  /** The ids of every snapshot held. */
  ids(): string[] {
    return (this.db.prepare('SELECT id FROM snapshots').all() as { id: string }[]).map((r) => r.id);
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
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM compromised WHERE snapshot_id = ?').run(id);
      return this.db.prepare('DELETE FROM snapshots WHERE id = ?').run(id).changes > 0;
    })();
  }

  /** Adds Falco alerts to a snapshot's known compromised; the count it holds afterwards. */
  addAlerts(id: string, alerts: readonly RuntimeAlert[]): number {
    const insert = this.db.prepare(
      "INSERT INTO compromised (snapshot_id, kind, data) VALUES (?, 'alert', ?)",
    );
    this.db.transaction(() => {
      for (const a of alerts) insert.run(id, JSON.stringify(a));
    })();
    return this.alertCount(id);
  }

  alertCount(id: string): number {
    return (
      this.db
        .prepare("SELECT COUNT(*) AS n FROM compromised WHERE snapshot_id = ? AND kind = 'alert'")
        .get(id) as { n: number }
    ).n;
  }

  /** Marks a vertex owned (once: marking it again changes nothing). */
  markOwned(id: string, vertex: string): void {
    this.db.transaction(() => {
      const has = this.db
        .prepare("SELECT 1 FROM compromised WHERE snapshot_id = ? AND kind = 'owned' AND data = ?")
        .get(id, vertex);
      if (!has)
        this.db
          .prepare("INSERT INTO compromised (snapshot_id, kind, data) VALUES (?, 'owned', ?)")
          .run(id, vertex);
    })();
  }

  /** Takes an owned mark back; false when there was none. */
  unmarkOwned(id: string, vertex: string): boolean {
    return (
      this.db
        .prepare("DELETE FROM compromised WHERE snapshot_id = ? AND kind = 'owned' AND data = ?")
        .run(id, vertex).changes > 0
    );
  }

  /** Forgets a snapshot's alerts and owned marks. */
  clearCompromised(id: string): void {
    this.db.prepare('DELETE FROM compromised WHERE snapshot_id = ?').run(id);
  }

  compromised(id: string): CompromisedMarks {
    const rows = this.db
      .prepare('SELECT kind, data FROM compromised WHERE snapshot_id = ? ORDER BY seq')
      .all(id) as { kind: 'alert' | 'owned'; data: string }[];
    return {
      alerts: rows.filter((r) => r.kind === 'alert').map((r) => JSON.parse(r.data) as RuntimeAlert),
      owned: rows.filter((r) => r.kind === 'owned').map((r) => r.data),
    };
  }

  close(): void {
    this.db.close();
  }
}
