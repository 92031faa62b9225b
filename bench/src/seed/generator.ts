import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEventStore } from '@resetline/adapters';
import type { EventStore } from '@resetline/domain';
import { MAX_ACTIVITY_EVENTS, runUserActivity, unknownUserReset } from './activities/index.js';
import { attemptSignIn } from './activities/signIn.js';
import { EventWriter } from './eventWriter.js';
import { Prng } from './prng.js';
import { seededCrypto } from './seededCrypto.js';
import { buildSecretPool, clearValuesOf } from './secretPool.js';
import { createSim, existing, type SeedTenant, type SeedUser, type Sim } from './sim.js';
import { buildSummary, type SeedSummary } from './summary.js';
import { changePolicy, createTenant, schedulePolicyChanges, type PolicyChange } from './tenants.js';
import { Timeline } from './timeline.js';
import { createUser, provisionUser, splitUsers } from './users.js';

export type SeedOptions = Readonly<{
  tenants: number;
  users: number;
  /** Exactly this many events are written. */
  events: number;
  seed: number;
  days: number;
  start: Date;
  dataDir: string;
  eventStoreUrl?: string | undefined;
  /** Add to a store that already holds events (tenant ids then carry the seed). */
  append: boolean;
  /** Events per group-committed batch. */
  batchEvents?: number;
  /** Keep the clear values used (pool and issued codes) in the result, for leak tests. */
  collectSecrets?: boolean;
  onProgress?: (written: number, total: number) => void;
}>;

export type SeedResult = Readonly<{
  summary: SeedSummary;
  /** Only with collectSecrets: every clear password, answer, TOTP secret and code used. */
  secrets?: Readonly<{ clearValues: readonly string[]; codes: readonly string[] }>;
}>;

/** A refusal the command line reports in one line, without a stack trace. */
export class SeedError extends Error {
  override readonly name = 'SeedError';
}

export const SUMMARY_FILE = 'seed-summary.json';
const HOUR_MS = 3_600_000;
/** Tenant creation (at most 5 events) and each user's provisioning (3 events). */
export const minimumEvents = (tenants: number, users: number): number => 5 * tenants + 3 * users;

const assertEmpty = async (store: EventStore, options: SeedOptions): Promise<void> => {
  const head = await store.headPosition();
  if (head > 0 && !options.append) {
    throw new SeedError(
      `The event store in ${options.eventStoreUrl ?? options.dataDir} already holds ${head} events: ` +
        'seed an empty store (another --data-dir) or pass --append to add to it',
    );
  }
};

const assertTenantsNew = async (
  store: EventStore,
  tenants: readonly SeedTenant[],
): Promise<void> => {
  for (const tenant of tenants) {
    if ((await store.readStream(tenant.stream.streamId, { maxCount: 1 })).length > 0) {
      throw new SeedError(
        `Tenant ${tenant.tenantId} already exists in the store: use another --seed`,
      );
    }
  }
};

/** Users imported at the start, then joiners provisioned over the first 80 % of the period. */
const planUsers = (
  sim: Sim,
  tenants: SeedTenant[],
  options: SeedOptions,
  activityEvents: number,
) => {
  const perTenant = splitUsers(options.users, tenants.length);
  const joinerCap = Math.floor((activityEvents * 0.05) / 3);
  const joinersWanted = Math.min(Math.floor(options.users * 0.1), joinerCap);
  const importAt = options.start.getTime() + HOUR_MS;
  const spanMs = options.days * 24 * HOUR_MS;
  const imported: SeedUser[] = [];
  const joiners: { at: number; user: SeedUser }[] = [];
  let joinersLeft = joinersWanted;
  tenants.forEach((tenant, t) => {
    for (let i = 0; i < perTenant[t]!; i++) {
      const joins = i > 0 && joinersLeft > 0 && sim.prng.chance(joinersWanted / options.users);
      const at = joins ? importAt + spanMs * 0.8 * sim.prng.float() : importAt + i * 50;
      const user = createUser(sim, tenant, i, at);
      if (i === 0) tenant.admin = user;
      if (joins) {
        joinersLeft--;
        joiners.push({ at, user });
      } else imported.push(user);
    }
  });
  return { imported, joiners: joiners.sort((a, b) => a.at - b.at) };
};

