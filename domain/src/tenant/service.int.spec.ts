import {
  AesGcmSecretBox,
  Argon2PasswordHasher,
  cryptoRandom,
  HmacCodeHasher,
  openSqliteEventStore,
  OtpauthTotp,
} from '@resetline/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandMetadata, ResetlineError, ServiceDeps } from '../core/index.js';
import { handleProvisionUser } from '../user/service.js';
import {
  getTenant,
  handleChangeTenantTier,
  handleCreateTenant,
  handleUpdateBranding,
  handleUpdatePasswordPolicy,
  handleUpdateSsprPolicy,
  policyAt,
} from './service.js';

const T0 = new Date('2025-03-01T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const system = (now = T0): CommandMetadata => ({
  now,
  tenantId: 'contoso',
  actor: { kind: 'system', id: 'bootstrap' },
  correlationId: 'c',
});
const asAdmin = (id: string, now = T0): CommandMetadata => ({
  ...system(now),
  actor: { kind: 'admin', id },
});
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: ResetlineError) => `${e.code}/${e.reason}`,
  );

let deps: ServiceDeps;
beforeEach(() => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: { now: () => T0 },
    random: cryptoRandom,
    // The real argon2id adapter with light parameters: these tests are about the flow, not the cost.
    passwordHasher: new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
    codeHasher: new HmacCodeHasher(new Uint8Array(32).fill(7)),
    secretBox: new AesGcmSecretBox(new Uint8Array(32).fill(9)),
    totp: new OtpauthTotp(),
  };
});
afterEach(() => deps.eventStore.close());

const bootstrap = async () => {
  await handleCreateTenant(deps, { tenantId: 'contoso', name: 'Contoso', tier: 'basic' }, system());
  const admin = await handleProvisionUser(
    deps,
    { username: 'root@contoso.com', displayName: 'Root', roles: ['globalAdmin'] },
    system(),
  );
  const helpdesk = await handleProvisionUser(
    deps,
    { username: 'help@contoso.com', displayName: 'Help', roles: ['passwordAdmin'] },
    system(),
  );
  return { adminId: admin.userId, helpdeskId: helpdesk.userId };
};

