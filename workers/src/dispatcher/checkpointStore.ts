import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type AdminChange = Readonly<{ tenantId: string; userId: string; isAdmin: boolean }>;

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

  close(): void {
    this.db.close();
  }
}
