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
import { handleCreateTenant, handleUpdateSsprPolicy } from '../tenant/service.js';
import {
  findUserByUsername,
  getUser,
  handleDeleteUser,
  handleDisableUser,
  handleEnableUser,
  handleProvisionUser,
  handleRequireReregistration,
  handleRevokeSecurityInfo,
  handleUpdateUser,
} from './service.js';

const T0 = new Date('2025-03-01T09:00:00Z');
const system = (tenantId = 'contoso'): CommandMetadata => ({
  now: T0,
  tenantId,
  actor: { kind: 'system', id: 'bootstrap' },
  correlationId: 'c',
});
const asAdmin = (id: string, tenantId = 'contoso'): CommandMetadata => ({
  ...system(tenantId),
  actor: { kind: 'admin', id },
});
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: ResetlineError) => `${e.code}/${e.reason}`,
  );
const STRONG = 'correct horse battery staple 42';

let deps: ServiceDeps;
let adminId: string;
let helpdeskId: string;
beforeEach(async () => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: { now: () => T0 },
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
    codeHasher: new HmacCodeHasher(new Uint8Array(32).fill(7)),
    secretBox: new AesGcmSecretBox(new Uint8Array(32).fill(9)),
    totp: new OtpauthTotp(),
  };
  await handleCreateTenant(deps, { tenantId: 'contoso', name: 'Contoso', tier: 'basic' }, system());
  adminId = (
    await handleProvisionUser(
      deps,
      { username: 'root@contoso.com', displayName: 'Root', roles: ['globalAdmin'] },
      system(),
    )
  ).userId;
  helpdeskId = (
    await handleProvisionUser(
      deps,
      { username: 'help@contoso.com', displayName: 'Help', roles: ['passwordAdmin'] },
      system(),
    )
  ).userId;
});
afterEach(() => deps.eventStore.close());

const provisionJan = (extra: Record<string, unknown> = {}, by = adminId) =>
  handleProvisionUser(
    deps,
    {
      username: 'Jan@Contoso.com',
      displayName: 'Jan Jansen',
      firstName: 'Jan',
      lastName: 'Jansen',
      ...extra,
    },
    asAdmin(by),
  );

