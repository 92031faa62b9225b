import type { SeedOptions } from './generator.js';
import type { EventWriter } from './eventWriter.js';
import { POOL_SIZES, type SecretPool } from './secretPool.js';
import { activeTenant, type SeedTenant, type SeedUser } from './sim.js';

export type TenantSummary = Readonly<{
  name: string;
  /** The tier at the end of the run (tier changes happen along the way). */
  tier: string;
  users: number;
  events: number;
  byType: Readonly<Record<string, number>>;
}>;

/** What seed-summary.json holds: exact event counts by type, overall and per tenant. */
export type SeedSummary = Readonly<{
  seed: number;
  tenants: number;
  users: number;
  events: number;
  days: number;
  start: string;
  end: string;
  dataDir: string;
  append: boolean;
  elapsedMs: number;
  eventsPerSecond: number;
  secretPool: Readonly<{ passwordHashes: number; answerHashes: number; note: string }>;
  byType: Readonly<Record<string, number>>;
  byTenant: Readonly<Record<string, TenantSummary>>;
}>;

const sortedCounts = (counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));

export const buildSummary = (input: {
  options: SeedOptions;
  tenants: readonly SeedTenant[];
  population: readonly SeedUser[];
  writer: EventWriter;
  pool: SecretPool;
  elapsedMs: number;
}): SeedSummary => {
  const { options, writer } = input;
  const byType: Record<string, number> = {};
  const byTenant: Record<string, TenantSummary> = {};
  for (const tenant of input.tenants) {
    const counts = writer.counts[tenant.tenantId] ?? {};
    for (const [type, n] of Object.entries(counts)) byType[type] = (byType[type] ?? 0) + n;
    byTenant[tenant.tenantId] = {
      name: tenant.name,
      tier: activeTenant(tenant).tier,
      users: tenant.users.length,
      events: Object.values(counts).reduce((a, b) => a + b, 0),
      byType: sortedCounts(counts),
    };
  }
  const end = new Date(options.start.getTime() + options.days * 86_400_000);
  return {
    seed: options.seed,
    tenants: input.tenants.length,
    users: input.population.length,
    events: writer.total,
    days: options.days,
    start: options.start.toISOString(),
    end: end.toISOString(),
    dataDir: options.dataDir,
    append: options.append,
    elapsedMs: Math.round(input.elapsedMs),
    eventsPerSecond: Math.round(writer.total / (input.elapsedMs / 1000)),
    secretPool: {
      passwordHashes: POOL_SIZES.passwords,
      answerHashes: POOL_SIZES.answers,
      note:
        'argon2id hashes (OWASP parameters, salts from the seed) are computed once for a small ' +
        'pool of passwords and answers and reused across users: hashing per event would take hours',
    },
    byType: sortedCounts(byType),
    byTenant,
  };
};
