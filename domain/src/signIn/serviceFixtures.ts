// Seeds tenants and users straight into a real event store for the service specs of signIn,
// passwordChange, passwordReset and adminReset. Test-only; not exported from the package.
import type {
  CommandMetadata,
  EventMetadata,
  PasswordHasher,
  PasswordOwner,
  ServiceDeps,
} from '../core/index.js';
import { parseEvent, type ResetlineEvent } from '../events.js';
import {
  defaultLockoutPolicy,
  defaultSsprPolicy,
  type LockoutPolicy,
  type Role,
  type SsprPolicy,
  type Tier,
  type UserSource,
} from '../policy/index.js';
import {
  defaultPasswordPolicy,
  parsePasswordPolicy,
  type PasswordPolicyInput,
} from '../password/index.js';
import { maskEmail, maskPhone } from '../registration/masking.js';
import { normalizeAnswer } from '../securityQuestions/index.js';
import { tenantStreamId } from '../tenant/tenant.js';
import { userStreamId, usernameStreamId } from '../user/user.js';
import { T0 } from './fixtures.js';

export const TENANT_ID = 'contoso';
const SEEDED_AT = new Date(T0.getTime() - 86_400_000);
const seedMetadata = (tenantId: string): EventMetadata => ({
  tenantId,
  actor: { kind: 'system', id: 'seed' },
  correlationId: 'seed',
});

export const requestAt = (
  now: Date,
  tenantId = TENANT_ID,
  actor: CommandMetadata['actor'] = { kind: 'anonymous', id: 'anonymous' },
): CommandMetadata => ({
  now,
  tenantId,
  actor,
  correlationId: `request-${now.getTime()}`,
  ip: '203.0.113.7',
});

type SeedDeps = Pick<ServiceDeps, 'eventStore' | 'random' | 'passwordHasher' | 'secretBox'>;

const append = (
  deps: SeedDeps,
  streamId: string,
  tenantId: string,
  events: readonly ResetlineEvent[],
) =>
  deps.eventStore.appendToStream(
    streamId,
    events.map((e) => ({
      id: deps.random.uuidv7(),
      type: e.type,
      data: e.data as Record<string, unknown>,
      metadata: seedMetadata(tenantId),
      occurredAt: SEEDED_AT,
    })),
  );

export type TenantSeed = Readonly<{
  tenantId?: string;
  name?: string;
  tier?: Tier;
  sspr?: Partial<SsprPolicy>;
  lockout?: Partial<LockoutPolicy>;
  password?: PasswordPolicyInput;
}>;

/** A tenant with self-service reset open to everyone unless `sspr` says otherwise. */
export const seedTenant = async (deps: SeedDeps, seed: TenantSeed = {}): Promise<string> => {
  const tenantId = seed.tenantId ?? TENANT_ID;
  const sspr: SsprPolicy = { ...defaultSsprPolicy, scope: 'all', ...seed.sspr };
  const lockout: LockoutPolicy = { ...defaultLockoutPolicy, ...seed.lockout };
  await append(deps, tenantStreamId(tenantId), tenantId, [
    {
      type: 'TenantCreated',
      data: {
        tenantId,
        name: seed.name ?? 'Contoso',
        tier: seed.tier ?? 'premium',
        language: 'en',
      },
    },
    {
      type: 'SsprPolicyUpdated',
      data: {
        policy: sspr,
        previous: defaultSsprPolicy,
        changedFields: Object.keys(seed.sspr ?? {}),
      },
    },
    {
      type: 'LockoutPolicyUpdated',
      data: {
        policy: lockout,
        previous: defaultLockoutPolicy,
        changedFields: Object.keys(seed.lockout ?? {}),
      },
    },
    ...(seed.password
      ? [
          {
            type: 'PasswordPolicyUpdated' as const,
            data: {
              policy: parsePasswordPolicy(seed.password),
              previous: defaultPasswordPolicy,
              changedFields: Object.keys(seed.password),
            },
          },
        ]
      : []),
  ]);
  return tenantId;
};

/**
 * `derived`: hashed for the user (`hashForUser`), as provisioning, resets and changes store it.
 * `random`: a random salt, as hashes stored before derived salts (or a temporary password).
 */
export type PasswordSalt = 'derived' | 'random';

export type UserSeed = Readonly<{
  username: string;
  tenantId?: string;
  password?: string;
  /** How `password` is salted; `derived` unless said. */
  passwordSalt?: PasswordSalt;
  /** Passwords before `password`, oldest first: they fill the password history. */
  earlierPasswords?: readonly (readonly [string, PasswordSalt])[];
  roles?: Role[];
  groups?: string[];
  source?: UserSource;
  email?: string;
  phone?: string;
  officePhone?: string;
  questions?: readonly (readonly [string, string])[];
  totpSecret?: string;
  disabled?: boolean;
}>;