/** Picks a user, more often the more active ones; deleted users drop out. */
const pickUser = (sim: Sim, population: SeedUser[]): SeedUser | undefined => {
  for (let tries = 0; tries < 16; tries++) {
    const user = population[sim.prng.int(population.length)]!;
    if (!existing(user)) continue;
    if (sim.prng.float() * 3 < user.persona.activity) return user;
  }
  return undefined;
};

export const runSeed = async (options: SeedOptions): Promise<SeedResult> => {
  const startedAt = performance.now();
  const minimum = minimumEvents(options.tenants, options.users);
  if (options.events < minimum) {
    throw new SeedError(
      `--events ${options.events} is too few for ${options.tenants} tenants and ${options.users} users: ` +
        `setting them up alone takes up to ${minimum} events`,
    );
  }
  const store = openEventStore({ dataDir: options.dataDir, eventStoreUrl: options.eventStoreUrl });
  try {
    await assertEmpty(store, options);
    const prng = new Prng(options.seed);
    const crypto = seededCrypto(options.seed, prng);
    const pool = await buildSecretPool(prng, crypto.secretBox);
    const writer = new EventWriter(store, prng, options.batchEvents ?? 8192);
    const startMs = options.start.getTime();
    const endMs = startMs + options.days * 24 * HOUR_MS;
    const sim = createSim({
      prng,
      writer,
      pool,
      ...crypto,
      startMs,
      collectCodes: options.collectSecrets ?? false,
    });
    const progress = async (): Promise<void> => {
      await writer.flush();
      options.onProgress?.(writer.total, options.events);
    };

    const tenants = Array.from({ length: options.tenants }, (_, i) => {
      sim.at = startMs + i * 10 * 60_000;
      return createTenant(sim, i, options.append ? `-${options.seed}` : '');
    });
    await assertTenantsNew(store, tenants);
    const activityBudget = options.events - minimum;
    const { imported, joiners } = planUsers(sim, tenants, options, activityBudget);
    const population: SeedUser[] = [];
    for (const user of imported) {
      sim.at = Math.max(sim.at, user.nextFreeAt);
      provisionUser(sim, user);
      if (user.provisioned) population.push(user);
      if (writer.shouldFlush) await progress();
    }
    const policyChanges: PolicyChange[] = schedulePolicyChanges(
      sim,
      tenants,
      startMs + 24 * HOUR_MS,
      endMs,
    );
    const timeline = new Timeline(startMs + 3 * HOUR_MS, endMs);
    const setupEvents = writer.total;
    const activityEvents = options.events - setupEvents;
    let nextChange = 0;
    let nextJoiner = 0;
    let idle = 0;

    while (writer.total < options.events) {
      const before = writer.total;
      const remaining = options.events - writer.total;
      const now = timeline.at((writer.total - setupEvents) / activityEvents);
      if (remaining <= MAX_ACTIVITY_EVENTS) {
        // The last few events: single sign-ins (always exactly one event) land the exact total.
        const user = pickUser(sim, population);
        if (!user) continue;
        sim.at = Math.max(now, user.nextFreeAt);
        attemptSignIn(sim, user, null);
        user.nextFreeAt = sim.at + 1000;
      } else if (policyChanges[nextChange] && policyChanges[nextChange]!.at <= now) {
        sim.at = Math.max(now, policyChanges[nextChange]!.at);
        changePolicy(sim, policyChanges[nextChange++]!);
      } else if (joiners[nextJoiner] && joiners[nextJoiner]!.at <= now) {
        const { user } = joiners[nextJoiner++]!;
        sim.at = now;
        provisionUser(sim, user);
        if (user.provisioned) population.push(user);
      } else if (sim.prng.chance(0.03)) {
        sim.at = now;
        unknownUserReset(sim, sim.prng.pick(tenants));
      } else {
        const user = pickUser(sim, population);
        if (!user) continue;
        sim.at = Math.max(now, user.nextFreeAt);
        runUserActivity(sim, user);
        user.nextFreeAt = sim.at + 1000;
      }
      idle = writer.total === before ? idle + 1 : 0;
      if (idle > 100_000) throw new Error('The seed generator stopped making progress: a bug');
      if (writer.shouldFlush) await progress();
    }
    await progress();
    const elapsedMs = performance.now() - startedAt;
    const summary = buildSummary({ options, tenants, population, writer, pool, elapsedMs });
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(join(options.dataDir, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
    return {
      summary,
      ...(options.collectSecrets
        ? { secrets: { clearValues: clearValuesOf(pool), codes: sim.issuedCodes ?? [] } }
        : {}),
    };
  } finally {
    await store.close();
  }
};
