import { randomBytes } from 'node:crypto';
import {
  AesGcmSecretBox,
  Argon2PasswordHasher,
  cryptoRandom,
  HmacCodeHasher,
  OtpauthTotp,
  openSqliteEventStore,
  systemClock,
  TenantDirectoryWriteback,
} from '@resetline/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResetlineError, ServiceDeps } from '../core/index.js';
import { at, T0 } from '../signIn/fixtures.js';
import { handleSignIn } from '../signIn/service.js';
import {
  countingHasher,
  requestAt,
  seedTenant,
  seedUser,
  storedEventsHoldNoSecret,
  type TenantSeed,
} from '../signIn/serviceFixtures.js';
import { userStreamId } from '../user/user.js';
import { handleChangePassword } from './service.js';

const CURRENT = 'old correct horse battery';
const NEW = 'Lighthouse keeper 1843 tide';
const OLDER = 'Quartz meadow 7719 lantern';
let deps: ServiceDeps;

/** A real LDAP writeback aimed at a port nobody listens on: the directory is unreachable. */
const unreachableDirectory = new TenantDirectoryWriteback(async () => ({
  kind: 'openldap',
  url: 'ldap://127.0.0.1:1',
  bindDn: 'cn=resetline,dc=example,dc=org',
  bindPassword: 'service-secret',
  baseDn: 'dc=example,dc=org',
  timeoutMs: 1_000,
}));

const setUpTenant = async (tenant: TenantSeed = { sspr: { writebackEnabled: true } }) => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: systemClock,
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher(),
    codeHasher: new HmacCodeHasher(randomBytes(32)),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
    totp: new OtpauthTotp(),
    writebackFor: async () => unreachableDirectory,
  };
  await seedTenant(deps, tenant);
};
beforeEach(() => setUpTenant());
afterEach(() => deps.eventStore.close());

const change = (
  currentPassword: string,
  newPassword: string,
  seconds = 0,
  username = 'ada.lovelace@contoso.com',
) =>
  handleChangePassword(
    deps,
    { username, currentPassword, newPassword },
    requestAt(at(T0, seconds)),
  );
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a refusal'),
    (error: ResetlineError) => ({ code: error.code, reason: error.reason }),
  );
const userEvents = async (userId: string) => deps.eventStore.readStream(userStreamId(userId));
const invalid = { code: 'UNAUTHENTICATED', reason: 'InvalidCredentials' };
const reused = { code: 'BAD_USER_INPUT', reason: 'PasswordReused' };

describe('change password service (SQLite, argon2id)', () => {
  it('changes the password, bumps the credential version and voids the old password', async () => {
    const userId = await seedUser(deps, {
      username: 'ada.lovelace@contoso.com',
      password: CURRENT,
    });
    const before = await handleSignIn(
      deps,
      { username: 'ada.lovelace@contoso.com', password: CURRENT },
      requestAt(T0),
    );

    const result = await change(CURRENT, NEW, 1);

    expect(result.credentialVersion).toBe(before.credentialVersion + 1);
    await expect(
      handleSignIn(
        deps,
        { username: 'ada.lovelace@contoso.com', password: NEW },
        requestAt(at(T0, 2)),
      ),
    ).resolves.toMatchObject({ userId });
    expect(
      await refusal(
        handleSignIn(
          deps,
          { username: 'ada.lovelace@contoso.com', password: CURRENT },
          requestAt(at(T0, 3)),
        ),
      ),
    ).toEqual(invalid);
    await storedEventsHoldNoSecret(deps, [CURRENT, NEW]);
  });

  it('counts a wrong current password toward lockout, then refuses even the right one', async () => {
    const userId = await seedUser(deps, {
      username: 'ada.lovelace@contoso.com',
      password: CURRENT,
    });
    for (let i = 0; i < 10; i++)
      expect(await refusal(change(`wrong ${i}`, NEW, i))).toEqual(invalid);

    expect(await refusal(change(CURRENT, NEW, 20))).toEqual(invalid);
    const types = (await userEvents(userId)).map((e) => e.type);
    expect(types.filter((t) => t === 'PasswordChangeFailed')).toHaveLength(11);
    expect(types).toContain('AccountLocked');
    expect(types).not.toContain('PasswordChanged');
  });

  it('answers an unknown user like a wrong password', async () => {
    expect(await refusal(change(CURRENT, NEW, 0, 'nobody@contoso.com'))).toEqual(invalid);
  });

  it('refuses a weak new password and the current one, recording why', async () => {
    const userId = await seedUser(deps, {
      username: 'ada.lovelace@contoso.com',
      password: CURRENT,
    });

    expect(await refusal(change(CURRENT, 'password1'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'FuzzyPolicyViolationInvalidPassword',
    });
    expect(await refusal(change(CURRENT, CURRENT))).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'PasswordReused',
    });
    const failed = (await userEvents(userId))
      .filter((e) => e.type === 'PasswordChangeFailed')
      .map((e) => e.data['reason']);
    expect(failed).toEqual(['FuzzyPolicyViolationInvalidPassword', 'PasswordReused']);
  });

  it('changes nothing when the directory of a synced user cannot be reached', async () => {
    const userId = await seedUser(deps, {
      username: 'syn.ced@contoso.com',
      password: CURRENT,
      source: 'synced',
    });

    const error = await change(CURRENT, NEW, 0, 'syn.ced@contoso.com').catch(
      (e: ResetlineError) => e,
    );

    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'WritebackFailed',
      details: { directoryReason: 'DirectoryUnreachable' },
    });
    expect(String((error as Error).message)).not.toContain(NEW);
    expect((await userEvents(userId)).map((e) => e.type)).not.toContain('PasswordChanged');
    await expect(
      handleSignIn(
        deps,
        { username: 'syn.ced@contoso.com', password: CURRENT },
        requestAt(at(T0, 1)),
      ),
    ).resolves.toMatchObject({ userId });
  });

  describe('argon2id runs (counted through the real hasher)', () => {
    const counted = () => {
      const counter = countingHasher(deps.passwordHasher);
      deps = { ...deps, passwordHasher: counter.hasher };
      return counter;
    };

    it('costs two: the current password verified, the new one hashed for the user', async () => {
      await seedUser(deps, { username: 'ada.lovelace@contoso.com', password: CURRENT });
      const counter = counted();

      await change(CURRENT, NEW);
      expect(await refusal(change(NEW, NEW, 1))).toEqual(reused);

      expect(counter.runs).toEqual({ hash: 0, hashForUser: 2, verify: 2 });
    });

    it('refuses a current password stored with a random salt without verifying it twice', async () => {
      await seedUser(deps, {
        username: 'ada.lovelace@contoso.com',
        password: CURRENT,
        passwordSalt: 'random',
      });
      const counter = counted();

      expect(await refusal(change(CURRENT, CURRENT))).toEqual(reused);

      expect(counter.runs).toEqual({ hash: 0, hashForUser: 1, verify: 1 });
    });

    it('refuses an older random-salt password within the depth with one verify more', async () => {
      await setUpTenant({ password: { historyDepth: 2 } });
      await seedUser(deps, {
        username: 'ada.lovelace@contoso.com',
        earlierPasswords: [[OLDER, 'random']],
        password: CURRENT,
      });
      const counter = counted();

      expect(await refusal(change(CURRENT, OLDER))).toEqual(reused);

      expect(counter.runs).toEqual({ hash: 0, hashForUser: 1, verify: 2 });
      await storedEventsHoldNoSecret(deps, [CURRENT, OLDER]);
    });
  });
});
