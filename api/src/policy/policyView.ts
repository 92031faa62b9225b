import type { ActiveTenant } from '@resetline/domain';
import type { Policy } from './policy.type.js';

export const toPolicy = (tenant: ActiveTenant): Policy => ({
  version: tenant.policyVersion,
  tier: tenant.tier,
  sspr: {
    ...tenant.ssprPolicy,
    selectedGroups: [...tenant.ssprPolicy.selectedGroups],
    allowedMethods: [...tenant.ssprPolicy.allowedMethods],
    securityQuestions: {
      ...tenant.ssprPolicy.securityQuestions,
      customQuestions: [...tenant.ssprPolicy.securityQuestions.customQuestions],
    },
  },
  password: {
    ...tenant.passwordPolicy,
    customBannedPasswords: [...tenant.passwordPolicy.customBannedPasswords],
  },
  lockout: { ...tenant.lockoutPolicy },
  audit: { ...tenant.auditPolicy },
});
