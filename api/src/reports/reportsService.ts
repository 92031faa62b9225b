import { loadActiveTenant } from '@resetline/domain';
import {
  auditLogSearch,
  paged,
  projectionLag,
  readModels,
  registrationActivity,
  registrationCoverage,
  registrationDetails,
  resetActivity,
  resetFunnel,
  runReport,
  toAuditLogPage,
  usageInsights,
  type ActivityRow,
  type AuditLogFilter,
  type AuditLogPage,
  type FunnelStep,
  type Page,
  type PeriodInput,
  type ProjectionLag,
  type RegistrationCoverage,
  type RegistrationDetailsRow,
  type UsagePoint,
} from '@resetline/projections';
import type { AppServices } from '../common/appServices.js';
import { rangeOf, readSideOf } from './reportCatalog.js';

/** The report queries for one tenant (always the caller's: resolvers pass the session's). */
export const reportsFor = (services: AppServices, tenantId: string) => {
  const run = <Row>(query: Parameters<typeof runReport<Row>>[1]) =>
    runReport(readSideOf(services), query);
  return {
    resetActivity: (period: PeriodInput, page: Page): Promise<ActivityRow[]> =>
      run(paged(resetActivity(tenantId, rangeOf(services, period)), page)),
    registrationActivity: (period: PeriodInput, page: Page): Promise<ActivityRow[]> =>
      run(paged(registrationActivity(tenantId, rangeOf(services, period)), page)),
    registrationDetails: async (page: Page): Promise<RegistrationDetailsRow[]> =>
      run(
        paged(registrationDetails(tenantId, await loadActiveTenant(services.deps, tenantId)), page),
      ),
    usageInsights: (period: PeriodInput): Promise<UsagePoint[]> =>
      run(usageInsights(tenantId, rangeOf(services, period))),
    resetFunnel: (period: PeriodInput): Promise<FunnelStep[]> =>
      run(resetFunnel(tenantId, rangeOf(services, period))),
    registrationCoverage: async (asOf: Date): Promise<RegistrationCoverage> => {
      const [coverage] = await run(registrationCoverage(tenantId, asOf));
      return coverage ?? { asOf, users: 0, registered: 0, byMethod: [] };
    },
    auditLog: async (
      period: PeriodInput,
      filter: AuditLogFilter,
      first: number,
      after: string | undefined,
    ): Promise<AuditLogPage> =>
      toAuditLogPage(
        await run(auditLogSearch(tenantId, rangeOf(services, period), filter, { first, after })),
        first,
      ),
  };
};

export const projectionLagOf = (services: AppServices): Promise<ProjectionLag[]> =>
  projectionLag({ client: readSideOf(services), eventStore: services.deps.eventStore }, readModels);
