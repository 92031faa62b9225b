import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { sessionOf } from '../admin/adminContext.js';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { HistoryEvent } from './history.type.js';
import { userHistory } from './userHistory.js';

@Resolver()
export class HistoryResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized('globalAdmin', 'passwordAdmin', 'auditReader')
  @Query(() => [HistoryEvent], { description: "A user's events, oldest first, redacted." })
  userHistory(
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<HistoryEvent[]> {
    return userHistory(this.services.deps, sessionOf(ctx).tenantId, userId);
  }
}
