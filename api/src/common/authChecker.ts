import { ForbiddenError, loadAccount, UnauthenticatedError, type Role } from '@resetline/domain';
import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { RequestContext } from '../server/context.js';
import type { AppServices } from './appServices.js';

/**
 * `@Authorized()` needs a live session; `@Authorized('globalAdmin', …)` one of those roles.
 * A session is live while the user exists, is enabled and has the credential version the token
 * was issued with: a reset, change or disable revokes every earlier session.
 */
export class AuthChecker implements AuthCheckerInterface<RequestContext, Role> {
  constructor(private readonly services: AppServices) {}

  async check({ context }: ResolverData<RequestContext>, roles: Role[]): Promise<boolean> {
    const session = context.session;
    if (!session) throw new UnauthenticatedError('SignInRequired', 'Sign in first');
    const account = await loadAccount(
      this.services.deps.eventStore,
      session.tenantId,
      session.userId,
    );
    if (
      !account ||
      account.user.status !== 'active' ||
      account.user.credentialVersion !== session.credentialVersion
    ) {
      throw new UnauthenticatedError('SessionRevoked', 'Your session has ended; sign in again');
    }
    await context.rateLimits.consume('perUser', session.userId);
    if (roles.length === 0) return true;
    // A domain error keeps its FORBIDDEN code through the error masking; type-graphql's own
    // AuthorizationError (what `return false` raises) would be masked as an internal error.
    if (!account.user.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError('RoleRequired', 'Your role does not allow this operation');
    }
    return true;
  }
}
