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
