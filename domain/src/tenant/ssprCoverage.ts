import {
  isAdmin,
  type MethodKind,
  type Role,
  type SsprPolicy,
  type Tier,
  type UserSource,
} from '../policy/index.js';

/**
 * Entra's fixed policy for administrators: two gates from these methods, never security
 * questions, whatever the tenant's own policy says. Admins are always in scope.
 */
export const adminMethods: readonly MethodKind[] = [
  'email',
  'mobilePhone',
  'officePhone',
  'authenticator',
];
export const adminGatesRequired = 2;

export type CoverageSubject = Readonly<{
  roles: readonly Role[];
  groups: readonly string[];
  source: UserSource;
}>;

/** free: cloud admins only; basic: every cloud user; premium: synced and federated users too. */
export const tierCovers = (
  tier: Tier,
  user: Pick<CoverageSubject, 'roles' | 'source'>,
): boolean => {
  if (tier === 'premium') return true;
  if (user.source !== 'cloud') return false;
  return tier === 'basic' || isAdmin(user.roles);
};

export const inSsprScope = (policy: SsprPolicy, user: CoverageSubject): boolean => {
  if (isAdmin(user.roles)) return true;
  if (policy.scope === 'all') return true;
  if (policy.scope === 'none') return false;
  return user.groups.some((group) => policy.selectedGroups.includes(group));
};

/** Why self-service is off for a user; the names match the reset flow's ineligible reasons. */
export type CoverageGap = 'tierExcludes' | 'notInScope';

export type SsprCoverage = Readonly<{
  enabled: boolean;
  gap?: CoverageGap | undefined;
  gatesRequired: 1 | 2;
  allowedMethods: readonly MethodKind[];
}>;

/**
 * What self-service reset means for this user under this tier and policy. Evaluated when used
 * (registration, reset), never stored: a tier upgrade covers existing users at once.
 */
export const ssprCoverage = (
  tenant: Readonly<{ tier: Tier; ssprPolicy: SsprPolicy }>,
  user: CoverageSubject,
): SsprCoverage => {
  const admin = isAdmin(user.roles);
  const rules = admin
    ? { gatesRequired: adminGatesRequired as 1 | 2, allowedMethods: adminMethods }
    : {
        gatesRequired: tenant.ssprPolicy.gatesRequired,
        allowedMethods: tenant.ssprPolicy.allowedMethods,
      };
  if (!tierCovers(tenant.tier, user)) return { enabled: false, gap: 'tierExcludes', ...rules };
  if (!inSsprScope(tenant.ssprPolicy, user)) return { enabled: false, gap: 'notInScope', ...rules };
  return { enabled: true, ...rules };
};
