import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hash as argon2Hash } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';
import { ValidationError } from '@resetline/domain';
import {
  Argon2PasswordHasher,
  MAX_PASSWORD_INPUT_LENGTH,
  OWASP_ARGON2ID,
} from './argon2PasswordHasher.js';

const hasher = new Argon2PasswordHasher();
const ARGON2I = 1 as Algorithm;

describe('Argon2PasswordHasher', () => {
  it('hashes with argon2id and the OWASP parameters in the PHC string', async () => {
    const hash = await hasher.hash('correct horse battery staple');

    expect(hash).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(hash).not.toContain('correct horse');
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('Tr0ub4dor&3 é 🔑');

    expect(await hasher.verify(hash, 'Tr0ub4dor&3 é 🔑')).toBe(true);
    expect(await hasher.verify(hash, 'Tr0ub4dor&3 é 🔒')).toBe(false);
  });

  it('salts every hash, so one password gives two different hashes', async () => {
    const [first, second] = await Promise.all([hasher.hash('same'), hasher.hash('same')]);

    expect(first).not.toBe(second);
  });

  it('accepts input at the length limit and refuses longer input before hashing', async () => {
    const atLimit = 'a'.repeat(MAX_PASSWORD_INPUT_LENGTH);
    const overLimit = `${atLimit}b`;

    expect(await hasher.verify(await hasher.hash(atLimit), atLimit)).toBe(true);
    const refusal = await hasher.hash(overLimit).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PasswordInputTooLong' });
    expect((refusal as Error).message).not.toContain(atLimit.slice(0, 16));
  });

  it('does not match over-long input against a hash of its first 1024 characters', async () => {
    const atLimit = 'x'.repeat(MAX_PASSWORD_INPUT_LENGTH);
    const hash = await hasher.hash(atLimit);

    expect(await hasher.verify(hash, `${atLimit}x`)).toBe(false);
  });

  it('answers false, not an exception, for a malformed or foreign hash', async () => {
    for (const malformed of [
      '',
      'garbage',
      '$argon2id$v=19$m=19456',
      '$2b$10$abcdefghijklmnopqrstuv',
    ]) {
      expect(await hasher.verify(malformed, 'password')).toBe(false);
    }
  });

  describe('hashForUser', () => {
    const key = randomBytes(32);
    const keyed = new Argon2PasswordHasher(OWASP_ARGON2ID, key);
    const ada = { tenantId: 'contoso', userId: 'ada' };
    const saltOf = (phc: string) => phc.split('$')[4];

    it('gives the same hash for the same password of the same user, across instances', async () => {
      const first = await keyed.hashForUser('correct horse', ada);
      const restarted = await new Argon2PasswordHasher(OWASP_ARGON2ID, key).hashForUser(
        'correct horse',
        ada,
      );

      expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$/);
      expect(restarted).toBe(first);
      expect(keyed.compare(first, restarted)).toBe('equal');
      expect(await keyed.verify(first, 'correct horse')).toBe(true);
      expect(keyed.needsRehash(first)).toBe(false);
    });

    it('gives different users, tenants and keys different salts for the same password', async () => {
      const hashes = await Promise.all([
        keyed.hashForUser('correct horse', ada),
        keyed.hashForUser('correct horse', { tenantId: 'contoso', userId: 'bob' }),
        keyed.hashForUser('correct horse', { tenantId: 'fabrikam', userId: 'ada' }),
        // The ids are kept apart: no concatenation of one pair spells another.
        keyed.hashForUser('correct horse', { tenantId: 'contosoa', userId: 'da' }),
        new Argon2PasswordHasher(OWASP_ARGON2ID, randomBytes(32)).hashForUser('correct horse', ada),
      ]);

      expect(new Set(hashes.map(saltOf)).size).toBe(hashes.length);
      expect(keyed.compare(hashes[0]!, hashes[1]!)).toBe('incomparable');
    });

    it('tells another password of the same user apart without hashing it again', async () => {
      const [current, other] = await Promise.all([
        keyed.hashForUser('correct horse', ada),
        keyed.hashForUser('correct horsf', ada),
      ]);

      expect(saltOf(other)).toBe(saltOf(current));
      expect(keyed.compare(other, current)).toBe('different');
    });

    it('calls a random-salt hash or one with other parameters incomparable, and verify still decides', async () => {
      const fresh = await keyed.hashForUser('correct horse', ada);
      const legacy = await keyed.hash('correct horse');
      const cheap = new Argon2PasswordHasher(
        { memoryCost: 1024, timeCost: 1, parallelism: 1 },
        key,
      );
      const otherParameters = await cheap.hashForUser('correct horse', ada);

      expect(saltOf(otherParameters)).toBe(saltOf(fresh));
      expect(keyed.compare(fresh, legacy)).toBe('incomparable');
      expect(keyed.compare(fresh, otherParameters)).toBe('incomparable');
      expect(await keyed.verify(legacy, 'correct horse')).toBe(true);
      expect(await keyed.verify(otherParameters, 'correct horse')).toBe(true);
    });

    it('calls malformed stored hashes incomparable instead of throwing', async () => {
      const fresh = await keyed.hashForUser('p', ada);
      const settings = fresh.slice(0, fresh.lastIndexOf('$') + 1);

      for (const stored of ['', 'garbage', `${settings}short`, `${settings}${'é'.repeat(43)}`]) {
        expect(keyed.compare(fresh, stored)).toBe('incomparable');
      }
    });

    it('refuses over-long input before hashing', async () => {
      const refusal = await keyed
        .hashForUser('a'.repeat(MAX_PASSWORD_INPUT_LENGTH + 1), ada)
        .catch((error: unknown) => error);

      expect(refusal).toMatchObject({ reason: 'PasswordInputTooLong' });
    });

    it('refuses a salt key shorter than 256 bits', () => {
      expect(() => new Argon2PasswordHasher(OWASP_ARGON2ID, randomBytes(16))).toThrow(/32 bytes/);
    });
  });

  describe('needsRehash', () => {
    const cheap = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

    it('is true for a hash made with other parameters, which still verifies', async () => {
      const oldHash = await cheap.hash('legacy');

      expect(oldHash).toContain('$m=1024,t=1,p=1$');
      expect(hasher.needsRehash(oldHash)).toBe(true);
      expect(await hasher.verify(oldHash, 'legacy')).toBe(true);
    });

    it('is true when only one parameter differs', async () => {
      const moreTime = new Argon2PasswordHasher({ ...OWASP_ARGON2ID, timeCost: 3 });
      const hash = await hasher.hash('p');

      expect(moreTime.needsRehash(hash)).toBe(true);
      expect(cheap.needsRehash(await cheap.hash('p'))).toBe(false);
    });

    it('is true for another argon2 variant and for a malformed hash', async () => {
      const argon2i = await argon2Hash('p', { ...OWASP_ARGON2ID, algorithm: ARGON2I });

      expect(argon2i).toMatch(/^\$argon2i\$v=19\$m=19456,t=2,p=1\$/);
      expect(hasher.needsRehash(argon2i)).toBe(true);
      expect(hasher.needsRehash('not a hash')).toBe(true);
    });
  });
});
