import {
  credentialFold,
  decideUserAdmin,
  evolveUsernameReservation,
  initialUsernameReservation,
  reserveUsername,
  ResetlineError,
  userStreamId,
  usernameStreamId,
  type ActingAdmin,
  type Role,
  type UserSource,
} from '@resetline/domain';
import { track } from './eventWriter.js';
import { seededUuidv7 } from './seededRandom.js';
import {
  activeTenant,
  adminActor,
  existing,
  metadataFor,
  systemActor,
  type Persona,
  type SeedTenant,
  type SeedUser,
  type Sim,
} from './sim.js';
import {
  firstNames,
  groupNames,
  lastNames,
  personalMailDomains,
  userAgents,
} from './vocabulary.js';

/** Users per tenant: a few large tenants and a tail of small ones (Zipf-like), at least 1 each. */
export const splitUsers = (users: number, tenants: number): number[] => {
  const weights = Array.from({ length: tenants }, (_, i) => 1 / (i + 1) ** 0.8);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((users - tenants) * (w / sum)) + 1));
  let left = users - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % tenants, left--) counts[i]! += 1;
  return counts;
};

const compact = (text: string): string => text.toLowerCase().replace(/[^a-z]/g, '');

const personaFor = (sim: Sim): Persona => ({
  activity: 0.2 + sim.prng.exponential(1),
  diligence: sim.prng.weighted({ eager: 70, partial: 18, never: 12 }),
  forgetful: sim.prng.pick([0.01, 0.02, 0.04, 0.1]),
  sloppy: sim.prng.pick([0.02, 0.05, 0.1, 0.2]),
  targeted: sim.prng.chance(0.03),
});

const rolesFor = (sim: Sim, index: number): Role[] => {
  if (index === 0) return ['globalAdmin'];
  const role = sim.prng.weighted<Role>({
    user: 975,
    passwordAdmin: 10,
    reportsReader: 7,
    auditReader: 5,
    globalAdmin: 3,
  });
  return role === 'user' ? ['user'] : [role];
};

const sourceFor = (sim: Sim, tenant: SeedTenant, index: number): UserSource => {
  if (index === 0) return 'cloud';
  const free = activeTenant(tenant).tier === 'free';
  return sim.prng.weighted<UserSource>(
    free ? { cloud: 30, synced: 65, federated: 5 } : { cloud: 50, synced: 40, federated: 10 },
  );
};

/** A person of the tenant, not yet provisioned: identity, contact details and habits. */
export const createUser = (sim: Sim, tenant: SeedTenant, index: number, atMs: number): SeedUser => {
  const firstName = sim.prng.pick(firstNames);
  const lastName = sim.prng.pick(lastNames);
  const local = `${compact(firstName)}.${compact(lastName)}${index}`;
  const national = sim.prng.digits(8);
  const userId = seededUuidv7(sim.prng, atMs);
  return {
    index,
    tenant,
    userId,
    username: `${local}@${tenant.domain}`,
    firstName,
    lastName,
    stream: track(userStreamId(userId), credentialFold.initialState()),
    persona: personaFor(sim),
    ip: `198.51.${sim.prng.int(100)}.${1 + sim.prng.int(254)}`,
    userAgent: sim.prng.pick(userAgents),
    personalEmail: `${local}@${sim.prng.pick(personalMailDomains)}`,
    mobile: sim.prng.chance(0.6) ? `+316${national}` : `+1555${national.slice(0, 7)}`,
    officePhone: `+3120${sim.prng.digits(7)}`,
    passwordIndex: sim.prng.int(sim.pool.passwords.length),
    previousPasswords: [],
    answers: new Map(),
    nextFreeAt: atMs,
    provisioned: false,
  };
};

/**
 * Reserves the username (its own stream) and provisions the user with an initial password, the
 * two appends the user service makes, through the same deciders. The first user of a tenant
 * is its admin; later joiners are provisioned by that admin.
 */
export const provisionUser = (sim: Sim, user: SeedUser): void => {
  const { tenant } = user;
  const admin = tenant.admin?.provisioned ? tenant.admin : undefined;
  const acting: ActingAdmin = admin
    ? { kind: 'admin', userId: admin.userId, roles: ['globalAdmin'] }
    : { kind: 'system' };
  const metadata = metadataFor(sim, tenant.tenantId, admin ? adminActor(admin) : systemActor);
  const reservation = track(
    usernameStreamId(tenant.tenantId, user.username),
    initialUsernameReservation(),
  );
  const source = sourceFor(sim, tenant, user.index);
  const groups = sim.prng.sample(groupNames, sim.prng.between(1, 3));
  try {
    sim.writer.record(
      reservation,
      reserveUsername(
        {
          type: 'ReserveUsername',
          data: { userId: user.userId, username: user.username },
          metadata,
        },
        reservation.state,
      ),
      evolveUsernameReservation,
      metadata,
    );
    sim.writer.record(
      user.stream,
      decideUserAdmin(
        {
          type: 'ProvisionUser',
          data: {
            userId: user.userId,
            username: user.username,
            displayName: `${user.firstName} ${user.lastName}`,
            firstName: user.firstName,
            lastName: user.lastName,
            source,
            roles: rolesFor(sim, user.index),
            groups,
            language: sim.prng.chance(0.85) ? activeTenant(tenant).language : 'en',
            initialPasswordHash: sim.pool.passwordHashes[user.passwordIndex],
            mustChangeAtNextSignIn: admin !== undefined && source === 'cloud',
          },
          metadata,
        },
        user.stream.state.user,
        acting,
      ),
      credentialFold.evolve,
      metadata,
    );
    user.provisioned = true;
    tenant.users.push(user);
    if (existing(user)?.roles.includes('passwordAdmin')) tenant.helpdesk.push(user);
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
  }
};
