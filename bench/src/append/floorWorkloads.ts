import { join } from 'node:path';
import Database from 'better-sqlite3';
import { signInFailedData } from './benchDecider.js';
import { uuidv7 } from './benchRandom.js';
import { BATCH_SIZE, CATCH_UP_PAGE } from './resetlineWorkloads.js';
import { nowMs } from './stats.js';
import type { WorkloadResult } from './stats.js';

const STORE = 'bare sqlite';

/**
 * The floor: plain better-sqlite3 inserts into the same table shape with the same durability
 * (WAL, synchronous=FULL), no checks, no events API. Nothing can append faster on this disk.
 */
export const runFloor = (
  dir: string,
  sizes: Readonly<{ single: number; batch: number }>,
  log: (line: string) => void,
): WorkloadResult[] => {
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
    metadata TEXT NOT NULL, occurred_at INTEGER NOT NULL, UNIQUE (stream_id, revision))`);
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const metadata = JSON.stringify({
    tenantId: 'tenant-bench',
    actor: { kind: 'user', id: 'user-bench' },
    correlationId: '0190f1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6',
    ip: '203.0.113.7',
    userAgent: 'bench/1.0',
  });
  const row = (stream: string, revision: number, n: number) =>
    [
      uuidv7(),
      stream,
      revision,
      'SignInFailed',
      JSON.stringify(signInFailedData(revision + 1, n)),
      metadata,
      Date.now(),
    ] as const;
  const results: WorkloadResult[] = [];

  log('  bare sqlite single…');
  let latenciesMs: number[] = [];
  let start = nowMs();
  for (let i = 0; i < sizes.single; i++) {
    const t = nowMs();
    insert.run(...row(`single-${i}`, 0, i));
    latenciesMs.push(nowMs() - t);
  }
  results.push({
    store: STORE,
    workload: 'single',
    events: sizes.single,
    seconds: (nowMs() - start) / 1000,
    latenciesMs,
    unit: 'insert + commit',
  });

  log('  bare sqlite batch…');
  const insertBatch = db.transaction((b: number) => {
    for (let n = 0; n < BATCH_SIZE; n++) insert.run(...row(`batch-${b}`, n, b * BATCH_SIZE + n));
  });
  latenciesMs = [];
  start = nowMs();
  for (let b = 0; b * BATCH_SIZE < sizes.batch; b++) {
    const t = nowMs();
    insertBatch.immediate(b);
    latenciesMs.push(nowMs() - t);
  }
  results.push({
    store: STORE,
    workload: 'batch',
    events: sizes.batch,
    seconds: (nowMs() - start) / 1000,
    latenciesMs,
    unit: `${BATCH_SIZE} inserts + commit`,
  });

  log('  bare sqlite catch-up…');
  const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT position, event_id, stream_id, revision, type, data, metadata, occurred_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  latenciesMs = [];
  let after = 0;
  let count = 0;
  start = nowMs();
  for (;;) {
    const t = nowMs();
    const rows = page.all(after, CATCH_UP_PAGE);
    if (rows.length === 0) break;
    for (const r of rows) {
      JSON.parse(r.data);
      JSON.parse(r.metadata);
    }
    count += rows.length;
    after = (rows.at(-1) as { position: number }).position;
    latenciesMs.push(nowMs() - t);
  }
  results.push({
    store: STORE,
    workload: 'catch-up',
    events: count,
    seconds: (nowMs() - start) / 1000,
    latenciesMs,
    unit: `page of ${CATCH_UP_PAGE} rows + JSON.parse`,
  });
  db.close();
  return results;
};
