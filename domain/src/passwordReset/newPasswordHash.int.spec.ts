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
import type { PasswordPolicyInput } from '../password/index.js';
import { at, T0 } from '../signIn/fixtures.js';
import { handleSignIn } from '../signIn/service.js';
import {
  countingHasher,
  requestAt,
  seedTenant,
  seedUser,
  storedEventsHoldNoSecret,
  type UserSeed,
} from '../signIn/serviceFixtures.js';
import { resetStreamId } from './passwordReset.js';
import {
  handleCompletePasswordReset,
  handleSendResetCode,
  handleStartPasswordReset,
  handleVerifyResetCode,
} from './service.js';

// One argon2id hash per reset: the new password is hashed for its owner (derived salt) and
// that hash is compared with the history; only hashes stored otherwise cost a verify each.
const CURRENT = 'old correct horse battery';
const NEW = 'Lighthouse keeper 1843 tide';
const FIRST = 'Quartz meadow 7719 lantern';
const SECOND = 'Velvet harbour 2026 compass';
const USERNAME = 'ada.lovelace@contoso.com';
let deps: ServiceDeps;

const setUp = async (password?: PasswordPolicyInput) => {
  deps = {
    eventStore: openSqliteEventStore({ path: ':memory:' }),
    clock: systemClock,
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher(),
    codeHasher: new HmacCodeHasher(randomBytes(32)),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
    totp: new OtpauthTotp(),
  };
  await seedTenant(deps, password ? { password } : {});
};
afterEach(() => deps.eventStore.close());

const meta = (seconds = 0) => requestAt(at(T0, seconds));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a refusal'),
    (error: ResetlineError) => ({ code: error.code, reason: error.reason }),
  );
const reused = { code: 'BAD_USER_INPUT', reason: 'PasswordReused' };

/** A flow for Ada past the email gate, started at `seconds`. */
const passEmailGate = async (seconds: number): Promise<string> => {
  const { flowId } = await handleStartPasswordReset(deps, { username: USERNAME }, meta(seconds));
  await handleSendResetCode(deps, { flowId, methodId: 'email' }, meta(seconds + 1));
  const sent = (await deps.eventStore.readStream(resetStreamId(flowId)))
    .filter((e) => e.type === 'ResetCodeSent')
    .at(-1);
  const code = deps.secretBox.open(String(sent?.data['sealedCode']));
  await handleVerifyResetCode(deps, { flowId, methodId: 'email', code }, meta(seconds + 2));
  return flowId;
};
const completeAt = (flowId: string, newPassword: string, seconds: number) =>
  handleCompletePasswordReset(deps, { flowId, newPassword }, meta(seconds));

/** Ada, past the email gate: the flow waits for a new password. Hashing is counted from here. */
const readyToComplete = async (seed: Partial<UserSeed> = {}) => {
  await seedUser(deps, { username: USERNAME, password: CURRENT, email: 'ada@gmail.com', ...seed });
  const flowId = await passEmailGate(0);
  const counter = countingHasher(deps.passwordHasher);
  deps = { ...deps, passwordHasher: counter.hasher };
  return { complete: (newPassword: string) => completeAt(flowId, newPassword, 3), counter };
};

describe('the new password of a reset (SQLite, argon2id at OWASP parameters)', () => {
  describe('given the default history depth of 1 and a current hash made for the user', () => {
    it('runs argon2id exactly once for a completed reset', async () => {
      await setUp();
      const { complete, counter } = await readyToComplete();

      await expect(complete(NEW)).resolves.toMatchObject({ status: 'completed' });

      expect(counter.runs).toEqual({ hash: 0, hashForUser: 1, verify: 0 });
      await expect(
        handleSignIn(deps, { username: USERNAME, password: NEW }, meta(4)),
      ).resolves.toMatchObject({ credentialVersion: expect.any(Number) });
      await storedEventsHoldNoSecret(deps, [CURRENT, NEW]);
    });

    it('refuses the current password with PasswordReused, by comparison alone', async () => {
      await setUp();
      const { complete, counter } = await readyToComplete();

      expect(await refusal(complete(CURRENT))).toEqual(reused);

      expect(counter.runs).toEqual({ hash: 0, hashForUser: 1, verify: 0 });
    });
  });

  describe('given a current hash stored with a random salt (before derived salts)', () => {
    it('refuses the current password with PasswordReused, verifying that one hash', async () => {
      await setUp();
      const { complete, counter } = await readyToComplete({ passwordSalt: 'random' });

      expect(await refusal(complete(CURRENT))).toEqual(reused);

      expect(counter.runs).toEqual({ hash: 0, hashForUser: 1, verify: 1 });
    });

    it('accepts a new password, and the next reset needs no verify', async () => {
      await setUp();
      const first = await readyToComplete({ passwordSalt: 'random' });
      await expect(first.complete(NEW)).resolves.toMatchObject({ status: 'completed' });

      const flowId = await passEmailGate(10);
      const before = first.counter.total();
      expect(await refusal(completeAt(flowId, NEW, 13))).toEqual(reused);

      expect(first.counter.total() - before).toBe(1);
    });
  });

  describe('given a depth of 3 over a mixed history', () => {
    // Newest first: CURRENT (derived), SECOND (derived), FIRST (random salt).
    const history: Partial<UserSeed> = {
      earlierPasswords: [
        [FIRST, 'random'],
        [SECOND, 'derived'],
      ],
    };

    it('refuses a derived-salt entry by comparison', async () => {
      await setUp({ historyDepth: 3 });
      const { complete, counter } = await readyToComplete(history);

      expect(await refusal(complete(SECOND))).toEqual(reused);

      expect(counter.runs).toEqual({ hash: 0, hashForUser: 1, verify: 0 });
    });

    it('refuses the random-salt entry through one verify', async () => {
      await setUp({ historyDepth: 3 });
      const { complete, counter } = await readyToComplete(history);

      expect(await refusal(complete(FIRST))).toEqual(reused);

      expect(counter.runs).toEqual({ hash: 0, hashForUser: 1, verify: 1 });
    });

    it('accepts a password outside the history', async () => {
      await setUp({ historyDepth: 3 });
      const { complete } = await readyToComplete(history);

      await expect(complete(NEW)).resolves.toMatchObject({ status: 'completed' });
      await storedEventsHoldNoSecret(deps, [CURRENT, NEW, FIRST, SECOND]);
    });
  });
});
