import { createClickHouse } from '@resetline/projections';

/** A fresh database on the ClickHouse server at `url`, for one suite: its URL. */
export const freshDatabaseUrl = async (
  url: string,
  prefix: string,
  dir: string,
): Promise<string> => {
  const database = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = createClickHouse({ url, dataDir: dir });
  await admin.command({ query: `CREATE DATABASE ${database}` });
  await admin.close();
  const withDb = new URL(url);
  withDb.pathname = `/${database}`;
  return withDb.toString();
};
