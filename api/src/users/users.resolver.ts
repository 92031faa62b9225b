import {
  handleDeleteUser,
  handleDisableUser,
  handleEnableUser,
  handleProvisionUser,
  handleUpdateUser,
} from '@resetline/domain';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { adminMetadata, assertId, sessionOf, withoutNulls } from '../admin/adminContext.js';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { CreateUserInput, UpdateUserInput, UserFilter } from './user.input.js';
import { CreatedUser, UserChangeResult, UserDetail, UserPage } from './user.type.js';
import { userIndexFor } from './userIndex.js';
import { findUser, listUsers } from './userQueries.js';

@Resolver()
export class UsersResolver {
  constructor(private readonly services: AppServices) {
    // Fold the store's history now rather than on the first `users` query. A failure here is
    // not lost: every query pulls again and reports its own error.
    userIndexFor(services.deps.eventStore)
      .catchUp()
      .catch(() => undefined);
  }

  @Authorized('globalAdmin', 'passwordAdmin')
  @Query(() => UserPage, {
    description: "The caller's tenant's users, by username, a page at a time.",
  })
  users(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => UserFilter, { nullable: true }) filter?: UserFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<UserPage> {
    return listUsers(this.services, sessionOf(ctx).tenantId, { filter, first, after });
  }

  @Authorized('globalAdmin', 'passwordAdmin')
  @Query(() => UserDetail)
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<UserDetail> {
    return findUser(this.services, sessionOf(ctx).tenantId, id);
  }

  @Authorized('globalAdmin')
  @Mutation(() => CreatedUser)
  createUser(
    @Arg('input', () => CreateUserInput) input: CreateUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    return handleProvisionUser(
      this.services.deps,
      withoutNulls(input),
      adminMetadata(this.services, ctx),
    );
  }

  @Authorized('globalAdmin')
  @Mutation(() => UserChangeResult)
  updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('changes', () => UpdateUserInput) changes: UpdateUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    return handleUpdateUser(
      this.services.deps,
      assertId(id, 'id'),
      withoutNulls(changes),
      adminMetadata(this.services, ctx),
    );
  }

  @Authorized('globalAdmin')
  @Mutation(() => UserChangeResult, { description: 'Also ends every session of the user.' })
  disableUser(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return handleDisableUser(
      this.services.deps,
      assertId(id, 'id'),
      reason ?? undefined,
      adminMetadata(this.services, ctx),
    );
  }

  @Authorized('globalAdmin')
  @Mutation(() => UserChangeResult)
  enableUser(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return handleEnableUser(
      this.services.deps,
      assertId(id, 'id'),
      adminMetadata(this.services, ctx),
    );
  }

  @Authorized('globalAdmin')
  @Mutation(() => UserChangeResult, {
    description: 'The username stays reserved; the history stays.',
  })
  deleteUser(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return handleDeleteUser(
      this.services.deps,
      assertId(id, 'id'),
      adminMetadata(this.services, ctx),
    );
  }
}
