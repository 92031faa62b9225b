import { describe, expect, it } from 'vitest';
import { deciderSpecification, type CommandMetadata } from '../core/index.js';
import { defaultPasswordPolicy } from '../password/index.js';
import { defaultAuditPolicy, defaultLockoutPolicy, defaultSsprPolicy } from '../policy/index.js';
import {
  changeTenantTier,
  createTenant,
  tenantDecider,
  updateAuditPolicy,
  updateBranding,
  updateLockoutPolicy,
  updatePasswordPolicy,
  updateSsprPolicy,
} from './businessLogic.js';
import type { TenantEvent } from './tenant.js';

const metadata: CommandMetadata = {
  now: new Date('2025-03-01T10:00:00Z'),
  tenantId: 'contoso',
  actor: { kind: 'admin', id: 'admin-1' },
  correlationId: 'corr-1',
};
const spec = deciderSpecification(tenantDecider);
const created = (tier: 'free' | 'basic' | 'premium' = 'basic'): TenantEvent => ({
  type: 'TenantCreated',
  data: { tenantId: 'contoso', name: 'Contoso', tier, language: 'en' },
});

describe('tenant decider', () => {
  describe('when the tenant does not exist', () => {
    it('creates it', () =>
      spec
        .given([])
        .when((s) =>
          createTenant(
            {
              type: 'CreateTenant',
              data: { tenantId: 'contoso', name: 'Contoso', tier: 'free', language: 'nl' },
              metadata,
            },
            s,
          ),
        )
        .then([
          {
            type: 'TenantCreated',
            data: { tenantId: 'contoso', name: 'Contoso', tier: 'free', language: 'nl' },
          },
        ]));

    it('refuses to create a tenant other than the command’s own', () =>
      spec
        .given([])
        .when((s) =>
          createTenant(
            {
              type: 'CreateTenant',
              data: { tenantId: 'fabrikam', name: 'F', tier: 'free', language: 'en' },
              metadata,
            },
            s,
          ),
        )
        .thenThrows('FORBIDDEN', 'CrossTenant'));

    it('refuses every change', () => {
      spec
        .given([])
        .when((s) =>
          changeTenantTier({ type: 'ChangeTenantTier', data: { tier: 'premium' }, metadata }, s),
        )
        .thenThrows('NOT_FOUND', 'TenantNotFound');
      spec
        .given([])
        .when((s) =>
          updateSsprPolicy(
            { type: 'UpdateSsprPolicy', data: { patch: { scope: 'all' } }, metadata },
            s,
          ),
        )
        .thenThrows('NOT_FOUND', 'TenantNotFound');
      spec
        .given([])
        .when((s) =>
          updatePasswordPolicy(
            { type: 'UpdatePasswordPolicy', data: { patch: { minLength: 12 } }, metadata },
            s,
          ),
        )
        .thenThrows('NOT_FOUND', 'TenantNotFound');
      spec
        .given([])
        .when((s) =>
          updateLockoutPolicy(
            { type: 'UpdateLockoutPolicy', data: { patch: { threshold: 5 } }, metadata },
            s,
          ),
        )
        .thenThrows('NOT_FOUND', 'TenantNotFound');
      spec
        .given([])
        .when((s) =>
          updateAuditPolicy(
            { type: 'UpdateAuditPolicy', data: { patch: { retentionDays: 90 } }, metadata },
            s,
          ),
        )
        .thenThrows('NOT_FOUND', 'TenantNotFound');
      spec
        .given([])
        .when((s) =>
          updateBranding(
            { type: 'UpdateBranding', data: { branding: { displayName: 'X' } }, metadata },
            s,
          ),
        )
        .thenThrows('NOT_FOUND', 'TenantNotFound');
    });
  });

  describe('when the tenant exists', () => {
    it('refuses to create it again', () =>
      spec
        .given([created()])
        .when((s) =>
          createTenant(
            {
              type: 'CreateTenant',
              data: { tenantId: 'contoso', name: 'Contoso', tier: 'free', language: 'en' },
              metadata,
            },
            s,
          ),
        )
        .thenThrows('CONFLICT', 'TenantExists'));

    it('changes the tier', () =>
      spec
        .given([created('basic')])
        .when((s) =>
          changeTenantTier({ type: 'ChangeTenantTier', data: { tier: 'premium' }, metadata }, s),
        )
        .then([{ type: 'TenantTierChanged', data: { from: 'basic', to: 'premium' } }]));

    it('records nothing when the tier is the same', () =>
      spec
        .given([created('basic')])
        .when((s) =>
          changeTenantTier({ type: 'ChangeTenantTier', data: { tier: 'basic' }, metadata }, s),
        )
        .then([]));

    it('merges an SSPR patch over the current policy and names the changed fields', () =>
      spec
        .given([created()])
        .when((s) =>
          updateSsprPolicy(
            {
              type: 'UpdateSsprPolicy',
              data: { patch: { scope: 'all', securityQuestions: { toRegister: 5 } } },
              metadata,
            },
            s,
          ),
        )
        .then([
          {
            type: 'SsprPolicyUpdated',
            data: {
              previous: defaultSsprPolicy,
              policy: {
                ...defaultSsprPolicy,
                scope: 'all',
                securityQuestions: { ...defaultSsprPolicy.securityQuestions, toRegister: 5 },
              },
              changedFields: ['scope', 'securityQuestions.toRegister'],
            },
          },
        ]));

    it('records nothing when the SSPR patch changes nothing', () =>
      spec
        .given([created()])
        .when((s) =>
          updateSsprPolicy(
            {
              type: 'UpdateSsprPolicy',
              data: { patch: { scope: 'none', gatesRequired: 1 } },
              metadata,
            },
            s,
          ),
        )
        .then([]));

    it('refuses an SSPR policy the schema rejects, naming the field', () => {
      const error = spec
        .given([created()])
        .when((s) =>
          updateSsprPolicy(
            { type: 'UpdateSsprPolicy', data: { patch: { scope: 'selected' } }, metadata },
            s,
          ),
        )
        .thenThrows('BAD_USER_INPUT', 'InvalidSsprPolicy');
      expect(error.message).toContain('selectedGroups');
    });

    it('refuses two gates with a single allowed method', () =>
      spec
        .given([created()])
        .when((s) =>
          updateSsprPolicy(
            {
              type: 'UpdateSsprPolicy',
              data: { patch: { gatesRequired: 2, allowedMethods: ['email'] } },
              metadata,
            },
            s,
          ),
        )
        .thenThrows('BAD_USER_INPUT', 'InvalidSsprPolicy'));

    it('refuses a field the policy does not have', () =>
      spec
        .given([created()])
        .when((s) =>
          updateSsprPolicy(
            { type: 'UpdateSsprPolicy', data: { patch: { scop: 'all' } as never }, metadata },
            s,
          ),
        )
        .thenThrows('BAD_USER_INPUT', 'UnknownPolicyField'));

    it('updates the password policy', () =>
      spec
        .given([created()])
        .when((s) =>
          updatePasswordPolicy(
            { type: 'UpdatePasswordPolicy', data: { patch: { minLength: 15 } }, metadata },
            s,
          ),
        )
        .then([
          {
            type: 'PasswordPolicyUpdated',
            data: {
              previous: defaultPasswordPolicy,
              policy: { ...defaultPasswordPolicy, minLength: 15 },
              changedFields: ['minLength'],
            },
          },
        ]));

    it('refuses a password minimum under 8', () =>
      spec
        .given([created()])
        .when((s) =>
          updatePasswordPolicy(
            { type: 'UpdatePasswordPolicy', data: { patch: { minLength: 6 } }, metadata },
            s,
          ),
        )
        .thenThrows('BAD_USER_INPUT', 'InvalidPasswordPolicy'));

    it('updates the lockout policy', () =>
      spec
        .given([created()])
        .when((s) =>
          updateLockoutPolicy(
            { type: 'UpdateLockoutPolicy', data: { patch: { threshold: 5 } }, metadata },
            s,
          ),
        )
        .then([
          {
            type: 'LockoutPolicyUpdated',
            data: {
              previous: defaultLockoutPolicy,
              policy: { ...defaultLockoutPolicy, threshold: 5 },
              changedFields: ['threshold'],
            },
          },
        ]));

    it('refuses more than 100 failures before lockout (NIST)', () =>
      spec
        .given([created()])
        .when((s) =>
          updateLockoutPolicy(
            { type: 'UpdateLockoutPolicy', data: { patch: { threshold: 101 } }, metadata },
            s,
          ),
        )
        .thenThrows('BAD_USER_INPUT', 'InvalidLockoutPolicy'));

    it('updates the audit retention', () =>
      spec
        .given([created()])
        .when((s) =>
          updateAuditPolicy(
            { type: 'UpdateAuditPolicy', data: { patch: { retentionDays: 90 } }, metadata },
            s,
          ),
        )
        .then([
          {
            type: 'AuditPolicyUpdated',
            data: {
              previous: defaultAuditPolicy,
              policy: { ...defaultAuditPolicy, retentionDays: 90 },
              changedFields: ['retentionDays'],
            },
          },
        ]));

    it('records nothing when the audit patch changes nothing', () =>
      spec
        .given([created()])
        .when((s) =>
          updateAuditPolicy(
            {
              type: 'UpdateAuditPolicy',
              data: { patch: { retentionDays: 365, legalHold: false } },
              metadata,
            },
            s,
          ),
        )
        .then([]));

    it('keeps the policy version when the audit policy changes', () => {
      const held: TenantEvent = {
        type: 'AuditPolicyUpdated',
        data: {
          previous: defaultAuditPolicy,
          policy: { ...defaultAuditPolicy, legalHold: true },
          changedFields: ['legalHold'],
        },
      };
      const state = spec.given([created(), held]).state;
      expect(state).toMatchObject({
        policyVersion: 1,
        auditPolicy: { retentionDays: 365, legalHold: true },
      });
    });

    for (const retentionDays of [6, 3651, 1.5]) {
      it(`refuses a retention of ${retentionDays} days, naming the field`, () => {
        const error = spec
          .given([created()])
          .when((s) =>
            updateAuditPolicy(
              { type: 'UpdateAuditPolicy', data: { patch: { retentionDays } }, metadata },
              s,
            ),
          )
          .thenThrows('BAD_USER_INPUT', 'InvalidAuditPolicy');
        expect(error.message).toContain('retentionDays');
      });
    }

    it('updates the branding and keeps the language when none is given', () =>
      spec
        .given([created()])
        .when((s) =>
          updateBranding(
            {
              type: 'UpdateBranding',
              data: { branding: { displayName: 'Contoso Ltd', primaryColor: '#1a73e8' } },
              metadata,
            },
            s,
          ),
        )
        .then([
          {
            type: 'TenantBrandingUpdated',
            data: {
              branding: { displayName: 'Contoso Ltd', primaryColor: '#1a73e8' },
              language: 'en',
            },
          },
        ]));

    it('records nothing when the branding is unchanged', () =>
      spec
        .given([created()])
        .when((s) =>
          updateBranding(
            { type: 'UpdateBranding', data: { branding: { displayName: 'Contoso' } }, metadata },
            s,
          ),
        )
        .then([]));
  });

  describe('when the tenant is not premium', () => {
    it('refuses to switch writeback on', () =>
      spec
        .given([created('basic')])
        .when((s) =>
          updateSsprPolicy(
            { type: 'UpdateSsprPolicy', data: { patch: { writebackEnabled: true } }, metadata },
            s,
          ),
        )
        .thenThrows('FORBIDDEN', 'WritebackNeedsPremium'));
  });

  describe('when a premium tenant has writeback on', () => {
    const writebackOn: TenantEvent = {
      type: 'SsprPolicyUpdated',
      data: {
        previous: defaultSsprPolicy,
        policy: { ...defaultSsprPolicy, writebackEnabled: true },
        changedFields: ['writebackEnabled'],
      },
    };

    it('accepted writeback on premium', () =>
      spec
        .given([created('premium')])
        .when((s) =>
          updateSsprPolicy(
            { type: 'UpdateSsprPolicy', data: { patch: { writebackEnabled: true } }, metadata },
            s,
          ),
        )
        .then([writebackOn]));

    it('switches writeback off when the tier goes down', () =>
      spec
        .given([created('premium'), writebackOn])
        .when((s) =>
          changeTenantTier({ type: 'ChangeTenantTier', data: { tier: 'basic' }, metadata }, s),
        )
        .then([
          { type: 'TenantTierChanged', data: { from: 'premium', to: 'basic' } },
          {
            type: 'SsprPolicyUpdated',
            data: {
              previous: { ...defaultSsprPolicy, writebackEnabled: true },
              policy: defaultSsprPolicy,
              changedFields: ['writebackEnabled'],
            },
          },
        ]));
  });

  it('decide dispatches every command', () => {
    const state = spec.given([created()]).state;
    expect(
      tenantDecider.decide({ type: 'ChangeTenantTier', data: { tier: 'free' }, metadata }, state),
    ).toEqual([{ type: 'TenantTierChanged', data: { from: 'basic', to: 'free' } }]);
  });
});
