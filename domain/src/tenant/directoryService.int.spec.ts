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
  handleConfigureDirectoryWriteback,
  handleCreateTenant,
  handleRemoveDirectoryWriteback,
} from './service.js';

const T0 = new Date('2025-03-01T09:00:00Z');
const system = (): CommandMetadata => ({
  now: T0,
  tenantId: 'contoso',
  actor: { kind: 'system', id: 'bootstrap' },
  correlationId: 'c',
});
const asAdmin = (id: string): CommandMetadata => ({ ...system(), actor: { kind: 'admin', id } });
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: ResetlineError) => `${e.code}/${e.reason}`,
  );

const BIND_SECRET = 'S3rvice-account bind secret';
const input = {
  kind: 'openldap',
  url: 'ldap://dc1.contoso.example:389',
  bindDn: 'cn=resetline,dc=contoso,dc=example',
  bindPassword: BIND_SECRET,
  baseDn: 'dc=contoso,dc=example',
  timeoutMs: 2_000,
};

let deps: ServiceDeps;
beforeEach(() => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: { now: () => T0 },
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
    codeHasher: new HmacCodeHasher(new Uint8Array(32).fill(7)),
    secretBox: new AesGcmSecretBox(new Uint8Array(32).fill(9)),
    totp: new OtpauthTotp(),
  };
});
afterEach(() => deps.eventStore.close());

const bootstrap = async (tier: 'basic' | 'premium') => {
  await handleCreateTenant(deps, { tenantId: 'contoso', name: 'Contoso', tier }, system());
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

describe('configuring the writeback directory', () => {
  it('stores the bind secret sealed, never in clear, and the secret box opens it again', async () => {
    const { adminId } = await bootstrap('premium');

    const { changed, tenant } = await handleConfigureDirectoryWriteback(
      deps,
      input,
      asAdmin(adminId),
    );

    expect(changed).toBe(true);
    const events = await deps.eventStore.readStream('tenant-contoso');
    expect(JSON.stringify(events)).not.toContain(BIND_SECRET);
    const stored = events.at(-1);
    expect(stored).toMatchObject({
      type: 'DirectoryWritebackConfigured',
      metadata: { actor: { kind: 'admin', id: adminId } },
      data: { kind: 'openldap', url: input.url, bindDn: input.bindDn, timeoutMs: 2_000 },
    });
    expect(stored?.data).not.toHaveProperty('bindPassword');
    expect(deps.secretBox.open(String(stored?.data['sealedBindPassword']))).toBe(BIND_SECRET);
    expect(tenant.directory).toEqual(stored?.data);
    expect((await getTenant(deps, 'contoso'))?.directory).toEqual(stored?.data);
  });

  it('refuses anyone but a global admin', async () => {
    const { helpdeskId } = await bootstrap('premium');

    expect(await codeOf(handleConfigureDirectoryWriteback(deps, input, asAdmin(helpdeskId)))).toBe(
      'FORBIDDEN/GlobalAdminOnly',
    );
    expect(await codeOf(handleRemoveDirectoryWriteback(deps, asAdmin(helpdeskId)))).toBe(
      'FORBIDDEN/GlobalAdminOnly',
    );
  });

  it('refuses a tenant below premium', async () => {
    const { adminId } = await bootstrap('basic');

    expect(await codeOf(handleConfigureDirectoryWriteback(deps, input, asAdmin(adminId)))).toBe(
      'FORBIDDEN/WritebackNeedsPremium',
    );
  });

  it('refuses malformed settings naming the fields, never repeating the secret', async () => {
    const { adminId } = await bootstrap('premium');
    const bad = { ...input, url: `ldap://${BIND_SECRET}`, baseDn: '' };

    const error = (await handleConfigureDirectoryWriteback(deps, bad, asAdmin(adminId)).catch(
      (e: unknown) => e,
    )) as ResetlineError;

    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidDirectoryConfig' });
    expect(error.message).toMatch(/url/);
    expect(error.message).toMatch(/baseDn/);
    expect(`${error.message}${JSON.stringify(error.details)}`).not.toContain(BIND_SECRET);
  });

  it('removes the directory, once', async () => {
    const { adminId } = await bootstrap('premium');
    await handleConfigureDirectoryWriteback(deps, input, asAdmin(adminId));

    const removed = await handleRemoveDirectoryWriteback(deps, asAdmin(adminId));
    const again = await handleRemoveDirectoryWriteback(deps, asAdmin(adminId));

    expect(removed.changed).toBe(true);
    expect(removed.tenant.directory).toBeUndefined();
    expect(again.changed).toBe(false);
  });

  it('refuses a new directory after a downgrade from premium', async () => {
    const { adminId } = await bootstrap('premium');
    await handleConfigureDirectoryWriteback(deps, input, asAdmin(adminId));
    await handleChangeTenantTier(deps, { tier: 'basic' }, asAdmin(adminId));

    expect(await codeOf(handleConfigureDirectoryWriteback(deps, input, asAdmin(adminId)))).toBe(
      'FORBIDDEN/WritebackNeedsPremium',
    );
  });
});
