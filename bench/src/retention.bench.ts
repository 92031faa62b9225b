import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RecordedEvent } from '@resetline/domain';
import {
  applyRetention,
  auditLogSearch,
  createClickHouse,
  insertRows,
  migrate,
  readModelMigrations,
  resolvePeriod,
  runReport,
  selectRows,
  tenantRetentionProjection,
  type ClickHouse,
} from '@resetline/projections';
import { percentile } from './append/stats.js';
import { writeResults } from './results.js';

// bench:retention — what a retention sweep costs over bench:reports' 10M history, on a copy of it
// (the deletes would change the history that bench:reports reuses): the hourly sweep that finds
// nothing, then one tenant's retention cut to --days (counted back from the history's end, so the
// figure does not move with the calendar): how long the sweep holds the engine, how long the
// deletes run in the background, and an audit-log page of another tenant meanwhile.

const { values: flags } = parseArgs({
  options: {
    history: { type: 'string', default: '/tmp/reports10m' },
    days: { type: 'string', default: '30' },
    runs: { type: 'string', default: '30' },
  },
});
const DAYS = Number(flags.days);
const RUNS = Number(flags.runs);
if (!Number.isInteger(DAYS) || DAYS < 1)
  throw new Error(`--days takes a whole number, got ${flags.days}`);
const source = join(String(flags.history), 'chdb');
if (!existsSync(join(String(flags.history), 'history.json'))) {
  throw new Error(
    `${String(flags.history)} holds no bench:reports history: run ` +
      `npm run bench:reports -- --events 10000000 --data-dir ${String(flags.history)} --runs 0 --lag-seconds 1`,
  );
}
// bench:reports' history ends here (reports.bench.ts `END`).
const END = new Date('2026-04-01T00:00:00.000Z');
const TENANT = 'tenant-1';
const OTHER = 'tenant-2';

const lines: string[] = [];
const print = (line: string): void => {
  lines.push(line);
  console.log(line);
};
const ms = (sorted: readonly number[]) =>
  `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms (${sorted.length})`;

const page = () =>
  auditLogSearch(OTHER, resolvePeriod({ kind: 'last7Days' }, END), {}, { first: 100 });
const timePage = async (): Promise<number> => {
  const started = performance.now();
  await runReport(client, page());
  return performance.now() - started;
};
const running = async (c: ClickHouse): Promise<number> =>
  Number(
    (
      await selectRows<{ n: string }>(
        c,
        'SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND NOT is_done',
      )
    )[0]?.n ?? 0,
  );

const dir = mkdtempSync(join(tmpdir(), 'resetline-bench-retention-'));
process.stderr.write(`copying ${source} to ${dir}\n`);
cpSync(source, join(dir, 'chdb'), { recursive: true });
const client = createClickHouse({ dataDir: join(dir, 'chdb') });
try {
  await migrate(client, readModelMigrations);
  print(
    `bench:retention — ${new Date().toISOString()} — ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ` +
      `load average ${loadavg()[0]?.toFixed(1)}; history ${String(flags.history)}, ${TENANT} cut to ${DAYS} days before ${END.toISOString().slice(0, 10)}`,
  );
  await timePage(); // warm-up
  const idle: number[] = [];
  for (let i = 0; i < RUNS; i++) idle.push(await timePage());
  print(`audit page of ${OTHER} (7 d, first 100), idle: ${ms(idle.sort((a, b) => a - b))}`);

  const nothing: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    const swept = await applyRetention(client, { now: END });
    if (swept.some((s) => s.expired > 0)) throw new Error('the history already has expired rows');
    nothing.push(performance.now() - started);
  }
  print(`sweep that finds nothing (the hourly cost): ${ms(nothing.sort((a, b) => a - b))}`);

  const policy = {
    id: 'bench-policy',
    type: 'AuditPolicyUpdated',
    streamId: `tenant-${TENANT}`,
    position: Number.MAX_SAFE_INTEGER,
    version: 1,
    occurredAt: END,
    data: {
      policy: { retentionDays: DAYS, legalHold: false },
      previous: { retentionDays: 365, legalHold: false },
      changedFields: ['retentionDays'],
    },
    metadata: { tenantId: TENANT, actor: { kind: 'admin', id: 'bench' }, correlationId: 'bench' },
  } as unknown as RecordedEvent;
  await insertRows(client, 'tenant_retention', tenantRetentionProjection.toRows(policy), 'bench');
  const started = performance.now();
  const swept = await applyRetention(client, { now: END });
  const sweepMs = performance.now() - started;
  print(
    `sweep after the cut: ${sweepMs.toFixed(0)} ms; rows past retention: ` +
      swept.map((s) => `${s.table} ${s.expired.toLocaleString('en-US')}`).join(', '),
  );
  const during: number[] = [];
  while ((await running(client)) > 0) during.push(await timePage());
  const deleteSeconds = (performance.now() - started) / 1000;
  print(`deletes done in the background after ${deleteSeconds.toFixed(1)} s`);
  print(
    during.length > 0
      ? `audit page of ${OTHER} meanwhile: ${ms(during.sort((a, b) => a - b))}`
      : 'the deletes were done before a page could run',
  );
  const again = await applyRetention(client, { now: END });
  if (again.some((s) => s.expired > 0))
    throw new Error('rows past retention left after the deletes');
  print(
    `RESULT bench:retention sweep_ms=${Math.round(sweepMs)} delete_s=${deleteSeconds.toFixed(1)} ` +
      `page_p95_during_ms=${during.length > 0 ? Math.round(percentile(during, 95)) : 0}`,
  );
  writeResults('retention.txt', lines);
} finally {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
}
