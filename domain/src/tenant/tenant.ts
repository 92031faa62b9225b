import { z } from 'zod';
import type { Event } from '../core/index.js';
import {
  passwordPolicySchema,
  defaultPasswordPolicy,
  type PasswordPolicy,
} from '../password/index.js';
import {
  auditPolicySchema,
  defaultAuditPolicy,
  defaultLockoutPolicy,
  defaultSsprPolicy,
  lockoutPolicySchema,
  ssprPolicySchema,
  tierSchema,
  type AuditPolicy,
  type LockoutPolicy,
  type SsprPolicy,
  type Tier,
} from '../policy/index.js';
import {
  directoryKindSchema,
  directorySettingsSchema,
  type DirectorySettings,
} from './directory.js';

export const tenantStreamId = (tenantId: string): string => `tenant-${tenantId}`;

export const languageSchema = z.enum(['en', 'nl']);
export type Language = z.infer<typeof languageSchema>;

export const brandingSchema = z.object({
  displayName: z.string().min(1).max(100),
  logoUrl: z.url().optional(),
  primaryColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1a73e8')
    .optional(),
});
export type Branding = z.infer<typeof brandingSchema>;

export const tenantEventSchemas = {
  TenantCreated: z.object({
    tenantId: z.string().min(1),
    name: z.string().min(1).max(100),
    tier: tierSchema,
    language: languageSchema,
  }),
  TenantTierChanged: z.object({ from: tierSchema, to: tierSchema }),
  /** Entra: "Self-service password reset policy changes", with old and new values. */
  SsprPolicyUpdated: z.object({
    policy: ssprPolicySchema,
    previous: ssprPolicySchema,
    changedFields: z.array(z.string()),
  }),
  PasswordPolicyUpdated: z.object({
    policy: passwordPolicySchema,
    previous: passwordPolicySchema,
    changedFields: z.array(z.string()),
  }),
  LockoutPolicyUpdated: z.object({
    policy: lockoutPolicySchema,
    previous: lockoutPolicySchema,
    changedFields: z.array(z.string()),
  }),
  /** Audit retention and legal hold; the projections prune audit and report rows by it. */
  AuditPolicyUpdated: z.object({
    policy: auditPolicySchema,
    previous: auditPolicySchema,
    changedFields: z.array(z.string()),
  }),
  TenantBrandingUpdated: z.object({ branding: brandingSchema, language: languageSchema }),
  /** The directory password writeback goes to; the bind secret only sealed. */
  DirectoryWritebackConfigured: directorySettingsSchema,
  /** Which directory was removed, for the audit log. */
  DirectoryWritebackRemoved: z.object({ kind: directoryKindSchema, url: z.string() }),
} as const;

type Data<K extends keyof typeof tenantEventSchemas> = z.infer<(typeof tenantEventSchemas)[K]>;
export type TenantCreated = Event<'TenantCreated', Data<'TenantCreated'>>;
export type TenantTierChanged = Event<'TenantTierChanged', Data<'TenantTierChanged'>>;
export type SsprPolicyUpdated = Event<'SsprPolicyUpdated', Data<'SsprPolicyUpdated'>>;
export type PasswordPolicyUpdated = Event<'PasswordPolicyUpdated', Data<'PasswordPolicyUpdated'>>;
export type LockoutPolicyUpdated = Event<'LockoutPolicyUpdated', Data<'LockoutPolicyUpdated'>>;
export type AuditPolicyUpdated = Event<'AuditPolicyUpdated', Data<'AuditPolicyUpdated'>>;
export type TenantBrandingUpdated = Event<'TenantBrandingUpdated', Data<'TenantBrandingUpdated'>>;
export type DirectoryWritebackConfigured = Event<
  'DirectoryWritebackConfigured',
  Data<'DirectoryWritebackConfigured'>
>;
export type DirectoryWritebackRemoved = Event<
  'DirectoryWritebackRemoved',
  Data<'DirectoryWritebackRemoved'>
>;

export type TenantEvent =
  | TenantCreated
  | TenantTierChanged
  | SsprPolicyUpdated
  | PasswordPolicyUpdated
  | LockoutPolicyUpdated
  | AuditPolicyUpdated
  | TenantBrandingUpdated
  | DirectoryWritebackConfigured
  | DirectoryWritebackRemoved;

export type ActiveTenant = Readonly<{
  status: 'active';
  tenantId: string;
  name: string;
  tier: Tier;
  language: Language;
  branding: Branding;
  ssprPolicy: SsprPolicy;
  passwordPolicy: PasswordPolicy;
  lockoutPolicy: LockoutPolicy;
  auditPolicy: AuditPolicy;
  /**
   * Increases with every change to a policy a password decision uses (SSPR, password, lockout),
   * so a decision can name the policy it used.
   */
  policyVersion: number;
  /** The directory for password writeback, when one is configured. */
  directory?: DirectorySettings;
}>;
export type TenantState = Readonly<{ status: 'none' }> | ActiveTenant;

export const initialTenantState = (): TenantState => ({ status: 'none' });

export const evolveTenant = (state: TenantState, event: TenantEvent): TenantState => {
  if (event.type === 'TenantCreated') {
    const { tenantId, name, tier, language } = event.data;
    return {
      status: 'active',
      tenantId,
      name,
      tier,
      language,
      branding: { displayName: name },
      ssprPolicy: defaultSsprPolicy,
      passwordPolicy: defaultPasswordPolicy,
      lockoutPolicy: defaultLockoutPolicy,
      auditPolicy: defaultAuditPolicy,
      policyVersion: 1,
    };
  }
  if (state.status !== 'active') return state;
  switch (event.type) {
    case 'TenantTierChanged':
      return { ...state, tier: event.data.to };
    case 'SsprPolicyUpdated':
      return { ...state, ssprPolicy: event.data.policy, policyVersion: state.policyVersion + 1 };
    case 'PasswordPolicyUpdated':
      return {
        ...state,
        passwordPolicy: event.data.policy,
        policyVersion: state.policyVersion + 1,
      };
    case 'LockoutPolicyUpdated':
      return { ...state, lockoutPolicy: event.data.policy, policyVersion: state.policyVersion + 1 };
    // No policyVersion bump: retention decides no password operation, so no decision names it.
    case 'AuditPolicyUpdated':
      return { ...state, auditPolicy: event.data.policy };
    case 'TenantBrandingUpdated':
      return { ...state, branding: event.data.branding, language: event.data.language };
    case 'DirectoryWritebackConfigured':
      return { ...state, directory: event.data };
    case 'DirectoryWritebackRemoved': {
      const { directory: _removed, ...rest } = state;
      return rest;
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};
