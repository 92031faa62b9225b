import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run seed -- --tenants N --users N --events N [options]

  --tenants N          tenants to create (1..1000)
  --users N            users across all tenants (at least one per tenant)
  --events N           exactly this many events are written
  --seed N             seed of every random choice, ids and codes (default 42)
  --days N             simulated period in days (default 90)
  --start ISO-DATE     first simulated instant (default 2026-01-01T00:00:00Z)
  --data-dir DIR       where events.sqlite and seed-summary.json go (default ./data)
  --eventstore-url URL write to KurrentDB instead of the SQLite file
  --append             add to a store that already holds events
  --batch N            events per group-committed batch (default 8192)
  --quiet              no progress bar
  --help               this text`;

export type SeedArgs = Readonly<{
  tenants: number;
  users: number;
  events: number;
  seed: number;
  days: number;
  start: Date;
  dataDir: string;
  eventStoreUrl: string | undefined;
  append: boolean;
  batchEvents: number;
  quiet: boolean;
  help: boolean;
}>;

/** A bad command line: the message names the argument and what it must be. */
export class ArgsError extends Error {
  override readonly name = 'ArgsError';
}

const integer = (
  name: string,
  raw: string | undefined,
  range: [number, number],
  fallback?: number,
): number => {
  if (raw === undefined) {
    if (fallback === undefined) throw new ArgsError(`--${name} is required`);
    return fallback;
  }
  const text = raw.replace(/[_,]/g, '');
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < range[0] || value > range[1]) {
    throw new ArgsError(
      `--${name} must be a whole number from ${range[0]} to ${range[1]}, got "${raw}"`,
    );
  }
  return value;
};

/**
 * Reads the command line. Relative directories resolve against the directory `npm run` was
 * started from (INIT_CWD), not the bench workspace npm switches to.
 */
export const parseSeedArgs = (
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): SeedArgs => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        tenants: { type: 'string' },
        users: { type: 'string' },
        events: { type: 'string' },
        seed: { type: 'string' },
        days: { type: 'string' },
        start: { type: 'string' },
        'data-dir': { type: 'string' },
        'eventstore-url': { type: 'string' },
        append: { type: 'boolean', default: false },
        batch: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new ArgsError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new ArgsError(
      `Unexpected argument "${positionals[0]}": pass options after --, as in npm run seed -- --events 1000000`,
    );
  }
  const help = values.help === true;
  if (help) return { help } as SeedArgs;
  const tenants = integer('tenants', values.tenants, [1, 1000]);
  const users = integer('users', values.users, [1, 10_000_000]);
  if (users < tenants)
    throw new ArgsError(
      `--users ${users} must be at least --tenants ${tenants}: every tenant needs its admin`,
    );
  const start = new Date(values.start ?? '2026-01-01T00:00:00Z');
  if (Number.isNaN(start.getTime()))
    throw new ArgsError(`--start must be an ISO date like 2026-01-01, got "${values.start}"`);
  const base = env['INIT_CWD'] ?? process.cwd();
  const dataDir = values['data-dir'] ?? './data';
  return {
    tenants,
    users,
    events: integer('events', values.events, [1, 1_000_000_000]),
    seed: integer('seed', values.seed, [0, 0xffff_ffff], 42),
    days: integer('days', values.days, [1, 3650], 90),
    start,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(base, dataDir),
    eventStoreUrl: values['eventstore-url'],
    append: values.append === true,
    batchEvents: integer('batch', values.batch, [1, 1_000_000], 8192),
    quiet: values.quiet === true,
    help,
  };
};
