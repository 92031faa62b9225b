import { handleAdminResetPassword, handleAdminUnlockAccount } from '@resetline/domain';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { adminMetadata, assertId } from '../admin/adminContext.js';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { AdminResetResult, AdminUnlockResult } from './adminReset.type.js';

/** Helpdesk resets and unlocks; a passwordAdmin acts on non-administrators only (the domain decides). */
@Resolver()
export class AdminResetResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized('globalAdmin', 'passwordAdmin')
  @Mutation(() => AdminResetResult, {
    description:
      'Sends the user a reset, or under the opt-in policy returns a temporary password once.',
  })
  adminResetPassword(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext) {
    return handleAdminResetPassword(
      this.services.deps,
      { userId: assertId(userId, 'userId') },
      adminMetadata(this.services, ctx),
    );
  }

  @Authorized('globalAdmin', 'passwordAdmin')
  @Mutation(() => AdminUnlockResult, {
    description: 'Clears smart lockout (and unlocks in the directory for synced users).',
  })
  adminUnlockAccount(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext) {
    return handleAdminUnlockAccount(
      this.services.deps,
      { userId: assertId(userId, 'userId') },
      adminMetadata(this.services, ctx),
    );
  }
}
