import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { sessionOf } from '../admin/adminContext.js';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { reportRoles } from './reportCatalog.js';
import { PeriodInput } from './report.input.js';
import { projectionLagOf, reportsFor } from './reportsService.js';
import { FunnelStep, ProjectionLagEntry, RegistrationCoverage, UsagePoint } from './report.type.js';

@Resolver()
export class InsightsResolver {
  constructor(private readonly services: AppServices) {}

  private reports(ctx: RequestContext) {
    return reportsFor(this.services, sessionOf(ctx).tenantId);
  }

  @Authorized(...reportRoles.reports)
  @Query(() => [UsagePoint], { description: 'Resets, unlocks, changes and registrations per day.' })
  usageInsights(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UsagePoint[]> {
    return this.reports(ctx).usageInsights(period);
  }

  @Authorized(...reportRoles.reports)
  @Query(() => [FunnelStep], { description: 'Reset funnel per gate and method.' })
  resetFunnel(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Ctx() ctx: RequestContext,
  ): Promise<FunnelStep[]> {
    return this.reports(ctx).resetFunnel(period);
  }

  @Authorized(...reportRoles.reports)
  @Query(() => RegistrationCoverage, {
    description: 'Registration coverage as of a time (default now).',
  })
  registrationCoverage(
    @Arg('asOf', () => Date, { nullable: true }) asOf: Date | null,
    @Ctx() ctx: RequestContext,
  ): Promise<RegistrationCoverage> {
    return this.reports(ctx).registrationCoverage(asOf ?? this.services.deps.clock.now());
  }

  @Authorized(...reportRoles.projectionLag)
  @Query(() => [ProjectionLagEntry], { description: 'How far each read model trails the events.' })
  projectionLag(): Promise<ProjectionLagEntry[]> {
    return projectionLagOf(this.services);
  }
}
