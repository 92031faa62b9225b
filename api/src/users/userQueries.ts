import { getUser, NotFoundError } from '@resetline/domain';
import { assertId } from '../admin/adminContext.js';
import type { AppServices } from '../common/appServices.js';
import { pageOfUsers, type UserPageResult } from './listUsers.js';
import type { UserFilter } from './user.input.js';
import type { UserDetail } from './user.type.js';
import { userIndexFor } from './userIndex.js';
import { toUserDetail } from './userViews.js';

export const listUsers = async (
  services: AppServices,
  tenantId: string,
  args: Readonly<{
    filter?: UserFilter | undefined;
    first?: number | undefined;
    after?: string | null | undefined;
  }>,
): Promise<UserPageResult> => {
  const sorted = await userIndexFor(services.deps.eventStore).usersOf(tenantId);
  return pageOfUsers(sorted, args.filter, args.first, args.after);
};

/** Unknown, deleted and other tenants' users all answer NOT_FOUND alike. */
export const findUser = async (
  services: AppServices,
  tenantId: string,
  userId: string,
): Promise<UserDetail> => {
  const user = await getUser(services.deps, tenantId, assertId(userId, 'userId'));
  if (!user) throw new NotFoundError('UserNotFound', `User ${userId} does not exist`);
  return toUserDetail(user, services.deps.clock.now());
};
