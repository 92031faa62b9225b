import {
  ForbiddenError,
  UnauthenticatedError,
  type ExistingUser,
  type Role,
} from '@resetline/domain';
import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { RequestContext } from '../server/context.js';
import type { AppServices } from './appServices.js';
import { createCallerAccounts } from './callerAccounts.js';

/**
 * `@Authorized()` needs a live session; `@Authorized('globalAdmin', …)` one of those roles.
 * A session is live while the user exists, is enabled and has the credential version the token
 * was issued with: a reset, change or disable revokes every earlier session.
 */
export class AuthChecker implements AuthCheckerInterface<RequestContext, Role> {
  // A query cannot change the account, so its fields share one load of the caller's stream
  // (the console asks for several admin fields at once). Mutations run one after another and
  // may revoke the session midway: each of their fields loads the stream again.
  private readonly queryCallers = new WeakMap<RequestContext, Promise<ExistingUser | null>>();
  private readonly callers: ReturnType<typeof createCallerAccounts>;

  constructor(services: AppServices) {
    this.callers = createCallerAccounts(services.deps.eventStore);
  }

  async check({ context, info }: ResolverData<RequestContext>, roles: Role[]): Promise<boolean> {
    const session = context.session;
    if (!session) throw new UnauthenticatedError('SignInRequired', 'Sign in first');
    const user = await this.caller(context, info.operation.operation === 'query');
    if (!user || user.status !== 'active' || user.credentialVersion !== session.credentialVersion) {
      throw new UnauthenticatedError('SessionRevoked', 'Your session has ended; sign in again');
    }
    await context.rateLimits.consume('perUser', session.userId);
    if (roles.length === 0) return true;
    // A domain error keeps its FORBIDDEN code through the error masking; type-graphql's own
    // AuthorizationError (what `return false` raises) would be masked as an internal error.
    if (!user.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError('RoleRequired', 'Your role does not allow this operation');
    }
    return true;
  }

  private caller(context: RequestContext, inQuery: boolean): Promise<ExistingUser | null> {
    const { tenantId, userId } = context.session!;
    if (!inQuery) return this.callers.load(tenantId, userId);
    let user = this.queryCallers.get(context);
    if (!user) {
      user = this.callers.load(tenantId, userId);
      this.queryCallers.set(context, user);
    }
    return user;
  }
}
