import type { ExistingUser } from '@resetline/domain';
import type { UserDetail } from './user.type.js';

/** An administrator's view of one user: masked targets, flags instead of hashes. */
export const toUserDetail = (user: ExistingUser, now: Date): UserDetail => ({
  id: user.userId,
  username: user.username,
  displayName: user.displayName,
  firstName: user.firstName,
  lastName: user.lastName,
  source: user.source,
  roles: [...user.roles],
  groups: [...user.groups],
  language: user.language,
  status: user.status,
  securityInfo: user.methods.map((m) => ({
    methodId: m.methodId,
    method: m.method,
    maskedTarget: m.maskedTarget ?? null,
    registeredAt: m.registeredAt,
  })),
  reregistrationRequired: user.reregistrationRequired,
  hasPassword: user.passwordHash !== null,
  mustChangePassword: user.mustChangePassword,
  lockedUntil: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil : null,
});
