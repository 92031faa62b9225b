import type { MethodKind } from '../policy/index.js';
import { ssprCoverage } from '../tenant/ssprCoverage.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import type { ExistingUser } from '../user/user.js';
import { meetsRequirement, usableMethods } from './businessLogic.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Entra's registration report terms: `registered` = enough usable methods for the gates,
 * `enabled` = tier and scope cover the user, `capable` = both (and the account is active).
 */
export type RegistrationStatus = Readonly<{
  registered: boolean;
  enabled: boolean;
  capable: boolean;
  /** Re-registration was required, or the last confirmation is older than the policy allows. */
  needsReconfirmation: boolean;
  gatesRequired: 1 | 2;
  methods: readonly MethodKind[];
}>;

export const registrationStatus = (
  user: ExistingUser,
  tenant: Pick<ActiveTenant, 'tier' | 'ssprPolicy'>,
  now: Date,
): RegistrationStatus => {
  const coverage = ssprCoverage(tenant, user);
  const registered = meetsRequirement(user, coverage);
  const { reconfirmAfterDays } = tenant.ssprPolicy;
  const confirmedAt = user.securityInfoConfirmedAt;
  const stale =
    reconfirmAfterDays > 0 &&
    confirmedAt !== null &&
    now.getTime() - confirmedAt.getTime() > reconfirmAfterDays * DAY_MS;
  return {
    registered,
    enabled: coverage.enabled,
    capable: registered && coverage.enabled && user.status === 'active',
    needsReconfirmation: user.reregistrationRequired || stale,
    gatesRequired: coverage.gatesRequired,
    methods: usableMethods(user, coverage),
  };
};
