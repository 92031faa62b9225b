import type { ClickHouse } from './createClickHouse.js';
import { insertRows, selectRows, toClickHouseTime } from './createClickHouse.js';

/**
 * A statement of a step; one that cannot say IF NOT EXISTS (`REMOVE TTL`) runs only while
 * `onlyIf` (a SELECT of one number) gives more than 0.
 */
export type MigrationStatement = string | Readonly<{ query: string; onlyIf: string }>;

/** One schema step. Statements use IF NOT EXISTS so a step interrupted half-way can run again. */
export type Migration = Readonly<{
  version: number;
  name: string;
  statements: readonly MigrationStatement[];
}>;

export const runStatement = async (
  client: ClickHouse,
  statement: MigrationStatement,
): Promise<void> => {
  if (typeof statement === 'string') {
    await client.command({ query: statement });
    return;
  }
  const [row] = await selectRows<Record<string, unknown>>(client, statement.onlyIf);
  if (Number(Object.values(row ?? {})[0] ?? 0) > 0)
    await client.command({ query: statement.query });
};

const createMigrationsTable = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version UInt32,
    name String,
    applied_at DateTime64(3, 'UTC')
  ) ENGINE = ReplacingMergeTree ORDER BY version`;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, and returns
 * the versions it applied. A step is recorded only after all its statements ran.
 */
export const migrate = async (
  client: ClickHouse,
  migrations: readonly Migration[],
): Promise<number[]> => {
  assertOrdered(migrations);
  await client.command({ query: createMigrationsTable });
  const rows = await selectRows<{ version: number }>(
    client,
    'SELECT DISTINCT version FROM schema_migrations',
  );
  const applied = new Set(rows.map((r) => Number(r.version)));
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    for (const statement of migration.statements) await runStatement(client, statement);
    await insertRows(
      client,
      'schema_migrations',
      [
        {
          version: migration.version,
          name: migration.name,
          applied_at: toClickHouseTime(new Date()),
        },
      ],
      `schema_migrations:${migration.version}:${Date.now()}`,
    );
    done.push(migration.version);
  }
  return done;
};

const assertOrdered = (migrations: readonly Migration[]): void => {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (previous && m.version <= previous.version) {
      throw new Error(
        `Migration ${m.version} (${m.name}) must come after ${previous.version} with a higher version`,
      );
    }
  });
};
