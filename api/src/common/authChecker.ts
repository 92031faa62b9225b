import {
  ForbiddenError,
  loadAccount,
  UnauthenticatedError,
  type Account,
  type Role,
} from '@resetline/domain';
import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { RequestContext } from '../server/context.js';
import type { AppServices } from './appServices.js';

/**
 * `@Authorized()` needs a live session; `@Authorized('globalAdmin', …)` one of those roles.
 * A session is live while the user exists, is enabled and has the credential version the token
 * was issued with: a reset, change or disable revokes every earlier session.
 */
export class AuthChecker implements AuthCheckerInterface<RequestContext, Role> {
  // A query cannot change the account, so its fields share one load of the caller's stream
  // (the console asks for several admin fields at once). Mutations run one after another and
  // may revoke the session midway: each of their fields loads the stream again.
  private readonly queryAccounts = new WeakMap<RequestContext, Promise<Account | null>>();

  constructor(private readonly services: AppServices) {}

  async check({ context, info }: ResolverData<RequestContext>, roles: Role[]): Promise<boolean> {
    const session = context.session;
    if (!session) throw new UnauthenticatedError('SignInRequired', 'Sign in first');
    const account = await this.callerAccount(context, info.operation.operation === 'query');
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

  private callerAccount(context: RequestContext, inQuery: boolean): Promise<Account | null> {
    const { tenantId, userId } = context.session!;
    const load = () => loadAccount(this.services.deps.eventStore, tenantId, userId);
    if (!inQuery) return load();
    let account = this.queryAccounts.get(context);
    if (!account) {
      account = load();
      this.queryAccounts.set(context, account);
    }
    return account;
  }
}