const methodEvents = async (deps: SeedDeps, seed: UserSeed): Promise<ResetlineEvent[]> => {
  const events: ResetlineEvent[] = [];
  const registered = (data: Extract<ResetlineEvent, { type: 'SecurityInfoRegistered' }>['data']) =>
    events.push({ type: 'SecurityInfoRegistered', data });
  if (seed.email)
    registered({
      methodId: deps.random.uuidv7(),
      method: 'email',
      target: seed.email,
      maskedTarget: maskEmail(seed.email),
    });
  if (seed.phone)
    registered({
      methodId: deps.random.uuidv7(),
      method: 'mobilePhone',
      target: seed.phone,
      maskedTarget: maskPhone(seed.phone),
    });
  if (seed.officePhone) {
    registered({
      methodId: deps.random.uuidv7(),
      method: 'officePhone',
      target: seed.officePhone,
      maskedTarget: maskPhone(seed.officePhone),
    });
  }
  if (seed.totpSecret) {
    registered({
      methodId: deps.random.uuidv7(),
      method: 'authenticator',
      maskedTarget: 'Authenticator app',
      sealedTotpSecret: deps.secretBox.seal(seed.totpSecret),
    });
  }
  if (seed.questions) {
    const questions = await Promise.all(
      seed.questions.map(async ([question, answer]) => ({
        question,
        answerHash: await deps.passwordHasher.hash(normalizeAnswer(answer)),
      })),
    );
    registered({ methodId: deps.random.uuidv7(), method: 'securityQuestions', questions });
  }
  return events;
};

const passwordEvents = async (
  deps: SeedDeps,
  owner: PasswordOwner,
  seed: UserSeed,
): Promise<ResetlineEvent[]> => {
  const passwords = [...(seed.earlierPasswords ?? [])];
  if (seed.password) passwords.push([seed.password, seed.passwordSalt ?? 'derived']);
  const hashes = await Promise.all(
    passwords.map(([password, salt]) =>
      salt === 'derived'
        ? deps.passwordHasher.hashForUser(password, owner)
        : deps.passwordHasher.hash(password),
    ),
  );
  return hashes.map((hash, n) =>
    n === 0
      ? { type: 'InitialPasswordSet', data: { hash, mustChangeAtNextSignIn: false } }
      : { type: 'PasswordChanged', data: { hash } },
  );
};

/** A provisioned user with a password and the given security info; returns the user id. */
export const seedUser = async (deps: SeedDeps, seed: UserSeed): Promise<string> => {
  const tenantId = seed.tenantId ?? TENANT_ID;
  const userId = `user-${deps.random.token(16)}`;
  const [firstName = 'Test', lastName = 'User'] = seed.username.split('@')[0]!.split('.');
  const events: ResetlineEvent[] = [
    {
      type: 'UserProvisioned',
      data: {
        userId,
        username: seed.username,
        displayName: `${firstName} ${lastName}`,
        firstName,
        lastName,
        source: seed.source ?? 'cloud',
        roles: seed.roles ?? ['user'],
        groups: seed.groups ?? ['staff'],
        language: 'en',
      },
    },
    ...(await passwordEvents(deps, { tenantId, userId }, seed)),
    ...(await methodEvents(deps, seed)),
    ...(seed.disabled ? [{ type: 'UserDisabled' as const, data: {} }] : []),
  ];
  await append(deps, usernameStreamId(tenantId, seed.username), tenantId, [
    { type: 'UsernameReserved', data: { userId, username: seed.username } },
  ]);
  await append(deps, userStreamId(userId), tenantId, events);
  return userId;
};

/**
 * Every stored event parses against its schema and none holds one of `secrets` (passwords,
 * codes, answers) anywhere in its data or metadata.
 */
export const storedEventsHoldNoSecret = async (
  deps: Pick<ServiceDeps, 'eventStore'>,
  secrets: readonly string[],
): Promise<number> => {
  const events = await deps.eventStore.readAll();
  for (const event of events) {
    parseEvent(event);
    const text = JSON.stringify({ data: event.data, metadata: event.metadata });
    const leaked = secrets.find((secret) => text.includes(secret));
    if (leaked !== undefined) throw new Error(`${event.type} in ${event.streamId} holds a secret`);
  }
  return events.length;
};

/**
 * The real hasher, counting its argon2 runs (`hash`, `hashForUser`, `verify`): how a spec
 * proves how many a flow costs.
 */
export const countingHasher = (real: PasswordHasher) => {
  const runs = { hash: 0, hashForUser: 0, verify: 0 };
  const hasher: PasswordHasher = {
    hash: (secret) => {
      runs.hash += 1;
      return real.hash(secret);
    },
    hashForUser: (secret, owner) => {
      runs.hashForUser += 1;
      return real.hashForUser(secret, owner);
    },
    verify: (hash, secret) => {
      runs.verify += 1;
      return real.verify(hash, secret);
    },
    compare: (fresh, stored) => real.compare(fresh, stored),
    needsRehash: (hash) => real.needsRehash(hash),
  };
  const total = () => runs.hash + runs.hashForUser + runs.verify;
  return { hasher, runs, total };
};
