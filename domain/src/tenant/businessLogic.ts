import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, type Command } from '../core/index.js';
import { passwordPolicySchema, type PasswordPolicy } from '../password/index.js';
import {
  auditPolicySchema,
  lockoutPolicySchema,
  ssprPolicySchema,
  tierSchema,
  type AuditPolicy,
  type LockoutPolicy,
  type SsprPolicy,
  type Tier,
} from '../policy/index.js';
import type { DirectorySettings } from './directory.js';
import { changedFields, mergePolicyPatch, parsePolicy, type PolicyPatch } from './policyPatch.js';
import {
  brandingSchema,
  evolveTenant,
  initialTenantState,
  languageSchema,
  type ActiveTenant,
  type Branding,
  type Language,
  type SsprPolicyUpdated,
  type TenantEvent,
  type TenantState,
} from './tenant.js';

export const createTenantSchema = z.object({
  tenantId: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  tier: tierSchema,
  language: languageSchema.default('en'),
});
export const changeTenantTierSchema = z.object({ tier: tierSchema });
export const updateBrandingSchema = z.object({
  branding: brandingSchema,
  language: languageSchema.optional(),
});

export type CreateTenant = Command<'CreateTenant', z.infer<typeof createTenantSchema>>;
export type ChangeTenantTier = Command<'ChangeTenantTier', { tier: Tier }>;
export type UpdateSsprPolicy = Command<'UpdateSsprPolicy', { patch: PolicyPatch<SsprPolicy> }>;
export type UpdatePasswordPolicy = Command<
  'UpdatePasswordPolicy',
  { patch: PolicyPatch<PasswordPolicy> }
>;
export type UpdateLockoutPolicy = Command<
  'UpdateLockoutPolicy',
  { patch: PolicyPatch<LockoutPolicy> }
>;
export type UpdateAuditPolicy = Command<'UpdateAuditPolicy', { patch: PolicyPatch<AuditPolicy> }>;
export type UpdateBranding = Command<
  'UpdateBranding',
  { branding: Branding; language?: Language | undefined }
>;

/** The bind secret arrives already sealed: the decider never sees it in clear. */
export type ConfigureDirectoryWriteback = Command<
  'ConfigureDirectoryWriteback',
  { directory: DirectorySettings }
>;
export type RemoveDirectoryWriteback = Command<'RemoveDirectoryWriteback', Record<string, never>>;

export type TenantCommand =
  | CreateTenant
  | ChangeTenantTier
  | UpdateSsprPolicy
  | UpdatePasswordPolicy
  | UpdateLockoutPolicy
  | UpdateAuditPolicy
  | UpdateBranding
  | ConfigureDirectoryWriteback
  | RemoveDirectoryWriteback;

const assertActive = (state: TenantState, tenantId: string): ActiveTenant => {
  if (state.status !== 'active') {
    throw new NotFoundError('TenantNotFound', `Tenant ${tenantId} does not exist`);
  }
  return state;
};

const assertPremiumForWriteback = (tier: Tier): void => {
  if (tier !== 'premium') {
    throw new ForbiddenError(
      'WritebackNeedsPremium',
      `Password writeback needs the premium tier (tenant is ${tier})`,
      { tier },
    );
  }
};

const assertWritebackAllowed = (tier: Tier, policy: SsprPolicy): void => {
  if (policy.writebackEnabled) assertPremiumForWriteback(tier);
};

export const createTenant = (command: CreateTenant, state: TenantState): TenantEvent[] => {
  const { tenantId, name, tier, language } = command.data;
  if (command.metadata.tenantId !== tenantId) {
    throw new ForbiddenError(
      'CrossTenant',
      `A command for tenant ${command.metadata.tenantId} cannot create tenant ${tenantId}`,
    );
  }
  if (state.status !== 'none')
    throw new ConflictError('TenantExists', `Tenant ${tenantId} already exists`);
  return [{ type: 'TenantCreated', data: { tenantId, name, tier, language } }];
};

/** A downgrade from premium switches writeback off in the same decision: only premium has it. */
export const changeTenantTier = (command: ChangeTenantTier, state: TenantState): TenantEvent[] => {
  const tenant = assertActive(state, command.metadata.tenantId);
  const { tier } = command.data;
  if (tier === tenant.tier) return [];
  const changed: TenantEvent = { type: 'TenantTierChanged', data: { from: tenant.tier, to: tier } };
  if (tier === 'premium' || !tenant.ssprPolicy.writebackEnabled) return [changed];
  const policy = { ...tenant.ssprPolicy, writebackEnabled: false };
  return [changed, ssprPolicyUpdated(tenant.ssprPolicy, policy)];
};

const ssprPolicyUpdated = (previous: SsprPolicy, policy: SsprPolicy): SsprPolicyUpdated => ({
  type: 'SsprPolicyUpdated',
  data: { policy, previous, changedFields: changedFields(previous, policy) },
});

