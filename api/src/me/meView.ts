import {
  getRegistrationStatus,
  loadUserInTenant,
  UnauthenticatedError,
  type ServiceDeps,
} from '@resetline/domain';
import type { SessionClaims } from '../auth/sessionTokens.js';
import type { Me } from './me.type.js';

/** The session's user as they may see themselves: contact data masked, no secret of any kind. */
export const loadMe = async (deps: ServiceDeps, session: SessionClaims): Promise<Me> => {
  const { tenantId, userId } = session;
  const [user, registration] = await Promise.all([
    loadUserInTenant(deps.eventStore, tenantId, userId),
    getRegistrationStatus(deps, tenantId, userId, deps.clock.now()),
  ]);
  if (!user || !registration) {
    throw new UnauthenticatedError('SessionRevoked', 'Your session has ended; sign in again');
  }
  return {
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    mustChangePassword: user.mustChangePassword,
    securityInfo: user.methods.map((m) => ({
      methodId: m.methodId,
      method: m.method,
      maskedTarget: m.maskedTarget ?? null,
      registeredAt: m.registeredAt,
    })),
    registration,
  };
};
