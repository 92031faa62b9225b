import { sessionOf } from '../admin/adminContext.js';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { reportRoles } from './reportCatalog.js';
import { AuditLogFilterInput, PeriodInput } from './report.input.js';
import { reportsFor } from './reportsService.js';
import { ActivityRow, AuditLogPage, RegistrationDetail } from './report.type.js';

const pageArgs = { nullable: true, defaultValue: 100, description: 'At most 1000.' } as const;

@Resolver()
export class ActivityReportsResolver {
  constructor(private readonly services: AppServices) {}

  private reports(ctx: RequestContext) {
    return reportsFor(this.services, sessionOf(ctx).tenantId);
  }

  @Authorized(...reportRoles.reports)
  @Query(() => [ActivityRow], { description: 'Resets, unlocks and changes, newest first.' })
  resetActivity(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('limit', () => Int, pageArgs) limit: number,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ActivityRow[]> {
    return this.reports(ctx).resetActivity(period, { limit, offset });
  }

  @Authorized(...reportRoles.reports)
  @Query(() => [ActivityRow], { description: 'Security info registered, reviewed or removed.' })
  registrationActivity(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('limit', () => Int, pageArgs) limit: number,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ActivityRow[]> {
    return this.reports(ctx).registrationActivity(period, { limit, offset });
  }

  @Authorized(...reportRoles.reports)
  @Query(() => [RegistrationDetail], { description: 'Each user’s SSPR registration, by name.' })
  registrationDetails(
    @Arg('limit', () => Int, pageArgs) limit: number,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number,
    @Ctx() ctx: RequestContext,
  ): Promise<RegistrationDetail[]> {
    return this.reports(ctx).registrationDetails({ limit, offset });
  }

  @Authorized(...reportRoles.auditLog)
  @Query(() => AuditLogPage, { description: 'The audit log, newest first, by cursor.' })
  auditLog(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('filter', () => AuditLogFilterInput, { nullable: true })
    filter: AuditLogFilterInput | null,
    @Arg('first', () => Int, pageArgs) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditLogPage> {
    return this.reports(ctx).auditLog(period, filter ?? {}, first, after ?? undefined);
  }
}
