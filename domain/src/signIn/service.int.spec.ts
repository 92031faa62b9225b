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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResetlineError, ServiceDeps } from '../core/index.js';
import { unknownSignInsStreamId, userStreamId } from '../user/user.js';
import { at, T0 } from './fixtures.js';
import { handleSignIn } from './service.js';
import {
  requestAt,
  seedTenant,
  seedUser,
  storedEventsHoldNoSecret,
  TENANT_ID,
} from './serviceFixtures.js';

const PASSWORD = 'correct horse battery staple';
let deps: ServiceDeps;

beforeEach(async () => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: systemClock,
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher(),
    codeHasher: new HmacCodeHasher(randomBytes(32)),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
    totp: new OtpauthTotp(),
  };
  await seedTenant(deps);
});
afterEach(() => deps.eventStore.close());

const signIn = (username: string, password: string, now = T0) =>
  handleSignIn(deps, { username, password }, requestAt(now));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a refusal'),
    (error: ResetlineError) => ({ code: error.code, reason: error.reason, message: error.message }),
  );
const invalid = {
  code: 'UNAUTHENTICATED',
  reason: 'InvalidCredentials',
  message: 'The username or password is incorrect',
};
const typesOf = async (userId: string) =>
  (await deps.eventStore.readStream(userStreamId(userId))).map((e) => e.type);

describe('sign-in service (SQLite, argon2id, HMAC)', () => {
  it('signs in with the right password and returns the credential version', async () => {
    const userId = await seedUser(deps, {
      username: 'ada.lovelace@contoso.com',
      password: PASSWORD,
    });

    const result = await signIn('Ada.Lovelace@contoso.com', PASSWORD);

    // Provisioning starts at version 1; setting the initial password bumps it to 2.
    expect(result).toEqual({ userId, credentialVersion: 2, mustChangePassword: false });
    expect((await typesOf(userId)).at(-1)).toBe('SignInSucceeded');
  });

  it('answers a wrong password, an unknown user, a disabled and a locked account identically', async () => {
    await seedUser(deps, { username: 'ada.lovelace@contoso.com', password: PASSWORD });
    await seedUser(deps, { username: 'gone.user@contoso.com', password: PASSWORD, disabled: true });
    const locked = await seedUser(deps, { username: 'bob.locked@contoso.com', password: PASSWORD });
    for (let i = 0; i < 10; i++)
      await refusal(signIn('bob.locked@contoso.com', `wrong guess ${i}`));

    expect(await refusal(signIn('ada.lovelace@contoso.com', 'not the password'))).toEqual(invalid);
    expect(await refusal(signIn('nobody@contoso.com', PASSWORD))).toEqual(invalid);
    expect(await refusal(signIn('gone.user@contoso.com', PASSWORD))).toEqual(invalid);
    expect(await refusal(signIn('bob.locked@contoso.com', PASSWORD))).toEqual(invalid);
    expect((await typesOf(locked)).filter((t) => t === 'AccountLocked')).toHaveLength(1);
  });

  it("records a sign-in for an unknown name on the tenant's stream, like a known user's failure", async () => {
    const before = await deps.eventStore.headPosition();

    expect(await refusal(signIn('nobody@contoso.com', 'a typed guess'))).toEqual(invalid);

    const written = await deps.eventStore.readAll({ after: before });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      streamId: unknownSignInsStreamId(TENANT_ID),
      type: 'UnknownUserSignInFailed',
      data: { username: 'nobody@contoso.com' },
      metadata: { tenantId: TENANT_ID, ip: '203.0.113.7' },
    });
    expect(await storedEventsHoldNoSecret(deps, ['a typed guess'])).toBeGreaterThan(1);
  });

  it('locks at the 10th distinct wrong password and lets the right one in after the lockout', async () => {
    const userId = await seedUser(deps, {
      username: 'ada.lovelace@contoso.com',
      password: PASSWORD,
    });
    for (let i = 0; i < 10; i++)
      await refusal(signIn('ada.lovelace@contoso.com', `wrong guess ${i}`));

    expect(await refusal(signIn('ada.lovelace@contoso.com', PASSWORD, at(T0, 59)))).toEqual(
      invalid,
    );
    await expect(signIn('ada.lovelace@contoso.com', PASSWORD, at(T0, 61))).resolves.toMatchObject({
      userId,
    });
    const events = await deps.eventStore.readStream(userStreamId(userId));
    expect(events.find((e) => e.type === 'AccountLocked')?.data).toEqual({
      until: at(T0, 60).toISOString(),
      lockoutCount: 1,
    });
    expect(events.filter((e) => e.type === 'SignInFailed').at(-1)?.data).toMatchObject({
      reason: 'locked',
      counted: false,
    });
  });

  it('does not count the same wrong password twice', async () => {
    const userId = await seedUser(deps, {
      username: 'ada.lovelace@contoso.com',
      password: PASSWORD,
    });
    for (let i = 0; i < 12; i++) await refusal(signIn('ada.lovelace@contoso.com', 'Summer2024!'));

    const failures = (await deps.eventStore.readStream(userStreamId(userId))).filter(
      (e) => e.type === 'SignInFailed',
    );
    expect(failures.map((e) => e.data['counted'])).toEqual([true, ...Array(11).fill(false)]);
    expect(await typesOf(userId)).not.toContain('AccountLocked');
  });

  it('rehashes a password stored with outdated argon2 parameters, for the user (derived salt)', async () => {
    const weak = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const userId = await seedUser(
      { ...deps, passwordHasher: weak },
      { username: 'ada.lovelace@contoso.com', password: PASSWORD },
    );

    await signIn('ada.lovelace@contoso.com', PASSWORD);

    const rehashed = (await deps.eventStore.readStream(userStreamId(userId))).find(
      (e) => e.type === 'PasswordRehashed',
    );
    const hash = String(rehashed?.data['hash']);
    expect(deps.passwordHasher.needsRehash(hash)).toBe(false);
    const probe = await deps.passwordHasher.hashForUser(PASSWORD, { tenantId: TENANT_ID, userId });
    expect(deps.passwordHasher.compare(probe, hash)).toBe('equal');
    await expect(signIn('ada.lovelace@contoso.com', PASSWORD)).resolves.toMatchObject({ userId });
  });

  it('stores no password in any event', async () => {
    await seedUser(deps, { username: 'ada.lovelace@contoso.com', password: PASSWORD });
    await signIn('ada.lovelace@contoso.com', PASSWORD);
    await refusal(signIn('ada.lovelace@contoso.com', 'my secret guess'));

    expect(await storedEventsHoldNoSecret(deps, [PASSWORD, 'my secret guess'])).toBeGreaterThan(5);
  });
});