describe('tenant service', () => {
  it('creates a tenant with the default policies', async () => {
    const { tenant } = await handleCreateTenant(
      deps,
      { tenantId: 'contoso', name: 'Contoso', tier: 'free' },
      system(),
    );
    expect(tenant).toMatchObject({
      tenantId: 'contoso',
      tier: 'free',
      language: 'en',
      policyVersion: 1,
    });
    expect(await getTenant(deps, 'contoso')).toEqual(tenant);
  });

  it('refuses a tenant created by anyone but the system', async () =>
    expect(
      await codeOf(
        handleCreateTenant(deps, { tenantId: 'contoso', name: 'C', tier: 'free' }, asAdmin('x')),
      ),
    ).toBe('FORBIDDEN/SystemOnly'));

  it('refuses malformed input, naming the field', async () => {
    const error = await handleCreateTenant(
      deps,
      { tenantId: 'contoso', name: '', tier: 'gold' },
      system(),
    ).catch((e: ResetlineError) => e);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidTenant' });
    expect((error as Error).message).toMatch(/tier/);
  });

  it('refuses a second tenant with the same id', async () => {
    await handleCreateTenant(
      deps,
      { tenantId: 'contoso', name: 'Contoso', tier: 'free' },
      system(),
    );
    expect(
      await codeOf(
        handleCreateTenant(deps, { tenantId: 'contoso', name: 'Contoso', tier: 'free' }, system()),
      ),
    ).toBe('CONFLICT/TenantExists');
  });

  describe('when a global admin changes settings', () => {
    it('updates the SSPR policy, and answers nothing changed for the same patch', async () => {
      const { adminId } = await bootstrap();
      const first = await handleUpdateSsprPolicy(deps, { scope: 'all' }, asAdmin(adminId));
      expect(first).toMatchObject({
        changed: true,
        tenant: { ssprPolicy: { scope: 'all' }, policyVersion: 2 },
      });
      expect((await handleUpdateSsprPolicy(deps, { scope: 'all' }, asAdmin(adminId))).changed).toBe(
        false,
      );
      const events = await deps.eventStore.readStream('tenant-contoso');
      expect(events.map((e) => e.type)).toEqual(['TenantCreated', 'SsprPolicyUpdated']);
      expect(events[1]).toMatchObject({
        metadata: { actor: { kind: 'admin', id: adminId } },
        data: { changedFields: ['scope'] },
      });
    });

    it('refuses writeback below premium, then allows it after an upgrade', async () => {
      const { adminId } = await bootstrap();
      expect(
        await codeOf(handleUpdateSsprPolicy(deps, { writebackEnabled: true }, asAdmin(adminId))),
      ).toBe('FORBIDDEN/WritebackNeedsPremium');
      await handleChangeTenantTier(deps, { tier: 'premium' }, asAdmin(adminId));
      expect(
        (await handleUpdateSsprPolicy(deps, { writebackEnabled: true }, asAdmin(adminId))).tenant
          .ssprPolicy.writebackEnabled,
      ).toBe(true);
    });

    it('updates the password policy and the branding', async () => {
      const { adminId } = await bootstrap();
      expect(
        (await handleUpdatePasswordPolicy(deps, { minLength: 15 }, asAdmin(adminId))).tenant
          .passwordPolicy.minLength,
      ).toBe(15);
      const { tenant } = await handleUpdateBranding(
        deps,
        { branding: { displayName: 'Contoso Ltd' }, language: 'nl' },
        asAdmin(adminId),
      );
      expect(tenant).toMatchObject({ branding: { displayName: 'Contoso Ltd' }, language: 'nl' });
    });
  });

  describe('when someone else tries', () => {
    it('refuses a helpdesk admin', async () => {
      const { helpdeskId } = await bootstrap();
      expect(
        await codeOf(handleUpdateSsprPolicy(deps, { scope: 'all' }, asAdmin(helpdeskId))),
      ).toBe('FORBIDDEN/GlobalAdminOnly');
    });

    it('refuses an unknown actor and an admin of another tenant', async () => {
      const { adminId } = await bootstrap();
      await handleCreateTenant(
        deps,
        { tenantId: 'fabrikam', name: 'Fabrikam', tier: 'basic' },
        { ...system(), tenantId: 'fabrikam' },
      );
      expect(await codeOf(handleUpdateSsprPolicy(deps, { scope: 'all' }, asAdmin('nobody')))).toBe(
        'FORBIDDEN/NotAnAdmin',
      );
      const crossTenant = { ...asAdmin(adminId), tenantId: 'fabrikam' };
      expect(await codeOf(handleUpdateSsprPolicy(deps, { scope: 'all' }, crossTenant))).toBe(
        'FORBIDDEN/NotAnAdmin',
      );
      expect((await getTenant(deps, 'fabrikam'))?.ssprPolicy.scope).toBe('none');
    });
  });

  describe('policyAt', () => {
    it('answers the policy in force at a past time', async () => {
      const { adminId } = await bootstrap();
      await handleUpdateSsprPolicy(deps, { scope: 'all' }, asAdmin(adminId, at(10)));
      await handleUpdateSsprPolicy(deps, { gatesRequired: 2 }, asAdmin(adminId, at(20)));
      expect(await policyAt(deps, 'contoso', new Date(T0.getTime() - 1))).toBeNull();
      expect((await policyAt(deps, 'contoso', at(5)))?.ssprPolicy.scope).toBe('none');
      expect(await policyAt(deps, 'contoso', at(10))).toMatchObject({
        ssprPolicy: { scope: 'all', gatesRequired: 1 },
        policyVersion: 2,
      });
      expect(await policyAt(deps, 'contoso', at(60))).toMatchObject({
        ssprPolicy: { scope: 'all', gatesRequired: 2 },
        policyVersion: 3,
      });
    });

    it('answers null for an unknown tenant', async () =>
      expect(await policyAt(deps, 'nobody', at(1))).toBeNull());
  });
});
