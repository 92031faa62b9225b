import {
  badPasswordKey,
  checkNewPassword,
  credentialFold,
  decidePasswordChange,
  needsWriteback,
  type ChangePassword,
} from '@resetline/domain';
import {
  activeTenant,
  existing,
  metadataFor,
  userActor,
  wait,
  type SeedUser,
  type Sim,
} from '../sim.js';
import { typoOf } from './signIn.js';

/** Pool indexes the tenant's history rule refuses: the current password and the ones before it. */
export const recentPasswords = (user: SeedUser, historyDepth: number): number[] => [
  user.passwordIndex,
  ...user.previousPasswords.slice(0, Math.max(0, historyDepth - 1)),
];

/** A new password the rules and history accept, as an index into the pool. */
export const freshPassword = (sim: Sim, user: SeedUser): number => {
  const refused = new Set(
    recentPasswords(user, activeTenant(user.tenant).passwordPolicy.historyDepth),
  );
  for (;;) {
    const candidate = sim.prng.int(sim.pool.passwords.length);
    if (!refused.has(candidate)) return candidate;
  }
};

// The banned-password scan is the slowest pure check. The weak list holds no names, so its
// verdicts depend only on the tenant's policy: they are kept per policy version and password.
const refusals = new Map<string, string[]>();

/** Why the real password rules refuse a weak proposal from this user (PasswordReused if they do not). */
export const weakProposalReasons = (sim: Sim, user: SeedUser): string[] => {
  const tenant = activeTenant(user.tenant);
  const weak = sim.prng.pick(sim.pool.weakPasswords);
  const key = `${tenant.tenantId}|${tenant.policyVersion}|${weak}`;
  let reasons = refusals.get(key);
  if (!reasons) {
    const result = checkNewPassword(weak, {
      policy: tenant.passwordPolicy,
      firstName: user.firstName,
      lastName: user.lastName,
      tenantName: tenant.name,
    });
    reasons = result.ok ? ['PasswordReused'] : result.violations.map((v) => v.reason);
    refusals.set(key, reasons);
  }
  return reasons;
};

/** The first reason a proposed new password is refused: reused, or broken rules. */
export const refusalOf = (sim: Sim, user: SeedUser): string =>
  sim.prng.chance(0.3) ? 'PasswordReused' : weakProposalReasons(sim, user)[0]!;

export const adoptPassword = (user: SeedUser, index: number): void => {
  user.previousPasswords = [user.passwordIndex, ...user.previousPasswords].slice(0, 24);
  user.passwordIndex = index;
};

/**
 * Self-service change (current + new password), through the real decider: a wrong current
 * password counts toward lockout; a weak, reused or refused-by-the-directory new password is
 * recorded as a failed change; otherwise the new argon2id hash (from the pool) is stored.
 */
type Outcome = Pick<ChangePassword['data'], 'newPasswordHash' | 'rejectedBecause'> & {
  next?: number;
};

const proposal = (sim: Sim, user: SeedUser, roll: number, writeback: boolean): Outcome => {
  if (roll < 0.18) return { rejectedBecause: refusalOf(sim, user) };
  if (roll < 0.2 && writeback) return { rejectedBecause: 'WritebackFailed' };
  const next = freshPassword(sim, user);
  return { newPasswordHash: sim.pool.passwordHashes[next], next };
};

export const changePassword = (sim: Sim, user: SeedUser, mustSucceed = false): void => {
  const tenant = activeTenant(user.tenant);
  const state = existing(user);
  if (!state) return;
  const metadata = metadataFor(sim, tenant.tenantId, userActor(user), user);
  const roll = mustSucceed ? 1 : sim.prng.float();
  const wrongCurrent = roll < 0.08;
  const { next, ...outcome } = wrongCurrent
    ? {}
    : proposal(sim, user, roll, needsWriteback(tenant, state));
  const command: ChangePassword = {
    type: 'ChangePassword',
    data: {
      currentPasswordValid: !wrongCurrent,
      badPasswordKey: wrongCurrent
        ? badPasswordKey(sim.codeHasher, user.userId, typoOf(sim, user))
        : undefined,
      lockoutPolicy: tenant.lockoutPolicy,
      ...outcome,
    },
    metadata,
  };
  const events = sim.writer.record(
    user.stream,
    decidePasswordChange(command, user.stream.state),
    credentialFold.evolve,
    metadata,
  );
  if (next !== undefined && events.some((e) => e.type === 'PasswordChanged')) {
    adoptPassword(user, next);
  }
  wait(sim, 20);
};