describe('user administration service', () => {
  describe('provisioning', () => {
    it('provisions a user, findable by username in any case', async () => {
      const { userId, ssprEnabled } = await provisionJan({ groups: ['sales'] });
      expect(ssprEnabled).toBe(false);
      const found = await findUserByUsername(deps, 'contoso', ' jan@contoso.com ');
      expect(found).toMatchObject({
        userId,
        username: 'Jan@Contoso.com',
        roles: ['user'],
        groups: ['sales'],
        source: 'cloud',
        passwordHash: null,
      });
      expect(await findUserByUsername(deps, 'contoso', 'piet@contoso.com')).toBeNull();
    });

    it('reports SSPR coverage from the tier and scope of the day', async () => {
      await handleUpdateSsprPolicy(deps, { scope: 'all' }, asAdmin(adminId));
      expect((await provisionJan()).ssprEnabled).toBe(true);
      const synced = await handleProvisionUser(
        deps,
        { username: 'sync@contoso.com', displayName: 'S', source: 'synced' },
        asAdmin(adminId),
      );
      expect(synced.ssprEnabled).toBe(false);
    });

    it('refuses a username already taken, whatever its case', async () => {
      await provisionJan();
      expect(
        await codeOf(
          handleProvisionUser(
            deps,
            { username: 'JAN@contoso.com', displayName: 'Other' },
            asAdmin(adminId),
          ),
        ),
      ).toBe('CONFLICT/UsernameTaken');
    });

    it('lets only one of two concurrent provisionings of a name win', async () => {
      const results = await Promise.allSettled([
        provisionJan(),
        provisionJan({ displayName: 'Jan Two' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(
        (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason,
      ).toMatchObject({ reason: 'UsernameTaken' });
    });

    it('keeps a deleted user’s name reserved', async () => {
      const { userId } = await provisionJan();
      await handleDeleteUser(deps, userId, asAdmin(adminId));
      expect(await findUserByUsername(deps, 'contoso', 'jan@contoso.com')).toBeNull();
      expect(await codeOf(provisionJan())).toBe('CONFLICT/UsernameTaken');
    });

    it('lets the same name exist in two tenants', async () => {
      await handleCreateTenant(
        deps,
        { tenantId: 'fabrikam', name: 'Fabrikam', tier: 'basic' },
        system('fabrikam'),
      );
      await provisionJan();
      const other = await handleProvisionUser(
        deps,
        { username: 'jan@contoso.com', displayName: 'Jan F' },
        system('fabrikam'),
      );
      expect((await findUserByUsername(deps, 'fabrikam', 'jan@contoso.com'))?.userId).toBe(
        other.userId,
      );
    });

    it('hashes an initial password with argon2id and keeps it out of every event', async () => {
      const { userId } = await provisionJan({ initialPassword: STRONG });
      const user = await getUser(deps, 'contoso', userId);
      expect(user).toMatchObject({ mustChangePassword: true });
      expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await deps.passwordHasher.verify(user!.passwordHash!, STRONG)).toBe(true);
      const all = await deps.eventStore.readAll();
      expect(JSON.stringify(all)).not.toContain(STRONG);
    });

    it('refuses a weak initial password and reserves nothing', async () => {
      expect(await codeOf(provisionJan({ initialPassword: 'password1' }))).toBe(
        'BAD_USER_INPUT/FuzzyPolicyViolationInvalidPassword',
      );
      expect(await codeOf(provisionJan({ initialPassword: 'JanJansen!2024xyz' }))).toBe(
        'BAD_USER_INPUT/PasswordContainsUserName',
      );
      expect((await provisionJan()).userId).toBeTruthy();
    });

    it('refuses a helpdesk admin creating an admin, before reserving the name', async () => {
      expect(await codeOf(provisionJan({ roles: ['globalAdmin'] }, helpdeskId))).toBe(
        'FORBIDDEN/PrivilegedTarget',
      );
      expect((await provisionJan()).username).toBe('Jan@Contoso.com');
    });

    it('refuses malformed input', async () =>
      expect(
        await codeOf(
          handleProvisionUser(
            deps,
            { username: '', displayName: 'X', roles: ['king'] },
            asAdmin(adminId),
          ),
        ),
      ).toBe('BAD_USER_INPUT/InvalidUser'));
  });

  describe('managing a user', () => {
    it('updates, disables, enables and deletes', async () => {
      const { userId } = await provisionJan();
      expect(
        await handleUpdateUser(
          deps,
          userId,
          { displayName: 'J. Jansen', groups: ['hr'] },
          asAdmin(helpdeskId),
        ),
      ).toEqual({ userId, changed: true, status: 'active' });
      expect(await handleDisableUser(deps, userId, 'on leave', asAdmin(helpdeskId))).toEqual({
        userId,
        changed: true,
        status: 'disabled',
      });
      expect((await handleDisableUser(deps, userId, undefined, asAdmin(helpdeskId))).changed).toBe(
        false,
      );
      expect((await handleEnableUser(deps, userId, asAdmin(helpdeskId))).status).toBe('active');
      expect((await handleRequireReregistration(deps, userId, asAdmin(helpdeskId))).changed).toBe(
        true,
      );
      expect(
        (await handleRevokeSecurityInfo(deps, userId, undefined, asAdmin(helpdeskId))).changed,
      ).toBe(false);
      expect((await handleDeleteUser(deps, userId, asAdmin(adminId))).status).toBe('deleted');
      expect(await getUser(deps, 'contoso', userId)).toBeNull();
      const types = (await deps.eventStore.readStream(`user-${userId}`)).map((e) => e.type);
      expect(types).toEqual([
        'UserProvisioned',
        'UserUpdated',
        'UserDisabled',
        'UserEnabled',
        'ReregistrationRequired',
        'UserDeleted',
      ]);
    });

    it('refuses a helpdesk admin acting on a global admin', async () =>
      expect(await codeOf(handleDisableUser(deps, adminId, undefined, asAdmin(helpdeskId)))).toBe(
        'FORBIDDEN/PrivilegedTarget',
      ));

    it('refuses an ordinary user acting as an admin', async () => {
      const { userId } = await provisionJan();
      expect(
        await codeOf(
          handleDisableUser(deps, helpdeskId, undefined, {
            ...asAdmin(userId),
            actor: { kind: 'user', id: userId },
          }),
        ),
      ).toBe('FORBIDDEN/NotAnAdmin');
    });

    it('answers a user of another tenant as not found, and changes nothing', async () => {
      const { userId } = await provisionJan();
      await handleCreateTenant(
        deps,
        { tenantId: 'fabrikam', name: 'Fabrikam', tier: 'basic' },
        system('fabrikam'),
      );
      const fabrikamAdmin = await handleProvisionUser(
        deps,
        { username: 'boss@fabrikam.com', displayName: 'Boss', roles: ['globalAdmin'] },
        system('fabrikam'),
      );
      expect(
        await codeOf(
          handleDisableUser(deps, userId, undefined, asAdmin(fabrikamAdmin.userId, 'fabrikam')),
        ),
      ).toBe('NOT_FOUND/UserNotFound');
      expect(await getUser(deps, 'fabrikam', userId)).toBeNull();
      expect((await getUser(deps, 'contoso', userId))?.status).toBe('active');
    });

    it('answers an unknown user as not found', async () =>
      expect(await codeOf(handleEnableUser(deps, 'no-such-user', asAdmin(adminId)))).toBe(
        'NOT_FOUND/UserNotFound',
      ));
  });
});
