import type {
  Actor,
  ActiveTenant,
  CodeHasher,
  CommandMetadata,
  CredentialState,
  ExistingUser,
  Random,
  SecretBox,
  TenantState,
} from '@resetline/domain';
import type { EventWriter, Tracked } from './eventWriter.js';
import type { Prng } from './prng.js';
import type { SecretPool } from './secretPool.js';
import { seededRandom, seededUuidv7 } from './seededRandom.js';

/** How a simulated person behaves; never stored, only drives choices. */
export type Persona = Readonly<{
  /** Relative frequency of this user's activities. */
  activity: number;
  /** Registers everything required, registers part of it, or ignores the prompts. */
  diligence: 'eager' | 'partial' | 'never';
  /** Chance that a sign-in turns into a forgotten password. */
  forgetful: number;
  /** Chance of a typo at sign-in. */
  sloppy: number;
  /** Targeted by password guessing. */
  targeted: boolean;
}>;

export type SeedUser = {
  readonly index: number;
  readonly tenant: SeedTenant;
  readonly userId: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly stream: Tracked<CredentialState>;
  readonly persona: Persona;
  readonly ip: string;
  readonly userAgent: string;
  readonly personalEmail: string;
  readonly mobile: string;
  readonly officePhone: string;
  /** The clear password the user knows: an index into the secret pool. */
  passwordIndex: number;
  /** Earlier password indexes, newest first (for PasswordReused refusals). */
  previousPasswords: number[];
  /** Registered question → answer index into the pool. */
  answers: Map<string, number>;
  /** Activities of one user never overlap in simulated time. */
  nextFreeAt: number;
  provisioned: boolean;
};

export type SeedTenant = {
  readonly tenantId: string;
  readonly name: string;
  readonly domain: string;
  readonly stream: Tracked<TenantState>;
  readonly users: SeedUser[];
  /** Users holding passwordAdmin: the helpdesk for admin resets and unlocks. */
  readonly helpdesk: SeedUser[];
  /** The tenant's first user, a cloud globalAdmin who does the admin work. */
  admin?: SeedUser;
};

/** Everything an activity needs; `at` is the simulated time of the current step (ms). */
export type Sim = {
  readonly prng: Prng;
  readonly writer: EventWriter;
  readonly pool: SecretPool;
  readonly codeHasher: CodeHasher;
  readonly secretBox: SecretBox;
  readonly random: Random;
  at: number;
  /** Clear one-time codes issued, kept only when a test asks for them (leak checks). */
  readonly issuedCodes: string[] | undefined;
};

export const createSim = (
  parts: Omit<Sim, 'random' | 'at' | 'issuedCodes'> & { collectCodes: boolean; startMs: number },
): Sim => {
  const sim: Sim = {
    prng: parts.prng,
    writer: parts.writer,
    pool: parts.pool,
    codeHasher: parts.codeHasher,
    secretBox: parts.secretBox,
    random: seededRandom(parts.prng, () => sim.at),
    at: parts.startMs,
    issuedCodes: parts.collectCodes ? [] : undefined,
  };
  return sim;
};

/** Think time between two steps of an activity: exponential around `meanSeconds`, at least 1 s. */
export const wait = (sim: Sim, meanSeconds: number): void => {
  sim.at += Math.max(1000, Math.round(sim.prng.exponential(meanSeconds) * 1000));
};

export const userActor = (user: SeedUser): Actor => ({ kind: 'user', id: user.userId });
export const adminActor = (admin: SeedUser): Actor => ({ kind: 'admin', id: admin.userId });
export const systemActor: Actor = { kind: 'system', id: 'resetline-seed' };

/** One request's metadata: its own correlation id, the time of the current step. */
export const metadataFor = (
  sim: Sim,
  tenantId: string,
  actor: Actor,
  from?: Readonly<{ ip: string; userAgent: string }>,
): CommandMetadata => ({
  now: new Date(sim.at),
  tenantId,
  actor,
  correlationId: seededUuidv7(sim.prng, sim.at),
  ...(from ? { ip: from.ip, userAgent: from.userAgent } : {}),
});

export const activeTenant = (tenant: SeedTenant): ActiveTenant => {
  const state = tenant.stream.state;
  if (state.status !== 'active')
    throw new Error(`Seed tenant ${tenant.tenantId} is not created yet`);
  return state;
};

/** The user's folded state when the account exists (active or disabled). */
export const existing = (user: SeedUser): ExistingUser | null => {
  const state = user.stream.state.user;
  return state.status === 'active' || state.status === 'disabled' ? state : null;
};

export const isLockedAt = (user: ExistingUser, at: number): boolean =>
  user.lockedUntil !== null && user.lockedUntil.getTime() > at;
