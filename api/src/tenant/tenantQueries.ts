import {
  handleChangeTenantTier,
  loadActiveTenant,
  type ActiveTenant,
  type CommandMetadata,
  type ServiceDeps,
  type Tier,
} from '@resetline/domain';
import type { Tenant, TenantChange } from './tenant.type.js';

const toTenant = (tenant: ActiveTenant): Tenant => ({
  id: tenant.tenantId,
  name: tenant.name,
  tier: tenant.tier,
  language: tenant.language,
  displayName: tenant.branding.displayName,
  policyVersion: tenant.policyVersion,
});

export const currentTenant = async (deps: ServiceDeps, tenantId: string): Promise<Tenant> =>
  toTenant(await loadActiveTenant(deps, tenantId));

/** A downgrade from premium also switches writeback off (the domain decides that). */
export const setTenantTier = async (
  deps: ServiceDeps,
  tier: Tier,
  metadata: CommandMetadata,
): Promise<TenantChange> => {
  const { changed, tenant } = await handleChangeTenantTier(deps, { tier }, metadata);
  return { changed, tenant: toTenant(tenant) };
};
