import { ForbiddenError, loadActiveTenant, type Role } from '@resetline/domain';
import {
  auditLogSearch,
  registrationActivity,
  registrationCoverage,
  registrationDetails,
  resetActivity,
  resetFunnel,
  resolvePeriod,
  usageInsights,
  type AuditLogFilter,
  type ClickHouse,
  type PeriodInput,
  type ReportQuery,
  type TimeRange,
} from '@resetline/projections';
import type { AppServices } from '../common/appServices.js';

/**
 * Who may read what (GraphQL and CSV alike). globalAdmin reads everything; the audit log is for
 * auditors, the aggregate reports for report readers (Entra's Reports reader / Security reader).
 */
export const reportRoles = {
  reports: ['reportsReader', 'globalAdmin'],
  auditLog: ['auditReader', 'globalAdmin'],
  projectionLag: ['reportsReader', 'auditReader', 'globalAdmin'],
} as const satisfies Record<string, readonly Role[]>;

/** The read side's client; a process started without it cannot answer reports. */
export const readSideOf = (services: AppServices): ClickHouse => {
  if (!services.clickhouse) {
    throw new ForbiddenError('ReportsUnavailable', 'This process does not serve reports');
  }
  return services.clickhouse;
};

export const rangeOf = (services: AppServices, period: PeriodInput): TimeRange =>
  resolvePeriod(period, services.deps.clock.now());

/** Every exportable report: its roles and how the request's arguments become its query. */
export type ReportArgs = Readonly<{
  period: PeriodInput;
  filter: AuditLogFilter;
  asOf: Date | undefined;
}>;

export type ReportDefinition = Readonly<{
  roles: readonly Role[];
  query: (
    services: AppServices,
    tenantId: string,
    args: ReportArgs,
  ) => Promise<ReportQuery<object>>;
}>;

export const reportCatalog: Readonly<Record<string, ReportDefinition>> = {
  resetActivity: {
    roles: reportRoles.reports,
    query: async (s, t, a) => resetActivity(t, rangeOf(s, a.period)),
  },
  registrationActivity: {
    roles: reportRoles.reports,
    query: async (s, t, a) => registrationActivity(t, rangeOf(s, a.period)),
  },
  auditLog: {
    roles: reportRoles.auditLog,
    query: async (s, t, a) => auditLogSearch(t, rangeOf(s, a.period), a.filter),
  },
  registrationDetails: {
    roles: reportRoles.reports,
    query: async (s, t) => registrationDetails(t, await loadActiveTenant(s.deps, t)),
  },
  usageInsights: {
    roles: reportRoles.reports,
    query: async (s, t, a) => usageInsights(t, rangeOf(s, a.period)),
  },
  resetFunnel: {
    roles: reportRoles.reports,
    query: async (s, t, a) => resetFunnel(t, rangeOf(s, a.period)),
  },
  registrationCoverage: {
    roles: reportRoles.reports,
    query: async (s, t, a) => registrationCoverage(t, a.asOf ?? s.deps.clock.now()),
  },
};
