import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runEmmett } from './append/emmettWorkloads.js';
import { runFloor } from './append/floorWorkloads.js';
import { runResetline } from './append/resetlineWorkloads.js';
import { HEADER, formatRow, summarize } from './append/stats.js';
import type { WorkloadResult } from './append/stats.js';
import { writeResults } from './results.js';

// bench:append: 1M events of ~300 bytes on the SQLite event store with production durability
// (WAL, synchronous=FULL), beside Emmett's SQLite store and a bare better-sqlite3 insert loop.
// `npm run bench:append -- --events N` goes through two npm runs: the inner one keeps the flag as
// npm config (npm_config_events) and passes N on as a positional argument, so accept all three.
const { values, positionals } = parseArgs({
  options: { events: { type: 'string' } },
  allowPositionals: true,
});
const npmConfigEvents = /^\d+$/.test(process.env['npm_config_events'] ?? '')
  ? process.env['npm_config_events']
  : undefined;
const eventsArg = values.events ?? positionals[0] ?? npmConfigEvents ?? '1000000';
const total = Number(eventsArg);
if (!Number.isSafeInteger(total) || total < 1000)
  throw new Error(`--events must be an integer >= 1000, got ${eventsArg}`);

const lines: string[] = [];
const print = (line: string): void => {
  lines.push(line);
  console.log(line);
};
const startedAt = performance.now();
const progress = (line: string): void =>
  console.error(`${((performance.now() - startedAt) / 1000).toFixed(1).padStart(7)}s ${line}`);

const ours = {
  batch: Math.round(total * 0.75),
  single: Math.round(total * 0.05),
  concurrent: Math.round(total * 0.2),
};
const emmett = {
  single: Math.min(2_000, ours.single),
  concurrent: Math.min(64, ours.concurrent),
  batch: Math.min(20_000, ours.batch),
};
const floor = { single: Math.min(20_000, ours.single), batch: Math.min(200_000, ours.batch) };

const dir = mkdtempSync(join(tmpdir(), 'resetline-bench-append-'));
try {
  print(
    `bench:append — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at start`,
  );
  print(
    `resetline SQLite store: ${total.toLocaleString('en-US')} events of ~300 bytes (batch ${ours.batch}, then single ${ours.single}, then concurrent ${ours.concurrent}; catch-up reads them all), WAL + synchronous=FULL, temp dir ${dir}`,
  );
  print(
    `peers run smaller sizes: emmett-sqlite single ${emmett.single}, concurrent ${emmett.concurrent}, batch ${emmett.batch}; bare sqlite single ${floor.single}, batch ${floor.batch} (no concurrent: a synchronous loop has no concurrency)`,
  );
  const results: WorkloadResult[] = [
    ...(await runResetline(dir, ours, progress)),
    ...(await runEmmett(dir, emmett, progress)),
    ...runFloor(dir, floor, progress),
  ];
  print('');
  print(HEADER);
  for (const r of results) print(formatRow(r));

  const find = (store: string, workload: string): WorkloadResult => {
    const found = results.find((r) => r.store === store && r.workload === workload);
    if (!found) throw new Error(`no result for ${store} ${workload}`);
    return found;
  };
  const single = summarize(find('resetline', 'single'));
  const emmettSingle = summarize(find('emmett-sqlite', 'single'));
  const round = (n: number): number => Math.round(n);
  print(
    `load average at end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  print('');
  print(
    `RESULT bench:append single_per_s=${round(single.perS)} single_p99_ms=${single.p99.toFixed(2)} ` +
      `concurrent_per_s=${round(summarize(find('resetline', 'concurrent')).perS)} ` +
      `batch_per_s=${round(summarize(find('resetline', 'batch')).perS)} ` +
      `catchup_per_s=${round(summarize(find('resetline', 'catch-up')).perS)} ` +
      `vs_emmett=${(single.perS / emmettSingle.perS).toFixed(1)}`,
  );
  writeResults('append.txt', lines);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
