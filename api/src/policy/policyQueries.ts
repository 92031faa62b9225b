import {
  handleUpdateAuditPolicy,
  handleUpdateLockoutPolicy,
  handleUpdatePasswordPolicy,
  handleUpdateSsprPolicy,
  loadActiveTenant,
  policyAt,
  type CommandMetadata,
  type ServiceDeps,
  type TenantResult,
} from '@resetline/domain';
import { toPatch } from '../admin/adminContext.js';
import type {
  AuditPolicyPatch,
  LockoutPolicyPatch,
  PasswordPolicyPatch,
  SsprPolicyPatch,
} from './policy.input.js';
import type { Policy, PolicyChange } from './policy.type.js';
import { toPolicy } from './policyView.js';

export const currentPolicy = async (deps: ServiceDeps, tenantId: string): Promise<Policy> =>
  toPolicy(await loadActiveTenant(deps, tenantId));

/** Null when the tenant did not exist yet at that time. */
export const policyAtTime = async (
  deps: ServiceDeps,
  tenantId: string,
  time: Date,
): Promise<Policy | null> => {
  const tenant = await policyAt(deps, tenantId, time);
  return tenant ? toPolicy(tenant) : null;
};

const toChange = ({ changed, tenant }: TenantResult): PolicyChange => ({
  changed,
  policy: toPolicy(tenant),
});

export const updatePolicy = {
  sspr: async (deps: ServiceDeps, patch: SsprPolicyPatch, metadata: CommandMetadata) =>
    toChange(await handleUpdateSsprPolicy(deps, toPatch(patch) as never, metadata)),
  password: async (deps: ServiceDeps, patch: PasswordPolicyPatch, metadata: CommandMetadata) =>
    toChange(await handleUpdatePasswordPolicy(deps, toPatch(patch), metadata)),
  lockout: async (deps: ServiceDeps, patch: LockoutPolicyPatch, metadata: CommandMetadata) =>
    toChange(await handleUpdateLockoutPolicy(deps, toPatch(patch), metadata)),
  audit: async (deps: ServiceDeps, patch: AuditPolicyPatch, metadata: CommandMetadata) =>
    toChange(await handleUpdateAuditPolicy(deps, toPatch(patch), metadata)),
};