export const updateSsprPolicy = (command: UpdateSsprPolicy, state: TenantState): TenantEvent[] => {
  const tenant = assertActive(state, command.metadata.tenantId);
  const merged = mergePolicyPatch(tenant.ssprPolicy, command.data.patch, 'The SSPR policy');
  const policy = parsePolicy(ssprPolicySchema, merged, 'InvalidSsprPolicy', 'SSPR policy');
  assertWritebackAllowed(tenant.tier, policy);
  if (changedFields(tenant.ssprPolicy, policy).length === 0) return [];
  return [ssprPolicyUpdated(tenant.ssprPolicy, policy)];
};

export const updatePasswordPolicy = (
  command: UpdatePasswordPolicy,
  state: TenantState,
): TenantEvent[] => {
  const tenant = assertActive(state, command.metadata.tenantId);
  const previous = tenant.passwordPolicy;
  const merged = mergePolicyPatch(previous, command.data.patch, 'The password policy');
  const policy = parsePolicy(
    passwordPolicySchema,
    merged,
    'InvalidPasswordPolicy',
    'password policy',
  );
  const fields = changedFields(previous, policy);
  if (fields.length === 0) return [];
  return [{ type: 'PasswordPolicyUpdated', data: { policy, previous, changedFields: fields } }];
};

export const updateLockoutPolicy = (
  command: UpdateLockoutPolicy,
  state: TenantState,
): TenantEvent[] => {
  const tenant = assertActive(state, command.metadata.tenantId);
  const previous = tenant.lockoutPolicy;
  const merged = mergePolicyPatch(previous, command.data.patch, 'The lockout policy');
  const policy = parsePolicy(lockoutPolicySchema, merged, 'InvalidLockoutPolicy', 'lockout policy');
  const fields = changedFields(previous, policy);
  if (fields.length === 0) return [];
  return [{ type: 'LockoutPolicyUpdated', data: { policy, previous, changedFields: fields } }];
};

export const updateAuditPolicy = (
  command: UpdateAuditPolicy,
  state: TenantState,
): TenantEvent[] => {
  const tenant = assertActive(state, command.metadata.tenantId);
  const previous = tenant.auditPolicy;
  const merged = mergePolicyPatch(previous, command.data.patch, 'The audit policy');
  const policy = parsePolicy(auditPolicySchema, merged, 'InvalidAuditPolicy', 'audit policy');
  const fields = changedFields(previous, policy);
  if (fields.length === 0) return [];
  return [{ type: 'AuditPolicyUpdated', data: { policy, previous, changedFields: fields } }];
};

export const updateBranding = (command: UpdateBranding, state: TenantState): TenantEvent[] => {
  const tenant = assertActive(state, command.metadata.tenantId);
  const branding = command.data.branding;
  const language = command.data.language ?? tenant.language;
  const unchanged =
    changedFields(tenant.branding, branding).length === 0 && language === tenant.language;
  if (unchanged) return [];
  return [{ type: 'TenantBrandingUpdated', data: { branding, language } }];
};

/**
 * Always a new event, even for the same settings: the secret is sealed afresh each time, and an
 * administrator re-entering the bind secret is itself worth an audit row.
 */
export const configureDirectoryWriteback = (
  command: ConfigureDirectoryWriteback,
  state: TenantState,
): TenantEvent[] => {
  const tenant = assertActive(state, command.metadata.tenantId);
  assertPremiumForWriteback(tenant.tier);
  return [{ type: 'DirectoryWritebackConfigured', data: command.data.directory }];
};

export const removeDirectoryWriteback = (
  command: RemoveDirectoryWriteback,
  state: TenantState,
): TenantEvent[] => {
  const tenant = assertActive(state, command.metadata.tenantId);
  if (!tenant.directory) return [];
  const { kind, url } = tenant.directory;
  return [{ type: 'DirectoryWritebackRemoved', data: { kind, url } }];
};

export const decideTenant = (command: TenantCommand, state: TenantState): TenantEvent[] => {
  switch (command.type) {
    case 'CreateTenant':
      return createTenant(command, state);
    case 'ChangeTenantTier':
      return changeTenantTier(command, state);
    case 'UpdateSsprPolicy':
      return updateSsprPolicy(command, state);
    case 'UpdatePasswordPolicy':
      return updatePasswordPolicy(command, state);
    case 'UpdateLockoutPolicy':
      return updateLockoutPolicy(command, state);
    case 'UpdateAuditPolicy':
      return updateAuditPolicy(command, state);
    case 'UpdateBranding':
      return updateBranding(command, state);
    case 'ConfigureDirectoryWriteback':
      return configureDirectoryWriteback(command, state);
    case 'RemoveDirectoryWriteback':
      return removeDirectoryWriteback(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`Unknown tenant command ${JSON.stringify(_exhaustive)}`);
    }
  }
};

export const tenantDecider = {
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
};
