import type { PasswordHasher } from '../core/index.js';
import {
  assertNewPassword,
  assertPasswordNotReused,
  type CandidatePassword,
  type VerifiedPassword,
} from '../password/index.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import type { ExistingUser } from '../user/user.js';

/**
 * The tenant's password rules with the user's names and the tenant's name, then one argon2id
 * hash bound to the user, which is both the hash to store and the probe for the history (the
 * last `historyDepth` passwords, the current one included). Returns the NFKC form (for
 * writeback) and the hash; throws a ValidationError whose reason says why.
 */
export const vetNewPassword = async (
  hasher: PasswordHasher,
  tenant: ActiveTenant,
  user: ExistingUser,
  newPassword: string,
  verifiedCurrent?: VerifiedPassword,
): Promise<CandidatePassword> => {
  const normalized = assertNewPassword(newPassword, {
    policy: tenant.passwordPolicy,
    firstName: user.firstName,
    lastName: user.lastName,
    tenantName: tenant.name,
  });
  const owner = { tenantId: tenant.tenantId, userId: user.userId };
  const candidate = { normalized, hash: await hasher.hashForUser(normalized, owner) };
  const { passwordHistory } = user;
  await assertPasswordNotReused(
    hasher,
    candidate,
    passwordHistory,
    tenant.passwordPolicy,
    verifiedCurrent,
  );
  return candidate;
};
