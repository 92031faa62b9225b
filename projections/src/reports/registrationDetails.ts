import {
  isAdmin,
  ssprCoverage,
  type MethodKind,
  type Role,
  type SsprPolicy,
  type Tier,
  type UserSource,
} from '@resetline/domain';
import { methodLabel } from './labels.js';
import {
  currentProfilesSql,
  fromClickHouseTime,
  num,
  pagedOnly,
  text,
  PAGE_HERE,
  texts,
  type RawRow,
  type ReportQuery,
} from './reportQuery.js';

/** Entra's registration details report, one row per user. */
export type RegistrationDetailsRow = Readonly<{
  userId: string;
  userName: string;
  name: string;
  isAdmin: boolean;
  ssprRegistered: boolean;
  ssprEnabled: boolean;
  ssprCapable: boolean;
  methodsRegistered: string[];
  /** Last change of the user's security info; null when they never registered any. */
  lastUpdated: Date | null;
}>;

/** The tenant's current tier and policy: "enabled" and "registered" are judged against them. */
export type CoverageTenant = Readonly<{ tier: Tier; ssprPolicy: SsprPolicy }>;

// The domain's own rules (ssprCoverage, meetsRequirement), applied to the projected user.
const toDetailsRow =
  (tenant: CoverageTenant) =>
  (raw: RawRow): RegistrationDetailsRow => {
    const roles = texts(raw['roles']) as Role[];
    const methods = texts(raw['methods']) as MethodKind[];
    const coverage = ssprCoverage(tenant, {
      roles,
      groups: texts(raw['groups']),
      source: text(raw['source']) as UserSource,
    });
    const usable = methods.filter((m) => coverage.allowedMethods.includes(m));
    const registered =
      num(raw['reregistration_required']) === 0 && usable.length >= coverage.gatesRequired;
    const updated = text(raw['last_updated']);
    return {
      userId: text(raw['user_id']),
      userName: text(raw['username']),
      name: text(raw['display_name']),
      isAdmin: isAdmin(roles),
      ssprRegistered: registered,
      ssprEnabled: coverage.enabled,
      ssprCapable: registered && coverage.enabled && text(raw['status']) === 'active',
      methodsRegistered: methods.map((m) => methodLabel(m)),
      lastUpdated: updated && !updated.startsWith('1970') ? fromClickHouseTime(updated) : null,
    };
  };

// The users of the page, when one is asked for: their names and status alone (the other fields
// of every profile cost twice as much), cut before their profiles and changes are read
// (user_profile_changes and registration_changes are keyed by user).
const pageUsers = pagedOnly('AND user_id IN (SELECT user_id FROM page_users)');

/** Every current (not deleted) user of the tenant with their registration status, by name. */
export const registrationDetails = (
  tenantId: string,
  tenant: CoverageTenant,
): ReportQuery<RegistrationDetailsRow> => ({
  sql: `
    WITH page_users AS MATERIALIZED (
      SELECT user_id FROM (${currentProfilesSql()})
      WHERE status != 'deleted'
      ORDER BY username, user_id ${PAGE_HERE}
    ),
    methods AS (
      SELECT user_id, arraySort(groupArrayIf(method, last = 'registered')) AS methods,
             max(changed_at) AS last_updated
      FROM (
        SELECT user_id, method, argMax(change, position) AS last, max(occurred_at) AS changed_at
        FROM registration_changes
        WHERE tenant_id = {tenantId:String} AND method != '' ${pageUsers}
        GROUP BY user_id, method
      ) GROUP BY user_id
    )
    SELECT p.*, methods.methods AS methods, methods.last_updated AS last_updated
    FROM (${currentProfilesSql(pageUsers)}) AS p
    LEFT JOIN methods ON methods.user_id = p.user_id
    WHERE p.status != 'deleted'
    ORDER BY p.username, p.user_id`,
  params: { tenantId },
  toRow: toDetailsRow(tenant),
});
