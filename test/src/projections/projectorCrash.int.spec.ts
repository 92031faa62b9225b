import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openSqliteEventStore } from '@resetline/adapters';
import type { EventStore, RecordedEvent } from '@resetline/domain';
import { createClickHouse, selectRows, type ClickHouse } from '@resetline/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStory } from './workload.js';
import { freshDatabaseUrl } from '../support/clickHouseDatabase.js';

const script = join(dirname(fileURLToPath(import.meta.url)), 'projectorProcess.ts');
const LIVES = 8;

type Projector = Readonly<{
  child: ChildProcess;
  checkpoints: number[];
  diedAfterInsert: () => boolean;
  exited: Promise<number | null>;
}>;

const startProjector = (args: readonly string[]): Projector => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', script, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const checkpoints: number[] = [];
  let died = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [word, value] = line.split(' ');
    if (word === 'checkpoint') checkpoints.push(Number(value));
    if (word === 'dying') died = true;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, checkpoints, diedAfterInsert: () => died, exited };
};

const waitFor = async (
  condition: () => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const countBy = (
  events: readonly RecordedEvent[],
  key: (e: RecordedEvent) => string | undefined,
) => {
  const counts: Record<string, number> = {};
  for (const e of events) {
    const k = key(e);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
};

const toCounts = (rows: readonly { k: string; n: string }[]) =>
  Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));

const targets = [
  { name: 'chDB', url: undefined as string | undefined },
  { name: 'a ClickHouse server', url: process.env['CLICKHOUSE_URL'] },
];

for (const target of targets) {
  const suite = target.name === 'chDB' || target.url ? describe : describe.skip;
  const title =
    target.name === 'chDB' || target.url
      ? `projector killed with SIGKILL mid-batch, on ${target.name}`
      : `projector killed with SIGKILL mid-batch, on ${target.name} (CLICKHOUSE_URL not set)`;

  suite(title, () => {
    let dir: string;
    let store: EventStore;
    let url = '';
    let client: ClickHouse | undefined;
    let stories = 0;
    let writing = true;
    let writer: Promise<void>;
    const crashCheckpoints: number[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'resetline-crash-'));
      store = openSqliteEventStore({ path: join(dir, 'events.sqlite') });
      if (target.url) url = await freshDatabaseUrl(target.url, 'resetline_crash', dir);
      for (; stories < 300; stories++) await appendStory(store, stories);
      writer = (async () => {
        while (writing) {
          await appendStory(store, stories++);
          // ~1,000 events/s: the projector catches up within a life and then follows live.
          if (stories % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
    });

    afterAll(async () => {
      writing = false;
      await writer;
      await client?.close();
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('ends with every read-model count equal to the count made from the event store', async () => {
      const args = [join(dir, 'events.sqlite'), join(dir, 'chdb'), url];
      let selfKills = 0;
      for (let life = 0; life < LIVES; life++) {
        if (life % 2 === 1) {
          // Dies by its own SIGKILL between a read-model insert and its checkpoint.
          const projector = startProjector([...args, '--die-after-insert=0.1']);
          await projector.exited;
          if (projector.diedAfterInsert()) selfKills += 1;
          crashCheckpoints.push(projector.checkpoints.at(-1) ?? 0);
          continue;
        }
        // Killed from outside at a random moment once it is working (catching up or live).
        const projector = startProjector(args);
        await waitFor(() => projector.checkpoints.length >= 1, 'the projector to make progress');
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 1500)));
        projector.child.kill('SIGKILL');
        await projector.exited;
        crashCheckpoints.push(projector.checkpoints.at(-1) ?? 0);
      }
      expect(selfKills).toBe(LIVES / 2);
      writing = false;
      await writer;

      const final = startProjector([...args, '--catch-up']);
      expect(await final.exited).toBe(0);

      const events = await store.readAll();
      // The writer kept appending while the projector was killed: there was work left each time.
      expect(Math.min(...crashCheckpoints)).toBeLessThan(events.length);
      client = createClickHouse({ url: url || undefined, dataDir: join(dir, 'chdb') });
      const q = async (query: string) =>
        toCounts(await selectRows<{ k: string; n: string }>(client!, query));

      const perTenantType = countBy(events, (e) => `${e.metadata.tenantId}/${e.type}`);
      expect(
        await q(
          `SELECT concat(tenant_id, '/', event_type) AS k, count() AS n FROM audit_log FINAL GROUP BY k`,
        ),
      ).toEqual(perTenantType);
      const perTenantDay = countBy(
        events,
        (e) => `${e.metadata.tenantId}/${e.occurredAt.toISOString().slice(0, 10)}`,
      );
      expect(
        await q(`SELECT concat(tenant_id, '/', toString(toDate(occurred_at))) AS k,
                        uniqExact(position) AS n
                 FROM audit_log GROUP BY k`),
      ).toEqual(perTenantDay);
      const flowEnds = countBy(events, (e) =>
        e.type === 'PasswordResetCompleted'
          ? 'completed'
          : e.type === 'PasswordResetAbandoned'
            ? 'abandoned'
            : e.type === 'PasswordResetFailed'
              ? 'failed'
              : undefined,
      );
      expect(
        await q('SELECT outcome AS k, count() AS n FROM reset_flows FINAL GROUP BY k'),
      ).toEqual(flowEnds);
      const registrations = countBy(events, (e) =>
        e.type === 'UserProvisioned' || e.type === 'SecurityInfoRegistered' ? e.type : undefined,
      );
      expect(
        await q(`SELECT if(change = 'provisioned', 'UserProvisioned', 'SecurityInfoRegistered') AS k,
                        count() AS n FROM registration_changes FINAL GROUP BY k`),
      ).toEqual(registrations);
      expect(
        await q('SELECT status AS k, count() AS n FROM projection_failed_events GROUP BY k'),
      ).toEqual({});

      const raw = await q(`SELECT 'rows' AS k, count() AS n FROM audit_log`);
      console.info(
        `crash test (${target.name}): ${events.length} events, ${LIVES} kills at checkpoints ` +
          `${crashCheckpoints.join(', ')}; audit_log holds ${raw['rows']} raw rows before merge`,
      );
    }, 180_000);
  });
}
