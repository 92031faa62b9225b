import { handleRequireReregistration, handleRevokeSecurityInfo } from '@resetline/domain';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { adminMetadata, assertId } from '../admin/adminContext.js';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { UserChangeResult } from './user.type.js';

/** Helpdesk actions on a user's security info; only a global admin acts on administrators. */
@Resolver()
export class SecurityInfoAdminResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized('globalAdmin', 'passwordAdmin')
  @Mutation(() => UserChangeResult, { description: 'The user must register security info again.' })
  requireReregistration(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext) {
    return handleRequireReregistration(
      this.services.deps,
      assertId(userId, 'userId'),
      adminMetadata(this.services, ctx),
    );
  }

  @Authorized('globalAdmin', 'passwordAdmin')
  @Mutation(() => UserChangeResult, {
    description: 'Revokes one method, or all of them without methodId.',
  })
  revokeSecurityInfo(
    @Arg('userId', () => ID) userId: string,
    @Arg('methodId', () => String, { nullable: true }) methodId: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return handleRevokeSecurityInfo(
      this.services.deps,
      assertId(userId, 'userId'),
      methodId ?? undefined,
      adminMetadata(this.services, ctx),
    );
  }
}
