import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type AdminChange = Readonly<{ tenantId: string; userId: string; isAdmin: boolean }>;

/** An event the dispatcher could not plan jobs for, however often it tried. */
export type DeadLetter = Readonly<{
  position: number;
  eventId: string;
  eventType: string;
  attempts: number;
  error: string;
  recordedAt: string;
}>;

/**
 * The dispatcher's durable state in a small SQLite file beside the event store: how far it got
 * (global position) and which users of each tenant are admins. Both commit in one transaction,
 * so after a crash the admin index is exactly as of the checkpoint and a replay fans out
 * admin notices to the same people. Kept out of the event store on purpose: bookkeeping
 * events would fill the audit log and wake every subscriber.
 */
export class CheckpointStore {
  private readonly db: Database.Database;
  private readonly readPosition: Database.Statement<[string], number>;
  private readonly commitTx: (
    name: string,
    position: number,
    changes: readonly AdminChange[],
  ) => void;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tenant_admins (
        tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (tenant_id, user_id));
      CREATE TABLE IF NOT EXISTS dead_letters (
        position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
        attempts INTEGER NOT NULL, error TEXT NOT NULL, recorded_at TEXT NOT NULL);
    `);
    this.readPosition = this.db
      .prepare<[string], number>('SELECT position FROM checkpoints WHERE name = ?')
      .pluck();
    const upsert = this.db.prepare(
      `INSERT INTO checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    );
    const addAdmin = this.db.prepare('INSERT OR IGNORE INTO tenant_admins VALUES (?, ?)');
    const removeAdmin = this.db.prepare(
      'DELETE FROM tenant_admins WHERE tenant_id = ? AND user_id = ?',
    );
    this.commitTx = this.db.transaction((name, position, changes) => {
      for (const c of changes) (c.isAdmin ? addAdmin : removeAdmin).run(c.tenantId, c.userId);
      upsert.run(name, position);
    });
  }

  position(name: string): number {
    return this.readPosition.get(name) ?? 0;
  }

  admins(): Map<string, Set<string>> {
    const rows = this.db
      .prepare<[], { tenant_id: string; user_id: string }>('SELECT * FROM tenant_admins')
      .all();
    const byTenant = new Map<string, Set<string>>();
    for (const row of rows) {
      const set = byTenant.get(row.tenant_id) ?? new Set<string>();
      set.add(row.user_id);
      byTenant.set(row.tenant_id, set);
    }
    return byTenant;
  }

  commit(name: string, position: number, changes: readonly AdminChange[] = []): void {
    this.commitTx(name, position, changes);
  }

  /** Keyed by position: a replay that gives up on the same event again overwrites its entry. */
  recordDeadLetter(letter: DeadLetter): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO dead_letters
         (position, event_id, event_type, attempts, error, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        letter.position,
        letter.eventId,
        letter.eventType,
        letter.attempts,
        letter.error,
        letter.recordedAt,
      );
  }

  deadLetters(): DeadLetter[] {
    return this.db
      .prepare<[], DeadLetter>(
        `SELECT position, event_id AS eventId, event_type AS eventType, attempts, error,
                recorded_at AS recordedAt
         FROM dead_letters ORDER BY position`,
      )
      .all();
  }

  close(): void {
    this.db.close();
  }
}
