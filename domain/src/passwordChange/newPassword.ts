import type { PasswordHasher } from '../core/index.js';
import { assertNewPassword, assertPasswordNotReused } from '../password/index.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import type { ExistingUser } from '../user/user.js';

/**
 * The tenant's password rules with the user's names and the tenant's name, then the history
 * (the last `historyDepth` passwords, the current one included). Returns the NFKC form to hash;
 * throws a ValidationError whose reason says why.
 */
export const vetNewPassword = async (
  hasher: PasswordHasher,
  tenant: ActiveTenant,
  user: ExistingUser,
  newPassword: string,
): Promise<string> => {
  const normalized = assertNewPassword(newPassword, {
    policy: tenant.passwordPolicy,
    firstName: user.firstName,
    lastName: user.lastName,
    tenantName: tenant.name,
  });
  await assertPasswordNotReused(hasher, normalized, user.passwordHistory, tenant.passwordPolicy);
  return normalized;
};
