import { randomBytes } from 'node:crypto';
import {
  AesGcmSecretBox,
  Argon2PasswordHasher,
  cryptoRandom,
  HmacCodeHasher,
  OtpauthTotp,
  openSqliteEventStore,
  systemClock,
} from '@resetline/adapters';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResetlineError, ServiceDeps } from '../core/index.js';
import { handleChangePassword } from '../passwordChange/service.js';
import { at, T0 } from '../signIn/fixtures.js';
import { handleSignIn } from '../signIn/service.js';
import {
  requestAt,
  seedTenant,
  seedUser,
  storedEventsHoldNoSecret,
  type TenantSeed,
} from '../signIn/serviceFixtures.js';
import { userStreamId } from '../user/user.js';
import { handleAdminResetPassword, handleAdminUnlockAccount } from './service.js';

const PASSWORD = 'old correct horse battery';
let deps: ServiceDeps;

const setUp = async (tenant: TenantSeed = {}) => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: systemClock,
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher(),
    codeHasher: new HmacCodeHasher(randomBytes(32)),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
    totp: new OtpauthTotp(),
  };
  await seedTenant(deps, tenant);
  await seedTenant(deps, { tenantId: 'fabrikam' });
  return {
    grace: await seedUser(deps, {
      username: 'grace.hopper@contoso.com',
      password: PASSWORD,
      roles: ['globalAdmin'],
    }),
    hal: await seedUser(deps, {
      username: 'hal.desk@contoso.com',
      password: PASSWORD,
      roles: ['passwordAdmin'],
    }),
    ada: await seedUser(deps, { username: 'ada.lovelace@contoso.com', password: PASSWORD }),
    other: await seedUser(deps, {
      username: 'olga.other@fabrikam.com',
      password: PASSWORD,
      tenantId: 'fabrikam',
    }),
  };
};
afterEach(() => deps.eventStore.close());

const asAdmin = (userId: string, seconds = 0, tenantId = 'contoso') =>
  requestAt(at(T0, seconds), tenantId, { kind: 'admin', id: userId });
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a refusal'),
    (error: ResetlineError) => ({ code: error.code, reason: error.reason }),
  );
const lastEvent = async (userId: string) =>
  (await deps.eventStore.readStream(userStreamId(userId))).at(-1);

describe('admin reset service (SQLite, argon2id)', () => {
  it('sends a reset invitation by default and returns no password', async () => {
    const { hal, ada } = await setUp();

    const result = await handleAdminResetPassword(deps, { userId: ada }, asAdmin(hal));

    expect(result).toEqual({ userId: ada, mode: 'invitationSent' });
    expect(await lastEvent(ada)).toMatchObject({
      type: 'AdminResetRequested',
      metadata: { actor: { kind: 'admin', id: hal } },
    });
    await expect(
      handleSignIn(
        deps,
        { username: 'ada.lovelace@contoso.com', password: PASSWORD },
        asAdmin(ada, 1),
      ),
    ).resolves.toMatchObject({ userId: ada });
  });

  it('returns a one-time temporary password once when the tenant opts in; the user must change it', async () => {
    const { grace, ada } = await setUp({ sspr: { adminTemporaryPassword: true } });

    const result = await handleAdminResetPassword(deps, { userId: ada }, asAdmin(grace));
    const temporary = result.temporaryPassword!;

    expect(result.mode).toBe('temporaryPassword');
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    const signedIn = await handleSignIn(
      deps,
      { username: 'ada.lovelace@contoso.com', password: temporary },
      requestAt(at(T0, 1)),
    );
    expect(signedIn.mustChangePassword).toBe(true);
    await handleChangePassword(
      deps,
      {
        username: 'ada.lovelace@contoso.com',
        currentPassword: temporary,
        newPassword: 'Lighthouse keeper 1843 tide',
      },
      requestAt(at(T0, 2)),
    );
    const after = await handleSignIn(
      deps,
      { username: 'ada.lovelace@contoso.com', password: 'Lighthouse keeper 1843 tide' },
      requestAt(at(T0, 3)),
    );
    expect(after.mustChangePassword).toBe(false);
    await storedEventsHoldNoSecret(deps, [temporary, 'Lighthouse keeper 1843 tide']);
  });

  it('hashes the temporary password for the user, and refuses keeping it', async () => {
    const { grace, ada } = await setUp({ sspr: { adminTemporaryPassword: true } });
    const { temporaryPassword } = await handleAdminResetPassword(
      deps,
      { userId: ada },
      asAdmin(grace),
    );
    const stored = (await deps.eventStore.readStream(userStreamId(ada))).find(
      (e) => e.type === 'PasswordResetByAdmin',
    )?.data['hash'];
    const owner = { tenantId: 'contoso', userId: ada };
    const probe = await deps.passwordHasher.hashForUser(temporaryPassword!, owner);

    expect(deps.passwordHasher.compare(probe, String(stored))).toBe('equal');
    const keep = handleChangePassword(
      deps,
      {
        username: 'ada.lovelace@contoso.com',
        currentPassword: temporaryPassword!,
        newPassword: temporaryPassword!,
      },
      requestAt(at(T0, 1)),
    );
    await expect(keep).rejects.toMatchObject({ reason: 'PasswordReused' });
  });

  it('refuses a helpdesk admin on another admin, an admin on themselves, and anyone across tenants', async () => {
    const { grace, hal, ada, other } = await setUp();

    expect(await refusal(handleAdminResetPassword(deps, { userId: grace }, asAdmin(hal)))).toEqual({
      code: 'FORBIDDEN',
      reason: 'PrivilegedTarget',
    });
    expect(
      await refusal(handleAdminResetPassword(deps, { userId: grace }, asAdmin(grace))),
    ).toEqual({ code: 'FORBIDDEN', reason: 'OwnPassword' });
    expect(
      await refusal(handleAdminResetPassword(deps, { userId: other }, asAdmin(grace))),
    ).toEqual({ code: 'NOT_FOUND', reason: 'UnknownUser' });
    expect(await refusal(handleAdminResetPassword(deps, { userId: ada }, asAdmin(ada)))).toEqual({
      code: 'FORBIDDEN',
      reason: 'NotPasswordAdmin',
    });
    expect(
      await refusal(handleAdminResetPassword(deps, { userId: ada }, asAdmin(grace, 0, 'fabrikam'))),
    ).toEqual({
      code: 'FORBIDDEN',
      reason: 'NotPasswordAdmin',
    });
    expect((await lastEvent(grace))?.type).toBe('InitialPasswordSet');
  });

  it('unlocks a locked account so the user can sign in at once', async () => {
    const { hal, ada } = await setUp();
    for (let i = 0; i < 10; i++) {
      await refusal(
        handleSignIn(
          deps,
          { username: 'ada.lovelace@contoso.com', password: `guess ${i}` },
          requestAt(at(T0, i)),
        ),
      );
    }
    expect(
      await refusal(
        handleSignIn(
          deps,
          { username: 'ada.lovelace@contoso.com', password: PASSWORD },
          requestAt(at(T0, 20)),
        ),
      ),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });

    await handleAdminUnlockAccount(deps, { userId: ada }, asAdmin(hal, 21));

    expect(await lastEvent(ada)).toMatchObject({ type: 'AccountUnlocked', data: { by: 'admin' } });
    await expect(
      handleSignIn(
        deps,
        { username: 'ada.lovelace@contoso.com', password: PASSWORD },
        requestAt(at(T0, 22)),
      ),
    ).resolves.toMatchObject({ userId: ada });
  });
});
