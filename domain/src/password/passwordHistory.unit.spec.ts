import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import type { PasswordHasher } from '../core/ports.js';
import { assertPasswordNotReused, hashesToCompare, isReusedPassword } from './passwordHistory.js';
import { parsePasswordPolicy } from './passwordPolicy.js';

// The domain only sees the PasswordHasher port; argon2id itself is tested in adapters.
// This stand-in hashes for real (SHA-256), so a wrong comparison would fail the tests.
const hasher: Pick<PasswordHasher, 'verify'> & { hash(secret: string): string } = {
  hash: (secret) => createHash('sha256').update(secret).digest('hex'),
  async verify(hash, secret) {
    return hash === this.hash(secret);
  },
};

// Newest first: the current password, then older ones.
const history = ['current-pass-phrase', 'older-pass-phrase', 'oldest-pass-phrase'].map((p) =>
  hasher.hash(p),
);

describe('password history', () => {
  describe("given Entra's default depth of 1", () => {
    const policy = parsePasswordPolicy({});
    it('when the new password is the current one, then it is reused', async () => {
      expect(await isReusedPassword(hasher, 'current-pass-phrase', history, policy)).toBe(true);
    });
    it('when it is an older one beyond the depth, then it is allowed', async () => {
      expect(await isReusedPassword(hasher, 'older-pass-phrase', history, policy)).toBe(false);
    });
    it('compares only the newest hash', () => {
      expect(hashesToCompare(history, policy)).toEqual(history.slice(0, 1));
    });
  });

  describe('given a depth of 3', () => {
    const policy = parsePasswordPolicy({ historyDepth: 3 });
    it('when the new password is the oldest remembered one, then it is reused', async () => {
      expect(await isReusedPassword(hasher, 'oldest-pass-phrase', history, policy)).toBe(true);
    });
    it('when it is new, then it is allowed', async () => {
      expect(await isReusedPassword(hasher, 'brand-new-phrase', history, policy)).toBe(false);
    });
    it('when asserting a reused one, then PasswordReused is thrown without the password', async () => {
      const attempt = assertPasswordNotReused(hasher, 'older-pass-phrase', history, policy);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({
        reason: 'PasswordReused',
        message: 'The new password must differ from your last 3 passwords',
      });
    });
    it('when asserting a new one, then it resolves', async () => {
      await expect(
        assertPasswordNotReused(hasher, 'brand-new-phrase', history, policy),
      ).resolves.toBeUndefined();
    });
  });

  describe('given no history (first password)', () => {
    it('then nothing is reused', async () => {
      expect(await isReusedPassword(hasher, 'anything-at-all', [], parsePasswordPolicy({}))).toBe(
        false,
      );
    });
  });
});
