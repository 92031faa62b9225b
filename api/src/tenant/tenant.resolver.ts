import type { Tier } from '@resetline/domain';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { adminMetadata, sessionOf } from '../admin/adminContext.js';
import { TierEnum } from '../admin/enums.js';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { Tenant, TenantChange } from './tenant.type.js';
import { currentTenant, setTenantTier } from './tenantQueries.js';

@Resolver()
export class TenantResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized('globalAdmin', 'passwordAdmin', 'reportsReader', 'auditReader')
  @Query(() => Tenant)
  tenant(@Ctx() ctx: RequestContext): Promise<Tenant> {
    return currentTenant(this.services.deps, sessionOf(ctx).tenantId);
  }

  @Authorized('globalAdmin')
  @Mutation(() => TenantChange)
  setTenantTier(
    @Arg('tier', () => TierEnum) tier: Tier,
    @Ctx() ctx: RequestContext,
  ): Promise<TenantChange> {
    return setTenantTier(this.services.deps, tier, adminMetadata(this.services, ctx));
  }
}
