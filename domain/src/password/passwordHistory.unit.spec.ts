import { Argon2PasswordHasher } from '@resetline/adapters';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import type { PasswordHasher } from '../core/ports.js';
import { assertPasswordNotReused, hashesToCompare, isReusedPassword } from './passwordHistory.js';
import { parsePasswordPolicy } from './passwordPolicy.js';

// Real argon2id at cheap parameters: the history logic is what is tested here, the OWASP
// parameters are tested in adapters.
const CHEAP = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const hasher = new Argon2PasswordHasher(CHEAP);
const ada = { tenantId: 'contoso', userId: 'ada' };

/** Counts the argon2 verifies the history check makes, through the real hasher. */
const counting = (real: PasswordHasher) => {
  const calls = { verify: 0 };
  const wrapped: Pick<PasswordHasher, 'compare' | 'verify'> = {
    compare: (fresh, stored) => real.compare(fresh, stored),
    verify: (hash, secret) => {
      calls.verify += 1;
      return real.verify(hash, secret);
    },
  };
  return { hasher: wrapped, calls };
};

const candidate = async (normalized: string) => ({
  normalized,
  hash: await hasher.hashForUser(normalized, ada),
});

// Newest first: the current password, then older ones.
const passwords = ['current-pass-phrase', 'older-pass-phrase', 'oldest-pass-phrase'];
const derivedHistory = await Promise.all(passwords.map((p) => hasher.hashForUser(p, ada)));
const legacyHistory = await Promise.all(passwords.map((p) => hasher.hash(p)));

describe('password history', () => {
  describe.each([
    ['derived-salt', derivedHistory],
    ['legacy random-salt', legacyHistory],
  ])('given a %s history', (_, history) => {
    describe("and Entra's default depth of 1", () => {
      const policy = parsePasswordPolicy({});
      it('when the new password is the current one, then it is reused', async () => {
        expect(
          await isReusedPassword(hasher, await candidate(passwords[0]!), history, policy),
        ).toBe(true);
      });
      it('when it is an older one beyond the depth, then it is allowed', async () => {
        expect(
          await isReusedPassword(hasher, await candidate(passwords[1]!), history, policy),
        ).toBe(false);
      });
      it('compares only the newest hash', () => {
        expect(hashesToCompare(history, policy)).toEqual(history.slice(0, 1));
      });
    });

    describe('and a depth of 3', () => {
      const policy = parsePasswordPolicy({ historyDepth: 3 });
      it('when the new password is the oldest remembered one, then it is reused', async () => {
        expect(
          await isReusedPassword(hasher, await candidate(passwords[2]!), history, policy),
        ).toBe(true);
      });
      it('when it is new, then it is allowed', async () => {
        expect(
          await isReusedPassword(hasher, await candidate('brand-new-phrase'), history, policy),
        ).toBe(false);
      });
      it('when asserting a reused one, then PasswordReused is thrown without the password', async () => {
        const attempt = assertPasswordNotReused(
          hasher,
          await candidate('older-pass-phrase'),
          history,
          policy,
        );
        await expect(attempt).rejects.toBeInstanceOf(ValidationError);
        await expect(attempt).rejects.toMatchObject({
          reason: 'PasswordReused',
          message: 'The new password must differ from your last 3 passwords',
        });
      });
      it('when asserting a new one, then it resolves', async () => {
        await expect(
          assertPasswordNotReused(hasher, await candidate('brand-new-phrase'), history, policy),
        ).resolves.toBeUndefined();
      });
    });
  });

  describe('given a depth of 3 over derived-salt hashes', () => {
    const policy = parsePasswordPolicy({ historyDepth: 3 });
    it('decides without a single verify, reused or not', async () => {
      const { hasher: probe, calls } = counting(hasher);

      expect(
        await isReusedPassword(probe, await candidate('brand-new'), derivedHistory, policy),
      ).toBe(false);
      expect(
        await isReusedPassword(probe, await candidate(passwords[2]!), derivedHistory, policy),
      ).toBe(true);
      expect(calls.verify).toBe(0);
    });
  });

  describe('given a mixed history (current derived, older ones legacy)', () => {
    const policy = parsePasswordPolicy({ historyDepth: 3 });
    const mixed = [derivedHistory[0]!, legacyHistory[1]!, legacyHistory[2]!];
    it('verifies only the legacy entries, and finds reuse among them', async () => {
      const { hasher: probe, calls } = counting(hasher);

      expect(await isReusedPassword(probe, await candidate(passwords[2]!), mixed, policy)).toBe(
        true,
      );
      expect(calls.verify).toBe(2);
    });
    it('needs no verify when the derived entry matches', async () => {
      const { hasher: probe, calls } = counting(hasher);

      expect(await isReusedPassword(probe, await candidate(passwords[0]!), mixed, policy)).toBe(
        true,
      );
      expect(calls.verify).toBe(0);
    });
  });

  describe('given a legacy current hash whose clear value was just verified', () => {
    const policy = parsePasswordPolicy({});
    const verified = { hash: legacyHistory[0]!, normalized: passwords[0]! };
    it('refuses it again without a verify', async () => {
      const { hasher: probe, calls } = counting(hasher);

      const reused = await candidate(passwords[0]!);
      expect(await isReusedPassword(probe, reused, legacyHistory, policy, verified)).toBe(true);
      const fresh = await candidate('brand-new');
      expect(await isReusedPassword(probe, fresh, legacyHistory, policy, verified)).toBe(false);
      expect(calls.verify).toBe(0);
    });
  });

  describe('given a hash made under another salt key (a rotated server key)', () => {
    const policy = parsePasswordPolicy({});
    it('still finds reuse, through verify', async () => {
      const otherKey = new Argon2PasswordHasher(CHEAP);
      const { hasher: probe, calls } = counting(hasher);
      const history = [await otherKey.hashForUser(passwords[0]!, ada)];

      expect(await isReusedPassword(probe, await candidate(passwords[0]!), history, policy)).toBe(
        true,
      );
      expect(calls.verify).toBe(1);
    });
  });

  describe('given no history (first password)', () => {
    it('then nothing is reused', async () => {
      expect(
        await isReusedPassword(
          hasher,
          await candidate('anything-at-all'),
          [],
          parsePasswordPolicy({}),
        ),
      ).toBe(false);
    });
  });
});
